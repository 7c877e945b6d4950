"""When things happen: "tomorrow 9:00", "every Monday 9:00", "every month on the 1st",
cron and RRULE for experts — read in a person's zone and computed in local time, so
9:00 stays 9:00 across daylight-saving changes.

A recurrence is stored as text: ``"RRULE:FREQ=WEEKLY;…"`` (its start is the first
moment) or ``"cron:0 9 * * 1"``. ``moments`` lists the moments of a schedule within a
window, as aware UTC datetimes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.cron import CronTrigger
from dateparser.date import DateDataParser
from dateutil import rrule as rr

from bot.errors import UsageError
from bot.i18n import N_

WHEN_EXAMPLES = '"in 10 minutes", "tomorrow 9:00", "on 14 May at 15:00", "every Monday 9:00", ' \
                '"every month on the 1st", "cron 0 9 * * 1", "rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"'
TIME_EXAMPLES = '"9:00", "17:30", "9am"'
MAX_MOMENTS = 5000  # per schedule and window: a bound on every loop here

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}

_DAY_NAME = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_TIME_TEXT = r"\d{1,2}(?:[:h.]\d{2})\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)"
_EVERY = re.compile(
    rf"""^every\s+
    (?:(?P<n>\d+)\s+)?
    (?P<unit>minutes?|hours?|days?|weekdays?|weeks?|months?|years?|{_DAY_NAME}(?:\s*(?:,|and|&)\s*{_DAY_NAME})*)
    (?:\s+on\s+(?:the\s+)?(?P<monthday>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<month>{_MONTH_NAME}))?
       |\s+on\s+(?P<month_first>{_MONTH_NAME})\s+(?P<monthday2>\d{{1,2}})(?:st|nd|rd|th)?
       |\s+on\s+(?P<onday>{_DAY_NAME}))?
    (?:\s+(?:at\s+)?(?P<time>{_TIME_TEXT}))?
    (?:\s+|$)(?P<rest>.*)$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_CRON = re.compile(r"^cron\s+((?:\S+\s+){4}\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_RRULE = re.compile(r"^rrule\s+(?:RRULE:)?(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_HAS_TIME = re.compile(rf"\b(?:{_TIME_TEXT})\b|\bin\s+\d+\s*(?:min|minute|hour|h)\w*|\bnow\b", re.IGNORECASE)
_ONLY_TIME = re.compile(rf"^(?:at\s+)?(?:{_TIME_TEXT})$", re.IGNORECASE)
_DURATION = re.compile(r"(\d+)\s*(w|weeks?|d|days?|h|hours?|hrs?|m|mins?|minutes?)\b", re.IGNORECASE)
_LEAD = re.compile(r"^(?:to|:|-|–|that)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Schedule:
    """A first moment (aware UTC) and an optional recurrence, in ``timezone``."""

    first_at: datetime
    recurrence: str
    timezone: str

    def moments(self, start: datetime, end: datetime) -> list[datetime]:
        return moments(self.first_at, self.recurrence, self.timezone, start, end)


# ---------------------------------------------------------------------------
# zones and times of day
def check_zone(name: str) -> str:
    """An IANA zone name, or a UsageError with suggestions."""
    name = name.strip()
    try:
        ZoneInfo(name)
        if name:
            return name
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a name too long for a file name
        pass
    if len(name) > 64:  # no zone name is that long
        raise UsageError(N_('"{name}" is not a time zone I know.'), values={"name": name[:40] + "…"},
                         examples="Europe/Zurich, America/New_York, Africa/Abidjan")
    lowered = {z.lower(): z for z in available_timezones()}
    if name.lower() in lowered:
        return lowered[name.lower()]
    from rapidfuzz import process

    close = [m for m, _s, _i in process.extract(name, list(lowered.values()), limit=3, score_cutoff=70)]
    raise UsageError(N_('"{name}" is not a time zone I know.'), values={"name": name},
                     examples="Europe/Zurich, America/New_York, Africa/Abidjan",
                     suggestions=[f"tz {c}" for c in close])


def read_time_of_day(text: str) -> time:
    """ "9:00", "9am", "17h30", "9.30 pm" → time."""
    match = re.fullmatch(r"\s*(\d{1,2})(?:[:h.](\d{2}))?\s*(am|pm)?\s*", text, re.IGNORECASE)
    if not match:
        raise UsageError(N_('"{text}" is not a time of day.'), values={"text": text}, examples=TIME_EXAMPLES)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3):
        if not 1 <= hour <= 12:
            raise UsageError(N_('"{text}" is not a time of day.'), values={"text": text}, examples=TIME_EXAMPLES)
        hour = hour % 12 + (12 if match.group(3).lower() == "pm" else 0)
    if hour > 23 or minute > 59:
        raise UsageError(N_('"{text}" is not a time of day.'), values={"text": text}, examples=TIME_EXAMPLES)
    return time(hour, minute)


def local_moment(day: date, at: time, tz: str) -> datetime:
    """The UTC moment of a local day and time (a time skipped by a DST change moves forward)."""
    local = datetime.combine(day, at).replace(tzinfo=ZoneInfo(tz))
    return local.astimezone(UTC)


def read_duration(text: str) -> timedelta:
    """ "10 minutes", "1h", "2 days", "1h30m" → timedelta (at most a year)."""
    text = text.strip()
    parts = _DURATION.findall(text)
    if not parts or _DURATION.sub("", text).strip(" ,and"):
        raise UsageError(N_('"{text}" is not a duration.'), values={"text": text},
                         examples='"10 minutes", "1 hour", "2 days", "1h30m"')
    total = timedelta()
    for number, unit in parts:
        unit = unit.lower()[0]
        total += {"w": timedelta(weeks=1), "d": timedelta(days=1), "h": timedelta(hours=1),
                  "m": timedelta(minutes=1)}[unit] * int(number)
    if total <= timedelta() or total > timedelta(days=366):
        raise UsageError(N_('"{text}" is not a duration between a minute and a year.'), values={"text": text},
                         examples='"10 minutes", "1 hour", "2 days"')
    return total


# ---------------------------------------------------------------------------
# reading "<when> <what>"
def read_schedule(text: str, *, tz: str, now: datetime, default_time: time, languages: list[str]) -> tuple[Schedule, str]:
    """Split "<when> <what>" and read the when. Raises UsageError; never returns a past moment."""
    text = " ".join(text.split())
    lowered = text.lower()
    now_local = now.astimezone(ZoneInfo(tz)).replace(second=0, microsecond=0)
    if lowered.startswith("every "):
        schedule, rest = _read_every(text, tz, now, now_local, default_time)
    elif lowered.startswith("cron "):
        schedule, rest = _read_cron(text, tz, now)
    elif lowered.startswith("rrule "):
        schedule, rest = _read_rrule(text, tz, now, now_local)
    else:
        schedule, rest = _read_once(text, tz, now, now_local, default_time, languages)
    rest = _LEAD.sub("", rest.strip()).strip()
    if not rest:
        raise UsageError(N_("Please say what to remind about, after the time."), values={}, examples=WHEN_EXAMPLES)
    return schedule, rest


def _read_once(text, tz, now, now_local, default_time, languages) -> tuple[Schedule, str]:
    words = text.split(" ")
    parser = DateDataParser(languages=languages, settings={
        "PREFER_DATES_FROM": "future", "RELATIVE_BASE": now_local.replace(tzinfo=None),
        "PREFER_DAY_OF_MONTH": "first", "DATE_ORDER": "DMY", "RETURN_TIME_AS_PERIOD": True})
    for size in range(min(len(words), 7), 0, -1):
        head = " ".join(words[:size])
        when_text = re.sub(r"^(?:on|at|in\s+(?=\d+\s*\w)|le|el)\s+", lambda m: "in " if m.group(0).startswith("in") else "",
                           head, flags=re.IGNORECASE)
        if not re.search(r"\d|[a-z]{3,}", when_text, re.IGNORECASE):
            continue
        try:
            data = parser.get_date_data(when_text)
        except Exception:  # dateparser may raise on odd input
            continue
        if data.date_obj is None or data.period in ("month", "year"):
            continue
        found = data.date_obj
        if found.tzinfo is not None:
            found = found.astimezone(ZoneInfo(tz)).replace(tzinfo=None)
        if not _HAS_TIME.search(head):
            found = datetime.combine(found.date(), default_time)
        moment = found.replace(tzinfo=ZoneInfo(tz)).astimezone(UTC)
        if moment <= now and _ONLY_TIME.match(head.strip()):
            moment = local_moment(found.date() + timedelta(days=1), found.time(), tz)
        if moment <= now - timedelta(minutes=1):
            raise UsageError(N_('"{head}" ({when}) is in the past.'), values={"head": head, "when": found},
                             examples=WHEN_EXAMPLES)
        rest = words[size:]
        if rest and re.fullmatch(r"\d{4}", rest[0]):  # "29 February 2027" read as "29 February"
            raise UsageError(N_('"{text}" is not a date that exists.'), values={"text": f"{head} {rest[0]}"},
                             examples=WHEN_EXAMPLES)
        return Schedule(max(moment, now), "", tz), " ".join(rest)
    raise UsageError(N_('I could not read a time at the start of "{text}".'), values={"text": _clip(text)},
                     examples=WHEN_EXAMPLES)


def _read_every(text, tz, now, now_local, default_time) -> tuple[Schedule, str]:
    match = _EVERY.match(text)
    if not match:
        raise UsageError(N_('I could not read the recurrence in "{text}".'), values={"text": _clip(text)},
                         examples=WHEN_EXAMPLES)
    unit = match.group("unit").lower()
    interval = int(match.group("n") or 1)
    if interval < 1 or interval > 1000:
        raise UsageError(N_('"{text}" is not a recurrence that can happen.'), values={"text": f"every {interval}"},
                         examples=WHEN_EXAMPLES)
    at = read_time_of_day(match.group("time")) if match.group("time") else None
    monthday = match.group("monthday") or match.group("monthday2")
    month_word = match.group("month") or match.group("month_first")
    kwargs: dict = {"interval": interval}
    if unit.startswith("minute"):
        freq = rr.MINUTELY
    elif unit.startswith("hour"):
        freq = rr.HOURLY
    elif unit.startswith("weekday"):
        freq, kwargs["byweekday"] = rr.DAILY, (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR)
    elif unit.startswith("day"):
        freq = rr.DAILY
    elif unit.startswith("week"):
        freq = rr.WEEKLY
        if match.group("onday"):
            kwargs["byweekday"] = (_weekday(match.group("onday")),)
    elif unit.startswith("month"):
        freq = rr.MONTHLY
        if monthday:
            kwargs["bymonthday"] = _monthday(int(monthday), None)
    elif unit.startswith("year"):
        freq = rr.YEARLY
        if monthday:
            if not month_word or _month(month_word) is None:
                raise UsageError(N_('Please name the month in "{text}".'), values={"text": _clip(text)},
                                 examples='"every year on 12 June"')
            month = _month(month_word)
            kwargs["bymonth"], kwargs["bymonthday"] = month, _monthday(int(monthday), month)
    else:
        days = re.findall(_DAY_NAME, unit, re.IGNORECASE)
        freq, kwargs["byweekday"] = rr.WEEKLY, tuple(_weekday(d) for d in days)
    if freq in (rr.MINUTELY, rr.HOURLY):
        if at is not None:
            raise UsageError(N_('"{text}" takes no time of day.'), values={"text": f"every {unit}"},
                             examples='"every 2 hours"')
        dtstart = now_local.replace(tzinfo=None)
    else:
        at = at or default_time
        dtstart = now_local.replace(tzinfo=None, hour=at.hour, minute=at.minute)
        if monthday and freq == rr.YEARLY:
            dtstart = dtstart.replace(day=1)
    rule = rr.rrule(freq, dtstart=dtstart, **kwargs)
    first = _first_after(rule, now, tz)
    if first is None:
        raise UsageError(N_('"{text}" never happens.'), values={"text": _clip(text)}, examples=WHEN_EXAMPLES)
    # store the rule anchored at its first moment, so "every 2 weeks" keeps its rhythm
    anchored = rr.rrule(freq, dtstart=first.astimezone(ZoneInfo(tz)).replace(tzinfo=None), **kwargs)
    return Schedule(first, _rule_line(anchored), tz), match.group("rest")


def _read_cron(text, tz, now) -> tuple[Schedule, str]:
    match = _CRON.match(text)
    if not match:
        raise UsageError(N_("A cron schedule has five fields: minute hour day month weekday."), values={},
                         examples='"cron 0 9 * * 1 Team call"')
    expression = match.group(1).strip()
    trigger = _cron_trigger(expression, tz)
    first = trigger.get_next_fire_time(None, now)
    if first is None:
        raise UsageError(N_('"{text}" never happens.'), values={"text": f"cron {expression}"},
                         examples='"cron 0 9 * * 1"')
    return Schedule(first.astimezone(UTC), f"cron:{expression}", tz), match.group(2) or ""


def _read_rrule(text, tz, now, now_local) -> tuple[Schedule, str]:
    match = _RRULE.match(text)
    if not match:
        raise UsageError(N_("Please give an RRULE after rrule."), values={},
                         examples='"rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"')
    line = "RRULE:" + match.group(1).upper()
    if "DTSTART" in line:
        raise UsageError(N_("Please give the RRULE without DTSTART."), values={},
                         examples='"rrule FREQ=DAILY;BYHOUR=9"')
    try:
        rule = rr.rrulestr(line, dtstart=now_local.replace(tzinfo=None))
    except (ValueError, TypeError) as exc:
        raise UsageError(N_('"{text}" is not an RRULE I can read ({error}).'),
                         values={"text": match.group(1), "error": exc},
                         examples='"rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"') from None
    first = _first_after(rule, now, tz)
    if first is None:
        raise UsageError(N_('"{text}" never happens.'), values={"text": match.group(1)},
                         examples='"rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"')
    return Schedule(first, line, tz), match.group(2) or ""


# ---------------------------------------------------------------------------
# computing moments
def moments(first_at: datetime, recurrence: str, tz: str, start: datetime, end: datetime) -> list[datetime]:
    """Moments in [start, end] (aware UTC), at most MAX_MOMENTS."""
    if not recurrence:
        return [first_at] if start <= first_at <= end else []
    if recurrence.startswith("cron:"):
        return list(_cron_moments(recurrence[5:], tz, max(start, first_at), end))
    zone = ZoneInfo(tz)
    rule = rr.rrulestr(recurrence, dtstart=first_at.astimezone(zone).replace(tzinfo=None))
    lo = (max(start, first_at) - timedelta(days=1)).astimezone(zone).replace(tzinfo=None)
    hi = (end + timedelta(days=1)).astimezone(zone).replace(tzinfo=None)
    found: list[datetime] = []
    for local in rule.xafter(lo, count=MAX_MOMENTS * 2, inc=True):
        if local > hi:
            break
        moment = local.replace(tzinfo=zone).astimezone(UTC)
        if start <= moment <= end and moment >= first_at:
            found.append(moment)
            if len(found) >= MAX_MOMENTS:
                break
    return found


def next_moment(schedule_first: datetime, recurrence: str, tz: str, after: datetime) -> datetime | None:
    horizon = after + timedelta(days=400 * 4 + 1)  # far enough for "every year on 29 February"
    if not recurrence:
        return schedule_first if schedule_first > after else None
    if recurrence.startswith("cron:"):
        found = _cron_trigger(recurrence[5:], tz).get_next_fire_time(None, after + timedelta(seconds=1))
        return found.astimezone(UTC) if found else None
    zone = ZoneInfo(tz)
    rule = rr.rrulestr(recurrence, dtstart=schedule_first.astimezone(zone).replace(tzinfo=None))
    local = rule.after(after.astimezone(zone).replace(tzinfo=None), inc=False)
    if local is None:
        return None
    moment = local.replace(tzinfo=zone).astimezone(UTC)
    return moment if moment <= horizon else None


def describe(recurrence: str) -> str:
    """Short text of a recurrence for lists: the RRULE or cron line itself."""
    return recurrence.removeprefix("RRULE:") if recurrence else ""


_CRON_DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cron_trigger(expression: str, tz: str) -> CronTrigger:
    # standard cron counts weekdays from Sunday = 0; APScheduler from Monday = 0: use names
    fields = expression.split()
    if len(fields) == 5 and fields[4] != "*":
        fields[4] = re.sub(r"(?<![/\d])\d+", lambda m: _CRON_DAYS[int(m.group())] if int(m.group()) < 8 else m.group(),
                           fields[4])
    try:
        return CronTrigger.from_crontab(" ".join(fields), timezone=ZoneInfo(tz))
    except (ValueError, TypeError) as exc:
        raise UsageError(N_('"{text}" is not a cron schedule I can read ({error}).'),
                         values={"text": f"cron {expression}", "error": exc},
                         examples='"cron 0 9 * * 1" (Mondays at 9:00)') from None


def _cron_moments(expression: str, tz: str, start: datetime, end: datetime) -> Iterator[datetime]:
    trigger = _cron_trigger(expression, tz)
    found = trigger.get_next_fire_time(None, start)
    for _ in range(MAX_MOMENTS):
        if found is None or found > end:
            return
        yield found.astimezone(UTC)
        found = trigger.get_next_fire_time(found, found + timedelta(seconds=1))


def _first_after(rule: rr.rrule, now: datetime, tz: str) -> datetime | None:
    zone = ZoneInfo(tz)
    limit = now.astimezone(zone).replace(tzinfo=None) + timedelta(days=366 * 8)
    local = rule.after(now.astimezone(zone).replace(tzinfo=None) - timedelta(seconds=1), inc=False)
    if local is None or local > limit:
        return None
    moment = local.replace(tzinfo=zone).astimezone(UTC)
    if moment < now:  # a local time just skipped by a DST change: take the next one
        return _first_after(rule, moment + timedelta(hours=2), tz) if moment + timedelta(hours=2) > now else None
    return moment


def _rule_line(rule: rr.rrule) -> str:
    return next(line for line in str(rule).splitlines() if line.startswith("RRULE:"))


def _weekday(word: str):
    return (rr.MO, rr.TU, rr.WE, rr.TH, rr.FR, rr.SA, rr.SU)[WEEKDAYS[word.lower()[:3]]]


def _month(word: str) -> int | None:
    return MONTHS.get(word.lower()[:3])


def _monthday(day: int, month: int | None) -> int:
    if not 1 <= day <= (MONTH_DAYS[month] if month else 31):
        message = N_("Day {day} never happens in that month.") if month else N_("Day {day} never happens.")
        raise UsageError(message, values={"day": day},
                         examples='"every month on the 1st", "every year on 29 February"')
    return day


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
