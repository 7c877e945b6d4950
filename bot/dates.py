"""Reading dates and times people type, in English, French and Spanish, in their own time zone.

One reader for every command. A ``When`` is a day, a range of days (also across months), a
whole month ("September"), or a moment with a time ("next Friday 15:00", "14 May at 3pm CET",
"à 10h", "a las 9") in an IANA zone, optionally with an end time ("14:00-16:00").

The grammar is strict: the whole text must read as a date, or a ``UsageError`` says what could
not be read. Day and month names come from Babel for each language; forms the grammar does not
know are handed to dateparser, and refused unless dateparser reads all of them.

Dates without a year are read in the future sense ("May" asked in December is next May).
``check_sensible`` asks back (one line showing the reading) for a date in the past or more than
five years away where a future one is meant; the person confirms by repeating the command with
the word ``confirm`` (``confirmer``, ``confirmar``) after the date.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.dates import format_date, format_datetime, format_time, get_day_names, get_month_names

from bot.errors import UsageError
from bot.i18n import N_
from storage.models import Precision

LANGUAGES = ["en", "fr", "es"]
DATE_EXAMPLES = N_('"14 May", "14 May 2027", "next Friday", "2027-05-14", "September", "14-15 May 2027", '
                   '"Q1 2027", "end of June", "14 May at 15:00 CET"')
FAR_YEARS = 5  # a date further ahead than this is asked back before it is saved
CONFIRM_WORDS = ("confirm", "confirmed", "confirmer", "confirme", "confirmé", "confirmar", "confirmado")

_BABEL_LOCALES = {"en": "en", "fr": "fr", "es": "es"}


# ---------------------------------------------------------------------------
# words
def fold(text: str) -> str:
    """Lower case without accents; punctuation kept ("Mañana, 9h" → "manana, 9h")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _month_words() -> dict[str, int]:
    words: dict[str, int] = {}
    for lang in LANGUAGES:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, context, locale=_BABEL_LOCALES[lang]).items():
                    words.setdefault(fold(name).rstrip("."), number)
    words.update({"sept": 9, "sep": 9, "setiembre": 9, "juil": 7, "fev": 2, "janv": 1, "avr": 4})
    return words


_ENGLISH_DAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5,
                 "sun": 6}


@lru_cache(maxsize=1)
def _day_words() -> dict[str, int]:
    words = dict(_ENGLISH_DAYS)
    for lang in LANGUAGES:
        for number, name in get_day_names("wide", locale=_BABEL_LOCALES[lang]).items():
            words[fold(name)] = number
    return words


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    month = rf"(?P<month>{_alternation(_month_words())})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|re|e|eme|o|º|°)?"
    year = r"(?P<year>\d{4})"
    wd = rf"(?:(?P<weekday>{_alternation(_day_words())})[,.]?\s+)?"
    art = r"(?:(?:the|le|el|la)\s+)?"
    of = r"(?:\s+(?:of|de|del))?"
    return {
        # "14 May 2027", "Friday 14 May", "le 14 mai 2027", "14 de mayo de 2027", "1er mai", "the 14th of May"
        "dmy": re.compile(rf"^{wd}{art}{day}{of}\s+{month}(?:,?\s+(?:de\s+|del\s+)?{year})?$"),
        # "May 14, 2027", "Friday, May 14th"
        "mdy": re.compile(rf"^{wd}{month}\s+{day}(?:,?\s+{year})?$"),
        "iso": re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
        "numeric": re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<year>\d{4}|\d{2}))?$"),
        # "May", "May 2027", "mai 2027", "mayo de 2027", "in May"
        "month": re.compile(rf"^{month}(?:,?\s+(?:de\s+|del\s+)?{year})?$"),
        "bare_day": re.compile(rf"^{art}{day}$"),
        "weekday": re.compile(rf"^(?P<pre>(?:next|this|coming|on|ce|este|el|le|el\s+proximo|proximo)\s+)?"
                              rf"(?P<weekday>{_alternation(_day_words())})"
                              rf"(?P<post>\s+(?:prochain|qui\s+vient|que\s+viene|proximo))?$"),
        "nth_weekday": re.compile(rf"^(?:(?:the|le|la|el)\s+)?(?P<nth>{_alternation(_NTH)})\s+"
                                  rf"(?P<weekday>{_alternation(_day_words())})\s+(?:of|du|de|del|d')\s*"
                                  rf"(?:(?:the|this|ce|este)\s+)?(?:month|mois|mes|{month})"
                                  rf"(?:,?\s+(?:de\s+)?{year})?$"),
        "quarter": re.compile(r"^(?:q(?P<q>[1-4])|t(?P<t>[1-4])|(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th|"
                              r"premier|1er|deuxieme|second|2e|2eme|troisieme|3e|3eme|quatrieme|4e|4eme|"
                              r"primer|segundo|tercer|cuarto)\s+(?:quarter|trimestre))"
                              r"(?:,?\s+(?:of\s+|de\s+|del\s+)?(?P<year>\d{4}))?$"),
        "part_of_month": re.compile(rf"^(?P<part>(?:the\s+)?end\s+of|(?:the\s+)?middle\s+of|mid[- ]?|"
                                    rf"(?:la\s+)?fin\s+(?:de\s+|d')?|mi[- ]|(?:a\s+)?(?:finales|fines)\s+de|"
                                    rf"(?:a\s+)?mediados\s+de|(?:a\s+)?mitad\s+de)\s*{month}(?:,?\s+(?:de\s+|del\s+)?{year})?$"),
        "relative": re.compile(r"^(?:in|dans|en|d'ici)\s+(?P<n>-?\d+|an?|one|une?|una)\s+(?P<unit>[a-z]+)"
                               r"(?:\s+from\s+now)?$|"
                               r"^(?P<n2>-?\d+|an?|one)\s+(?P<unit2>[a-z]+)\s+from\s+now$"),
    }


