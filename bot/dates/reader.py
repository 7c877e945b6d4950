"""The date reader every command uses: a date with an optional time, time range and zone, or a relative moment."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.dates.clock import _AT, _CLOCK, _ZONE_TOKEN, TimePhrase, _read_zone, read_clock, read_time_phrase
from bot.dates.days import DayReader
from bot.dates.when import DATE_EXAMPLES, When, _bad
from bot.dates.words import _UNITS, _month_end, _patterns, fold
from bot.errors import UsageError
from bot.i18n import N_
from storage.models import Precision


class DateReader(DayReader):
    """Reads dates relative to ``now`` in a given zone (the one reader every command uses)."""

    # -- public ------------------------------------------------------------
    def read(self, text: str, *, tz: str, now: datetime, prefer_future: bool = True) -> When:
        """Read ``text`` or raise ``UsageError`` naming what could not be read. Dates without a year are
        read in the future sense either way; ``prefer_future`` is kept for callers that say whether a
        date is to be saved (``Context.read_date`` then asks back past and far dates)."""
        original = " ".join(text.split()).strip(" .,")
        if not original:
            raise UsageError(N_("Please give a date."), examples=DATE_EXAMPLES, values={})
        zone = ZoneInfo(tz)
        today = now.astimezone(zone).date()
        t = " ".join(fold(original).split()).strip(" .,")
        if not _patterns()["relative"].match(t):  # "in a week" keeps its "in"
            t = re.sub(r"^(?:on|le|el|for|pour|para|in|en)\s+(?=[^\d\-−])", "", t)  # "on 14 May", "in May", "le 3 mars"
            t = re.sub(r"^(?:on|le|el)\s+(?=\d)", "", t)
        for word in re.findall(r"[a-z_]+/[a-z_/+\-0-9]+", t):  # a zone name that does not exist
            if _read_zone(word) is None:
                shown = re.search(re.escape(word), original, re.IGNORECASE)
                raise _bad(N_('I could not read "{part}" as a time zone.'), part=shown.group(0) if shown else word)
        # a time (range) and zone at the end, or straight after the date: "14 May at 15:00 CET", "demain à 10h"
        when = self._with_times(t, original, zone, now, today)
        if not (1900 <= when.start.year and when.end.year <= 2200):
            raise _bad(N_('"{part}" is too far away to be a date.'), part=original)
        return when

    # -- pieces ------------------------------------------------------------
    def _with_times(self, t: str, original: str, zone: ZoneInfo, now: datetime, today: date) -> When:
        # relative moments keep their seconds: "in 30 seconds", "in 1 minute", "dans 2 heures"
        rel = _patterns()["relative"].match(t)
        if rel:
            return self._relative(rel, original, zone, now, today)
        if t in ("now", "maintenant", "ahora"):
            at = now.astimezone(zone)
            return When(at.date(), at.date(), Precision.DAY, at=at, timezone=zone.key)
        # a date range with a time on each side: "30 June 10:00 - 2 July 16:00"
        both = re.match(rf"^(?P<a>.+?\d[^-–—]*?)\s+(?P<ta>{_CLOCK})\s*(?:-|–|—|to|until|au|al|hasta)\s+"
                        rf"(?P<b>.+?)\s+(?P<tb>{_CLOCK})(?:\s+(?P<zone>{_ZONE_TOKEN}))?$", t)
        if both and not read_time_phrase(both.group("b")):
            start_time, end_time = read_clock(both.group("ta")), read_clock(both.group("tb"))
            if start_time is not None and end_time is not None:
                days = self._dates(f"{both.group('a')} - {both.group('b')}", original, today)
                times = TimePhrase(start_time, end_time, *(_read_zone(both.group("zone")) or (None, ""))) \
                    if both.group("zone") else TimePhrase(start_time, end_time)
                if both.group("zone") and times.zone is None:
                    raise _bad(N_('I could not read "{part}" as a time zone.'), part=both.group("zone"))
                return self._attach(days, times, zone, original, end_on_last_day=True)
        date_text, phrase = self._split_time(t)
        if phrase is None:
            return self._dates(date_text, original, today)
        if not date_text:
            day = today
            candidate = self._attach(When(day, day, Precision.DAY, timezone=zone.key), phrase, zone, original)
            if candidate.at is not None and candidate.at < now:  # "at 9:00" when it is 10:00: tomorrow
                day = today + timedelta(days=1)
                candidate = self._attach(When(day, day, Precision.DAY, timezone=zone.key), phrase, zone, original)
            return candidate
        days = self._dates(date_text, original, today)
        return self._attach(days, phrase, zone, original)

    def _split_time(self, t: str) -> tuple[str, TimePhrase | None]:
        """Cut a time phrase from the end (or the start) of ``t``."""
        words = t.split(" ")
        for size in range(min(len(words), 8), 0, -1):  # longest time phrase at the end
            tail = " ".join(words[-size:])
            head = " ".join(words[:-size]).strip(" ,")
            if not head and size == len(words):
                phrase = read_time_phrase(tail)
                if phrase:
                    return "", phrase
                continue
            # "14 May 3" is not a time; "14 May at 3" is
            phrase = read_time_phrase(tail)
            if phrase:
                if re.fullmatch(r"\d{1,2}(?:\s*[-–]\s*\d{1,2})?(?:\s+\S+)?", tail) and not re.match(_AT, tail):
                    continue
                return head, phrase
        for size in range(min(len(words) - 1, 6), 0, -1):  # "10:00 14 May", "9h demain"
            phrase = read_time_phrase(" ".join(words[:size]))
            if phrase and re.search(r"[:h]|am|pm|noon|mid|medi", words[0]):
                return " ".join(words[size:]), phrase
        return t, None

    def _attach(self, days: When, phrase: TimePhrase, zone: ZoneInfo, original: str,
                end_on_last_day: bool = False) -> When:
        if days.precision != Precision.DAY:
            raise _bad(N_('"{part}" names a whole month; give a day for a time.'), part=original)
        given_zone = phrase.zone or zone
        moved = ""

        def moment(day: date, at: time) -> datetime:
            nonlocal moved
            local = datetime.combine(day, at).replace(tzinfo=given_zone)
            # a local time that does not exist (clocks go forward) is read as the calendar feed shows it:
            # the same instant, shown in the zone's time after the change (02:30 → 03:30)
            instant = local.astimezone(UTC)
            back = instant.astimezone(given_zone)
            if back.replace(tzinfo=None) != local.replace(tzinfo=None):
                moved = "gap"
            return back

        start_at = moment(days.start, phrase.start)
        end_at = None
        if phrase.end is not None:
            end_day = days.end if end_on_last_day else days.start
            end_at = moment(end_day, phrase.end)
            if end_at <= start_at:
                raise _bad(N_('In "{whole}" the end comes before the start.'), whole=original)
        shown_zone = given_zone if isinstance(given_zone, ZoneInfo) else zone
        key = shown_zone.key
        start_at = start_at.astimezone(shown_zone)
        end_at = end_at.astimezone(shown_zone) if end_at else None
        local_start = start_at.date()
        end_day = end_at.date() if (end_at and end_on_last_day) else max(days.end, local_start)
        return When(local_start, end_day, Precision.DAY, at=start_at, timezone=key, end_at=end_at,
                    explicit_year=days.explicit_year, moved=moved)

    def _relative(self, rel: re.Match, original: str, zone: ZoneInfo, now: datetime, today: date) -> When:
        count = rel.group("n") or rel.group("n2")
        number = int(count) if re.fullmatch(r"-?\d+", count) else 1  # "in a week", "dans une heure"
        unit_word = rel.group("unit") or rel.group("unit2")
        unit = _UNITS.get(unit_word)
        if unit is None:
            raise _bad(N_('I could not read "{part}" as a date.'), part=original)
        if number <= 0:
            raise _bad(N_('"{part}" is not in the future.'), part=original)
        kind, factor = unit
        amount = number * factor
        if amount > 1_000_000:
            raise _bad(N_('"{part}" is too far away to be a date.'), part=original)
        if kind == "months":
            index = today.year * 12 + today.month - 1 + amount
            year, month = divmod(index, 12)
            if year > 9999:
                raise _bad(N_('"{part}" is too far away to be a date.'), part=original)
            day = min(today.day, _month_end(date(year, month + 1, 1)).day)
            found = date(year, month + 1, day)
            return When(found, found, Precision.DAY, timezone=zone.key, explicit_year=False)
        delta = timedelta(**{kind: amount})
        try:
            at = (now + delta).astimezone(zone)
        except (OverflowError, ValueError):
            raise _bad(N_('"{part}" is too far away to be a date.'), part=original) from None
        if kind == "days":
            return When(at.date(), at.date(), Precision.DAY, timezone=zone.key)
        return When(at.date(), at.date(), Precision.DAY, at=at, timezone=zone.key)
