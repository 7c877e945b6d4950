"""Time zones, times of day and durations as people type them ("Europe/Zurich", "9am", "1h30m")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.errors import UsageError
from bot.i18n import N_

TIME_EXAMPLES = '"9:00", "17:30", "9am"'
_DURATION = re.compile(r"(\d+)\s*(w|weeks?|semaines?|semanas?|d|days?|jours?|j|d[ií]as?|h|hours?|hrs?|heures?|"
                       r"horas?|m|mins?|minutes?|minutos?)(?![^\W\d_])", re.IGNORECASE)
# a duration's unit by the letters it starts with (English, French, Spanish)
_UNITS = (("sem", timedelta(weeks=1)), ("w", timedelta(weeks=1)), ("d", timedelta(days=1)), ("j", timedelta(days=1)),
          ("h", timedelta(hours=1)), ("m", timedelta(minutes=1)))


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
    if not parts or re.sub(r"(?<![\w])(?:and|et|y)(?![\w])", "", _DURATION.sub("", text)).strip(" ,"):
        raise UsageError(N_('"{text}" is not a duration.'), values={"text": text},
                         examples='"10 minutes", "1 hour", "2 days", "1h30m"')
    total = timedelta()
    for number, unit in parts:
        total += next(length for start, length in _UNITS if unit.lower().startswith(start)) * int(number)
    if total <= timedelta() or total > timedelta(days=366):
        raise UsageError(N_('"{text}" is not a duration between a minute and a year.'), values={"text": text},
                         examples='"10 minutes", "1 hour", "2 days"')
    return total