_UNITS = {
    "seconds": ("seconds", 1), "second": ("seconds", 1), "secs": ("seconds", 1), "sec": ("seconds", 1),
    "secondes": ("seconds", 1), "seconde": ("seconds", 1), "segundos": ("seconds", 1), "segundo": ("seconds", 1),
    "s": ("seconds", 1),
    "minutes": ("minutes", 1), "minute": ("minutes", 1), "mins": ("minutes", 1), "min": ("minutes", 1),
    "minutos": ("minutes", 1), "minuto": ("minutes", 1), "m": ("minutes", 1),
    "hours": ("hours", 1), "hour": ("hours", 1), "hrs": ("hours", 1), "hr": ("hours", 1), "h": ("hours", 1),
    "heures": ("hours", 1), "heure": ("hours", 1), "horas": ("hours", 1), "hora": ("hours", 1),
    "days": ("days", 1), "day": ("days", 1), "jours": ("days", 1), "jour": ("days", 1), "dias": ("days", 1),
    "dia": ("days", 1), "d": ("days", 1),
    "weeks": ("days", 7), "week": ("days", 7), "semaines": ("days", 7), "semaine": ("days", 7),
    "semanas": ("days", 7), "semana": ("days", 7), "w": ("days", 7),
    "months": ("months", 1), "month": ("months", 1), "mois": ("months", 1), "meses": ("months", 1),
    "mes": ("months", 1),
    "years": ("months", 12), "year": ("months", 12), "ans": ("months", 12), "an": ("months", 12),
    "annees": ("months", 12), "annee": ("months", 12), "anos": ("months", 12), "ano": ("months", 12),
}

_RELATIVE_DAYS = {
    "today": 0, "tomorrow": 1, "yesterday": -1, "day after tomorrow": 2, "the day after tomorrow": 2,
    "aujourd'hui": 0, "aujourd hui": 0, "demain": 1, "hier": -1, "apres-demain": 2, "apres demain": 2,
    "avant-hier": -2, "hoy": 0, "manana": 1, "ayer": -1, "pasado manana": 2, "anteayer": -2,
    "tonight": 0, "ce soir": 0, "esta noche": 0, "now": 0, "maintenant": 0, "ahora": 0,
}
_WEEKS = {
    "this week": 0, "next week": 1, "last week": -1, "cette semaine": 0, "la semaine prochaine": 1,
    "semaine prochaine": 1, "la semaine derniere": -1, "esta semana": 0, "la semana que viene": 1,
    "la proxima semana": 1, "proxima semana": 1, "semana que viene": 1, "la semana pasada": -1,
}
_MONTHS_REL = {
    "this month": 0, "next month": 1, "last month": -1, "ce mois": 0, "ce mois-ci": 0, "le mois prochain": 1,
    "mois prochain": 1, "le mois dernier": -1, "este mes": 0, "el mes que viene": 1, "el proximo mes": 1,
    "mes que viene": 1, "proximo mes": 1, "el mes pasado": -1,
}
_END_OF_MONTH = ("end of the month", "end of month", "the end of the month", "fin du mois", "la fin du mois",
                 "fin de mes", "a fin de mes", "finales de mes", "a finales de mes")
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1,
        "premier": 1, "1er": 1, "deuxieme": 2, "troisieme": 3, "quatrieme": 4, "dernier": -1,
        "primer": 1, "segundo": 2, "tercer": 3, "cuarto": 4, "ultimo": -1}


def _nth_weekday(first: date, weekday: int, nth: int) -> date:
    """The nth (or last, -1) given weekday of the month starting ``first``."""
    if nth > 0:
        found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return found if found.month == first.month else found - timedelta(days=7)
    last = _month_end(first)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


_QUARTER_WORDS = {"first": 1, "1st": 1, "premier": 1, "1er": 1, "primer": 1, "second": 2, "2nd": 2,
                  "deuxieme": 2, "2e": 2, "2eme": 2, "segundo": 2, "third": 3, "3rd": 3, "troisieme": 3, "3e": 3,
                  "3eme": 3, "tercer": 3, "fourth": 4, "4th": 4, "quatrieme": 4, "4e": 4, "4eme": 4, "cuarto": 4}

# ---------------------------------------------------------------------------
# times of day and zones
_NAMED_TIMES = {"noon": time(12), "midday": time(12), "midi": time(12), "mediodia": time(12),
                "midnight": time(0), "minuit": time(0), "medianoche": time(0)}
_CLOCK = (r"(?:\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?|\d{1,2}\s*h\s*(?:\d{2})?|\d{1,2}\s*[ap]\.?m\.?"
          r"|noon|midday|midnight|midi|minuit|mediodia|medianoche)")
# a bare hour ("9") is a time only after "at", "à", "a las"
_AT = r"(?:at|a|à|a\s+las|a\s+la|@|vers|hacia|around|about)"
_TIME_TOKEN = rf"(?:{_CLOCK}|(?<={_AT[3:-1]}\s)\d{{1,2}})"

# fixed abbreviations people write after a time; each is the offset it names
ABBREVIATIONS = {
    "utc": 0, "gmt": 0, "z": 0, "wet": 0, "west": 60, "bst": 60, "cet": 60, "cest": 120, "met": 60, "mest": 120,
    "eet": 120, "eest": 180, "msk": 180, "eat": 180, "cat": 120, "wat": 60, "sast": 120, "gst": 240,
    "pkt": 300, "ict": 420, "jst": 540, "kst": 540, "aest": 600, "aedt": 660, "nzst": 720, "nzdt": 780,
    "est": -300, "edt": -240, "cst": -360, "cdt": -300, "mst": -420, "mdt": -360, "pst": -480, "pdt": -420,
    "hne": -300, "hae": -240, "heure de paris": 60,
}
_OFFSET = r"(?:(?:utc|gmt)\s*)?(?P<sign>[+-−])\s*(?P<hh>\d{1,2})(?::?(?P<mm>\d{2}))?"


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {z.lower(): z for z in available_timezones() if "/" in z}


def _read_zone(word: str) -> tuple[tzinfo, str] | None:
    """A zone name ("America/New_York"), abbreviation ("CET") or offset ("GMT+2", "+05:30") → (tzinfo, label)."""
    w = word.strip().lower()
    if "/" in w:
        name = _zone_names().get(w)
        return (ZoneInfo(name), name) if name else None
    if w in ABBREVIATIONS:
        minutes = ABBREVIATIONS[w]
        return timezone(timedelta(minutes=minutes), word.strip().upper()), word.strip().upper()
    offset = re.fullmatch(_OFFSET, w)
    if offset and (w.startswith(("utc", "gmt")) or w[0] in "+-−"):
        hours, minutes = int(offset.group("hh")), int(offset.group("mm") or 0)
        if hours > 14 or minutes > 59:
            return None
        delta = timedelta(hours=hours, minutes=minutes)
        delta = -delta if offset.group("sign") in "-−" else delta
        label = "UTC" + ("+" if delta >= timedelta() else "-") + f"{hours:02d}:{minutes:02d}"
        return timezone(delta, label), label
    return None


_ZONE_TOKEN = (r"(?:[a-z]+/[a-z_+\-/0-9]+|(?:utc|gmt)\s*[+-−]\s*\d{1,2}(?::?\d{2})?|[+-−]\d{2}:?\d{2}|"
               rf"{_alternation(ABBREVIATIONS)})")


def read_clock(text: str, *, bare_hour: bool = False) -> time | None:
    """ "9:00", "9am", "17h30", "10h", "noon", "midi", "9.30 pm" (and "9" when ``bare_hour``) → time."""
    t = fold(text).strip().replace(" ", "")
    t = t.replace(".m.", "m").replace("a.m", "am").replace("p.m", "pm")
    if t in _NAMED_TIMES:
        return _NAMED_TIMES[t]
    match = re.fullmatch(r"(\d{1,2})(?:[:.h](\d{2})?)?(am|pm)?", t)
    if not match:
        return None
    has_mark = ":" in t or "." in t or "h" in t or match.group(3)
    if not has_mark and not bare_hour:
        return None
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if match.group(3) == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)


@dataclass(frozen=True)
class TimePhrase:
    start: time
    end: time | None = None
    zone: tzinfo | None = None
    zone_label: str = ""


_TIME_PHRASE = re.compile(
    rf"^(?:(?:from|de|des|du|entre|desde|between)\s+)?(?:{_AT}\s+)?(?P<start>{_CLOCK}|\d{{1,2}})"
    rf"(?:\s*(?:-|–|—|to|until|till|a|à|au|hasta|y|and|et)\s*(?:{_AT}\s+)?(?P<end>{_CLOCK}|\d{{1,2}}))?"
    rf"(?:\s+(?P<zone>{_ZONE_TOKEN}))?$",
    re.IGNORECASE,
)


def read_time_phrase(text: str, *, bare_hour: bool = False) -> TimePhrase | None:
    """ "15:00", "at 3pm CET", "14:00-16:00", "from 2pm to 4pm", "à 10h", "a las 9", "noon UTC",
    "9:00 America/New_York" → a TimePhrase; None when the text is not only a time."""
    t = " ".join(fold(text).split()).strip(" ,")
    match = _TIME_PHRASE.match(t)
    if not match:
        return None
    led = bool(re.match(rf"^(?:{_AT}|from|de|des|entre|desde|between)\s", t))
    start = read_clock(match.group("start"), bare_hour=bare_hour or led)
    if start is None:
        return None
    end = None
    if match.group("end"):
        end = read_clock(match.group("end"), bare_hour=True)
        if end is None:
            return None
    zone, label = None, ""
    if match.group("zone"):
        found = _read_zone(match.group("zone"))
        if found is None:
            return None
        zone, label = found
    return TimePhrase(start, end, zone, label)


# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class When:
    start: date
    end: date
    precision: Precision
    at: datetime | None = None  # aware, in ``timezone``, when a time was given
    timezone: str = ""
    end_at: datetime | None = None  # aware, when an end time was given
    explicit_year: bool = False
    moved: str = ""  # "gap" when the local time did not exist (clocks went forward) and was moved

    @property
    def is_range(self) -> bool:
        return self.end != self.start and self.precision == Precision.DAY


@dataclass(frozen=True)
class _Day:
    """What one side of a range said: some of day, month, year and weekday."""

    day: int | None = None
    month: int | None = None
    year: int | None = None
    weekday: int | None = None


class InvalidDate(UsageError):
    """A date that was written as one but does not exist ("31 June", "32 May")."""


class AmbiguousDate(UsageError):
    """A numeric date that reads both ways ("6/1": 6 January or 1 June), asked back."""


class Unlikely(UsageError):
    """A date in the past or far away, asked back; the person confirms by repeating with "confirm"."""


def _bad(message: str, **values) -> UsageError:
    return UsageError(message, examples=DATE_EXAMPLES, values=values)


class DateReader:
    """Reads dates relative to ``now`` in a given zone (the one reader every command uses)."""

    def __init__(self, languages: list[str] | None = None) -> None:
        self.languages = languages or LANGUAGES

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

    # -- days, ranges, months -------------------------------------------------
    def _dates(self, t: str, original: str, today: date) -> When:
        t = t.strip(" ,")
        if not t:
            raise UsageError(N_("Please give a date."), examples=DATE_EXAMPLES, values={})
        single = self._single(t, original, today)
        if single is not None:
            return single
        # ranges: "14-15 May", "May 14-15, 2027", "14 May - 2 June", "du 14 au 15 mai", "del 14 al 15 de mayo"
        body = re.sub(r"^(?:from|du|del|de|desde|entre(?:\s+el|\s+le)?|between(?:\s+the)?)\s+", "", t)
        between = body != t and re.match(r"^(?:entre|between)\b", t)
        separators = r"\s*[-–—]\s*|\s+(?:to|until|till|through|thru|au|jusqu'au|al|hasta(?:\s+el)?|a)\s+"
        if between:
            separators += r"|\s+(?:and|et|y)\s+(?:(?:le|el|the)\s+)?"
        for match in re.finditer(separators, body):
            left, right = body[: match.start()].strip(" ,"), body[match.end():].strip(" ,")
            if not left or not right:
                continue
            a, b = self._partial(left), self._partial(right)
            if a is None or b is None:
                continue
            return self._range(a, b, original, today)
        return self._fallback(t, original, today)

    def _single(self, t: str, original: str, today: date) -> When | None:
        p = _patterns()
        if t in _RELATIVE_DAYS:
            found = today + timedelta(days=_RELATIVE_DAYS[t])
            return When(found, found, Precision.DAY)
        if t in _WEEKS:
            start = today - timedelta(days=today.weekday()) + timedelta(weeks=_WEEKS[t])
            return When(start, start + timedelta(days=6), Precision.DAY)
        if t in _MONTHS_REL:
            index = today.year * 12 + today.month - 1 + _MONTHS_REL[t]
            first = date(index // 12, index % 12 + 1, 1)
            return When(first, _month_end(first), Precision.MONTH)
        if t in _END_OF_MONTH:
            end = _month_end(today.replace(day=1))
            return When(end, end, Precision.DAY)
        match = p["weekday"].match(t)
        if match:
            weekday = _day_words()[match.group("weekday")]
            ahead = (weekday - today.weekday()) % 7
            pre = (match.group("pre") or "").strip()
            if pre == "next":  # "next Friday": the Friday of next week
                monday = today - timedelta(days=today.weekday()) + timedelta(weeks=1)
                found = monday + timedelta(days=weekday)
            else:  # "Friday", "vendredi prochain", "el próximo viernes": the coming one (today only if "this")
                if ahead == 0 and pre not in ("this", "ce", "este"):
                    ahead = 7
                found = today + timedelta(days=ahead)
            return When(found, found, Precision.DAY)
        match = p["nth_weekday"].match(t)
        if match:  # "the last Friday of the month", "le premier lundi de juin"
            nth = _NTH[match.group("nth")]
            weekday = _day_words()[match.group("weekday")]
            if match.group("month"):
                month = _month_words()[match.group("month")]
                years = [self._year_for(None, month, match.group("year"), today, whole_month=True)]
                firsts = [date(years[0], month, 1)]
            else:
                this = today.replace(day=1)
                firsts = [this, _month_end(this) + timedelta(days=1)]
            for first in firsts:
                found = _nth_weekday(first, weekday, nth)
                if found >= today or match.group("month"):
                    return When(found, found, Precision.DAY, explicit_year=bool(match.group("year")))
        match = p["quarter"].match(t)
        if match:
            q = int(match.group("q") or match.group("t") or _QUARTER_WORDS[match.group("qword")])
            year = int(match.group("year")) if match.group("year") else None
            if year is None:
                year = today.year if date(today.year, q * 3, 1) >= today.replace(day=1) else today.year + 1
            start = date(year, q * 3 - 2, 1)
            return When(start, _month_end(date(year, q * 3, 1)), Precision.DAY, explicit_year=bool(match.group("year")))
        match = p["part_of_month"].match(t)
        if match:
            month = _month_words()[match.group("month")]
            year = self._year_for(None, month, match.group("year"), today, whole_month=True)
            part = match.group("part")
            first = date(year, month, 1)
            found = _month_end(first) if re.search(r"end|fin", part) else first.replace(day=15)
            return When(found, found, Precision.DAY, explicit_year=bool(match.group("year")))
        match = p["month"].match(t)
        if match:
            month = _month_words()[match.group("month")]
            year = self._year_for(None, month, match.group("year"), today, whole_month=True)
            first = date(year, month, 1)
            return When(first, _month_end(first), Precision.MONTH, explicit_year=bool(match.group("year")))
        partial = self._partial(t)
        if partial is not None and partial.day is not None and partial.month is None and \
                re.search(r"[a-z]", fold(original)):
            # "the 14th", "le 1er": the next such day of a month (a bare "14" is not a date)
            for ahead in range(0, 3):
                index = today.year * 12 + today.month - 1 + ahead
                first = date(index // 12, index % 12 + 1, 1)
                if 1 <= partial.day <= _month_end(first).day and first.replace(day=partial.day) >= today:
                    found = first.replace(day=partial.day)
                    return When(found, found, Precision.DAY)
        if partial is not None:
            if partial.day is not None and partial.month is not None:
                found = self._resolve(partial, original, today)
                return When(found, found, Precision.DAY, explicit_year=partial.year is not None)
        return None

    def _partial(self, t: str) -> _Day | None:
        """One side of a range: "14", "14 May", "May 14", "14 May 2027", "tomorrow"."""
        p = _patterns()
        t = t.strip(" ,")
        for name in ("dmy", "mdy"):
            match = p[name].match(t)
            if match:
                weekday = match.group("weekday")
                return _Day(int(match.group("day")), _month_words()[match.group("month")],
                            int(match.group("year")) if match.group("year") else None,
                            _day_words()[weekday] if weekday else None)
        match = p["iso"].match(t)
        if match:
            return _Day(int(match.group("day")), int(match.group("month")), int(match.group("year")))
        match = p["numeric"].match(t)
        if match:
            a, b = int(match.group("a")), int(match.group("b"))
            year = match.group("year")
            if year is not None and len(year) == 2:
                year = str(2000 + int(year))
            if 1 <= a <= 12 and 1 <= b <= 12 and a != b:
                raise AmbiguousDate(N_('"{part}" could be {first} or {second}; please write the month as a word.'),
                                 examples=DATE_EXAMPLES,
                                 values={"part": t, "first": _DayOfMonth(a, b), "second": _DayOfMonth(b, a)})
            day, month = (a, b) if b <= 12 else (b, a)
            return _Day(day, month, int(year) if year else None)
        match = p["bare_day"].match(t)
        if match:
            return _Day(day=int(match.group("day")))
        match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})", t)  # "May 14-15, 2027": the "15, 2027"
        if match:
            return _Day(day=int(match.group(1)), year=int(match.group(2)))
        return None

    def _range(self, a: _Day, b: _Day, original: str, today: date) -> When:
        if a.month is None and b.month is None:
            return self._fallback(original, original, today)
        a = replace(a, month=a.month or b.month)
        b = replace(b, month=b.month or a.month)
        explicit = a.year is not None or b.year is not None
        if a.year is None and b.year is not None:
            a = replace(a, year=b.year if (a.month, a.day or 1) <= (b.month, b.day or 1) else b.year - 1)
        if a.day is None or b.day is None:
            raise _bad(N_('I could not read "{part}" as a date.'), part=original)
        start = self._resolve(a, original, today)
        assert b.month is not None  # one of the two named a month, and both have it now
        if b.year is None:  # "30 December - 2 January" runs into the next year; "15 - 14 May" is backwards
            year = start.year + 1 if b.month < start.month else start.year
            b = replace(b, year=year)
        end = self._resolve(b, original, today)
        if end < start:
            raise _bad(N_('In "{whole}" the end comes before the start.'), whole=original)
        if (end - start).days > 366:
            raise _bad(N_('"{part}" is longer than a year; please give it as two dates.'), part=original)
        return When(start, end, Precision.DAY, explicit_year=explicit)

    def _resolve(self, d: _Day, original: str, today: date) -> date:
        assert d.day is not None and d.month is not None
        year = d.year if d.year is not None else self._year_for(d.day, d.month, None, today)
        if not 1900 <= year <= 2200:
            raise _bad(N_('"{part}" is too far away to be a date.'), part=original)
        try:
            found = date(year, d.month, d.day)
        except ValueError:
            raise InvalidDate(N_('"{part}" is not a day that exists.'), examples=DATE_EXAMPLES,
                              values={"part": _DayOfMonth(d.day, d.month, d.year)}) from None
        if d.weekday is not None and found.weekday() != d.weekday:
            raise UsageError(N_("{day} is a {weekday}; please check the date."), examples=DATE_EXAMPLES,
                             values={"day": found, "weekday": _WeekdayName(found.weekday())})
        return found

    @staticmethod
    def _year_for(day: int | None, month: int, year_text: str | None, today: date, whole_month: bool = False) -> int:
        """The year of a day and month without one: the next time it comes (today included)."""
        if year_text:
            return int(year_text)
        if whole_month:
            return today.year if month >= today.month else today.year + 1
        for year in (today.year, today.year + 1, today.year + 2, today.year + 3, today.year + 4):
            try:
                if date(year, month, day or 1) >= today:
                    return year
            except ValueError:  # 29 February: the next year that has it
                continue
        return today.year + 1

    def _fallback(self, t: str, original: str, today: date) -> When:
        """Forms the grammar does not know, through dateparser; it must read all of the text."""
        # numbers are read by the grammar alone: dateparser read "14/15 May" as 14 May 2115
        if re.search(r"\d", t) or not re.search(r"[a-z]", t) or not _only_date_words(t):
            guess = _spelling_guess(t)
            if guess:
                raise _bad(N_('I could not read "{part}" as a date; did you mean {guess}?'), part=original, guess=guess)
            raise _bad(N_('I could not read "{part}" as a date.'), part=original)
        from dateparser.date import DateDataParser  # type: ignore[import-untyped]  # its stubs are not installed

        parser = DateDataParser(languages=self.languages, settings={
            "PREFER_DATES_FROM": "future", "RELATIVE_BASE": datetime.combine(today, time(12)),
            "RETURN_TIME_AS_PERIOD": True, "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY",
            "STRICT_PARSING": False})
        try:
            data = parser.get_date_data(t)
        except Exception:  # dateparser may raise on odd input
            data = None
        if data is None or data.date_obj is None or data.period not in ("day", "week", "month"):
            raise _bad(N_('I could not read "{part}" as a date.'), part=original)
        found = data.date_obj.date()
        if data.period == "month":
            first = found.replace(day=1)
            return When(first, _month_end(first), Precision.MONTH)
        if data.period == "week":
            start = found - timedelta(days=found.weekday())
            return When(start, start + timedelta(days=6), Precision.DAY)
        return When(found, found, Precision.DAY)


_EN_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December"]
_EN_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class _DayOfMonth:
    """A day and month (and year) that need not exist, in the reader's language (a message value):
    "3 April", "3 avril", "3 de abril"; "30 February" too, which no date can hold."""

    day: int
    month: int
    year: int | None = None

    def localized(self, locale) -> str:
        month = get_month_names("wide", context="format", locale=locale)[self.month]
        if str(locale).startswith("es"):
            text = f"{self.day} de {month}" + (f" de {self.year}" if self.year else "")
        else:
            text = f"{self.day} {month}" + (f" {self.year}" if self.year else "")
        return text

    def __str__(self) -> str:
        return f"{self.day} {_EN_MONTHS[self.month - 1]}" + (f" {self.year}" if self.year else "")


@dataclass(frozen=True)
class _WeekdayName:
    """A weekday's name in the reader's language (a message value)."""

    number: int

    def localized(self, locale) -> str:
        return get_day_names("wide", locale=locale)[self.number]

    def __str__(self) -> str:
        return _EN_DAYS[self.number]


def _month_end(first: date) -> date:
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


_CONNECTORS = frozenset("of the a an in on at this next last coming ago from now before after de du le la les el "
                        "los las del au al en dans il y hace que viene pasado pasada prochain prochaine dernier "
                        "derniere proximo proxima year years an ans annee ano anos".split())


def _only_date_words(t: str) -> bool:
    """Whether every word of ``t`` is a number or a word of dates, so dateparser cannot swallow text
    ("tomorrow 9:00 one")."""
    known = _date_vocabulary() | _CONNECTORS
    words = t.split()
    if not words or words[-1] in _CONNECTORS - {"ago", "now"}:
        return False
    return all(re.fullmatch(r"\d+(?:st|nd|rd|th|er|e)?|\d{1,2}[:h.]\d{2}", w) or w in known
               for w in re.findall(r"[\w:.']+", t))


def _date_vocabulary() -> set[str]:
    known = set(_month_words()) | set(_day_words()) | {w for phrase in (*_RELATIVE_DAYS, *_WEEKS, *_MONTHS_REL)
                                                       for w in phrase.split() if len(w) > 3}
    return known | {"day", "days", "dia", "dias", "jour", "jours", "week", "weeks", "semaine", "semaines", "semana",
                    "semanas", "month", "months", "mois", "mes", "meses", "next", "prochain", "proximo", "quarter",
                    "trimestre", "end", "fin", "mid", "mediados"}


def _spelling_guess(t: str) -> str:
    """ "tomorow" → "tomorrow": each word the reader does not know replaced by the closest word of
    dates (rapidfuzz); "" unless every unknown word has one close match, so only a plain typo is suggested."""
    from rapidfuzz import fuzz, process

    known = _date_vocabulary() | _CONNECTORS
    words, changed = t.split(), False
    for i, word in enumerate(words):
        if word in known or re.fullmatch(r"\d+(?:st|nd|rd|th|er|e)?|\d{1,2}[:h.]\d{2}", word):
            continue
        if len(word) < 4:
            return ""
        best = process.extractOne(word, sorted(w for w in known if len(w) > 3), scorer=fuzz.ratio, score_cutoff=85)
        if best is None:
            return ""
        words[i], changed = best[0], True
    return " ".join(words) if changed else ""


def looks_like_date(text: str) -> bool:
    """Whether a person plainly meant ``text`` as a date (a number, a month or day name, a relative
    day), even when it cannot be read; "diligence report" does not."""
    words = re.findall(r"[a-z']+", fold(text))
    known = _date_vocabulary()
    return bool(re.search(r"\d", text)) or any(w in known for w in words) or bool(_spelling_guess(fold(text)))


# ---------------------------------------------------------------------------
# confirming, and showing what was read
def strip_confirm(text: str) -> tuple[str, bool]:
    """ "1 May 2026 confirm" → ("1 May 2026", True)."""
    words = text.strip().split()
    if words and fold(words[-1]).strip("!.,()") in {fold(w) for w in CONFIRM_WORDS}:
        return " ".join(words[:-1]), True
    return text, False


def check_sensible(when: When, *, now: datetime, tz: str, past: bool = True) -> None:
    """Ask back (never save) a date in the past or more than FAR_YEARS years away: one line, the question."""
    today = now.astimezone(ZoneInfo(tz)).date()
    if past and (when.at is not None and when.at < now - timedelta(seconds=59) or (when.at is None and when.end < today)):
        raise Unlikely(N_('Did you mean {reading}? That is in the past; to save it anyway, repeat with '
                            '"confirm" after the date.'), values={"reading": Reading(when)})
    try:
        far = today.replace(year=today.year + FAR_YEARS)
    except ValueError:
        far = today.replace(year=today.year + FAR_YEARS, day=28)
    if when.start > far:
        raise Unlikely(N_('Did you mean {reading}? That is more than {years} years away; to save it anyway, '
                            'repeat with "confirm" after the date.'), values={"reading": Reading(when),
                                                                           "years": FAR_YEARS})


@dataclass(frozen=True)
class Reading:
    """A ``When`` as a reply shows it: weekday, date, time and zone ("Friday 14 May 2027, 15:00 CEST")."""

    when: When

    def localized(self, locale) -> str:
        return describe(self.when, locale)

    def __str__(self) -> str:
        return describe(self.when, "en")


def describe(when: When, locale: Locale | str = "en") -> str:
    """What was read, with the weekday and, for a moment, the zone."""
    if when.precision == Precision.MONTH:
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", when.start, locale=locale)

    def day(value: date) -> str:  # "Friday 14 May 2027", "vendredi 14 mai 2027", "viernes, 14 de mayo de 2027"
        spanish = str(locale).startswith("es")
        return format_date(value, "full" if spanish else "EEEE d MMMM y", locale=locale)

    if when.at is not None:
        at, end_at = when.at, when.end_at
        if end_at is not None and when.end > end_at.date():  # "14-15 May at 10:00-12:00": to 12:00 on the
            end_at = datetime.combine(when.end, end_at.timetz())  # 15th, as the calendar export reads it
        text = f"{day(at.date())}, {format_time(at, 'short', tzinfo=at.tzinfo, locale=locale)}"
        if end_at is not None:
            if end_at.date() != at.date():
                text += f" – {day(end_at.date())}, "
            else:
                text += "–"
            text += format_time(end_at, 'short', tzinfo=end_at.tzinfo, locale=locale)
        zone_label = format_datetime(at, "zzz", tzinfo=at.tzinfo, locale=locale)
        text += f" {zone_label}"
        if when.timezone and zone_label != when.timezone:
            text += f" ({when.timezone})"
        if when.end != (end_at or at).date():  # "14-15 May at 10:00(-12:00)": the last day too
            text += f" – {day(when.end)}"
        return text
    if when.end != when.start:
        return f"{day(when.start)} – {day(when.end)}"
    return day(when.start)
