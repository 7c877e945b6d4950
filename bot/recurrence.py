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
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]  # no type hints
from dateutil import rrule as rr  # type: ignore[import-untyped]  # its stubs are not installed

from bot.errors import UsageError
from bot.dates import fold
from bot.i18n import N_
from storage.models import Precision

WHEN_EXAMPLES = N_('"in 10 minutes", "tomorrow 9:00", "on 14 May at 15:00", "every Monday 9:00", '
                   '"every other Tuesday 10:00", "every last Friday of the month 15:00", "every month on the 1st", '
                   '"cron 0 9 * * 1", "rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9"')
TIME_EXAMPLES = '"9:00", "17:30", "9am"'
MAX_MOMENTS = 5000  # per schedule and window: a bound on every loop here

WEEKDAYS = {"mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6}
MONTHS = {m: i + 1 for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"])}
MONTH_DAYS = {1: 31, 2: 29, 3: 31, 4: 30, 5: 31, 6: 30, 7: 31, 8: 31, 9: 30, 10: 31, 11: 30, 12: 31}

_DAY_NAME = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*"
_MONTH_NAME = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*"
_TIME_TEXT = r"\d{1,2}(?:[:h.]\d{2})\s*(?:am|pm)?|\d{1,2}\s*(?:am|pm)|\d{1,2}h"
_ORD = r"first|second|third|fourth|last|1st|2nd|3rd|4th"
_ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1}
_EVERY = re.compile(
    rf"""every\s+
    (?:(?P<ord>{_ORD})\s+(?P<owd>{_DAY_NAME})\s+of\s+(?:the|every|each)\s+month
     |other\s+(?P<other>)(?P<ounit>days?|weeks?|months?|{_DAY_NAME})(?:\s+on\s+(?P<oday>{_DAY_NAME}))?
     |(?P<amb>2nd|second|3rd|third|4th|fourth)\s+(?P<awd>{_DAY_NAME})
     |(?:(?P<n>\d+)\s+)?
      (?P<unit>minutes?|hours?|days?|weekdays?|weeks?|months?|years?|{_DAY_NAME}(?:\s*(?:,|and|&)\s*{_DAY_NAME})*)
      (?:\s+on\s+(?:the\s+)?(?P<monthday>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+(?:of\s+)?(?P<month>{_MONTH_NAME}))?
         |\s+on\s+(?P<month_first>{_MONTH_NAME})\s+(?P<monthday2>\d{{1,2}})(?:st|nd|rd|th)?
         |\s+on\s+(?P<onday>{_DAY_NAME}))?
    )
    (?:\s+(?:at\s+)?(?P<time>{_TIME_TEXT}))?""",
    re.IGNORECASE | re.VERBOSE,
)

# French and Spanish recurrences, rewritten word for word into the English grammar above
_EN_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_FR_ES_DAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6,
               "lunes": 0, "martes": 1, "miercoles": 2, "jueves": 3, "viernes": 4, "sabado": 5, "domingo": 6}
_FR_ES_ORD = {"premier": "first", "1er": "first", "deuxieme": "second", "second": "second", "2e": "second",
              "troisieme": "third", "3e": "third", "quatrieme": "fourth", "4e": "fourth", "dernier": "last",
              "primer": "first", "primero": "first", "segundo": "second", "tercer": "third", "tercero": "third",
              "cuarto": "fourth", "ultimo": "last"}
_REWRITES = [
    (r"\b(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s\b", r"\1"),
    (r"\b(sabado|domingo)s\b", r"\1"),
    (r"^un (\w+) sur deux\b", r"every other \1"),
    (r"^(?:le|la|el|the) (\w+) (\w+) (?:de chaque|du|de cada|del|of every|of each) mois\b", r"every \1 \2 of the month"),
    (r"^(?:le|la|el|the) (\w+) (\w+) (?:de chaque|de cada|del|of every|of each) (?:mes)\b", r"every \1 \2 of the month"),
    (r"^(\w+) por medio\b", r"every other \1"),
    (r"^(?:chaque|tous les|toutes les|cada|todos los|todas las)\b", "every"),
    (r"^every (?:deux|dos)\b", "every other"),
    (r"\b(?:du mois|de chaque mois|de cada mes|del mes)\b", "of the month"),
    (r"\b(?:le|el) dia (\d)", r"on the \1"),
    (r"\b(?:jours ouvrables|jour ouvrable|jours de semaine|dias laborables|dia laborable|dias habiles)\b", "weekday"),
    (r"\b(?:jours|jour|dias|dia)\b", "day"),
    (r"\b(?:semaines|semaine|semanas|semana)\b", "week"),
    (r"\b(?:mois|meses|mes)\b", "month"),
    (r"\b(?:annees|annee|ans|anos|ano)\b", "year"),
    (r"\b(?:heures|heure|horas|hora)\b", "hour"),
    (r"\b(?:minutos|minuto)\b", "minute"),
    (r"\b(?:le|el|les|los)\s+(?=(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|lunes|martes|miercoles|"
     r"jueves|viernes|sabado|domingo)\b)", "on "),
    (r"\b(?:le|el) (\d)", r"on the \1"),
    (r"(\d)er\b", r"\1"),
    (r"\b(?:a las|a la|à|a)\s+(?=\d|midi|mediodia)", "at "),
    (r"\b(?:et|y)\b", "and"),
]


def canonical_every(folded: str) -> str | None:
    """A recurrence phrase in English, French or Spanish ("chaque lundi à 9h", "cada lunes a las 9",
    "le dernier vendredi du mois") as the English grammar reads it; None when it is not one."""
    text = folded.strip()
    if not re.match(r"^(every|chaque|tous|toutes|cada|todos|todas|un |le |la |el |the |\w+ por medio)", text):
        return None
    for pattern, repl in _REWRITES:
        text = re.sub(pattern, repl, text)
    words = []
    for word in text.split(" "):
        if word in _FR_ES_DAYS:
            word = _EN_DAYS[_FR_ES_DAYS[word]]
        elif word in _FR_ES_ORD:
            word = _FR_ES_ORD[word]
        words.append(word)
    text = " ".join(words).replace("midi", "12:00").replace("mediodia", "12:00").replace("noon", "12:00")
    text = re.sub(r"\b(\d{1,2})h\b", r"\1:00", text)
    text = re.sub(r"\bat (\d{1,2})$", r"at \1:00", text)
    return text if text.startswith("every") else None


_CRON = re.compile(r"^cron\s+((?:\S+\s+){4}\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_RRULE = re.compile(r"^rrule\s+(?:RRULE:)?(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_HAS_TIME = re.compile(rf"\b(?:{_TIME_TEXT})\b|\bin\s+\d+\s*(?:min|minute|hour|h)\w*|\bnow\b", re.IGNORECASE)
_ONLY_TIME = re.compile(rf"^(?:at\s+)?(?:{_TIME_TEXT})$", re.IGNORECASE)
_DURATION = re.compile(r"(\d+)\s*(w|weeks?|semaines?|semanas?|d|days?|jours?|j|d[ií]as?|h|hours?|hrs?|heures?|"
                       r"horas?|m|mins?|minutes?|minutos?)(?![^\W\d_])", re.IGNORECASE)
# a duration's unit by the letters it starts with (English, French, Spanish)
_UNITS = (("sem", timedelta(weeks=1)), ("w", timedelta(weeks=1)), ("d", timedelta(days=1)), ("j", timedelta(days=1)),
          ("h", timedelta(hours=1)), ("m", timedelta(minutes=1)))
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


# ---------------------------------------------------------------------------
# reading "<when> <what>"
def read_schedule(text: str, *, tz: str, now: datetime, default_time: time, languages: list[str],
                  min_interval: timedelta = timedelta(0), confirmed: bool = False) -> tuple[Schedule, str]:
    """Split "<when> <what>" and read the when. Raises UsageError; never returns a past moment, a
    moment more than five years away unless ``confirmed``, nor a recurrence that repeats more often
    than ``min_interval``."""
    text = " ".join(text.split())
    lowered = fold(text)
    now_local = now.astimezone(ZoneInfo(tz)).replace(second=0, microsecond=0)
    if lowered.startswith("cron "):
        schedule, rest = _read_cron(text, tz, now)
    elif lowered.startswith("rrule "):
        schedule, rest = _read_rrule(text, tz, now, now_local, default_time)
    else:
        every = _read_every(text, tz, now, now_local, default_time)
        schedule, rest = every if every is not None else _read_once(text, tz, now, default_time, languages,
                                                                    confirmed)
    if schedule.recurrence:
        _check_interval(schedule, text[: len(text) - len(rest)].strip() or text, min_interval)
    rest = _LEAD.sub("", rest.strip()).strip()
    if not rest:
        raise UsageError(N_("Please say what to remind about, after the time."), values={}, examples=WHEN_EXAMPLES)
    return schedule, rest


def _check_interval(schedule: Schedule, text: str, min_interval: timedelta) -> None:
    """Refuse a recurrence whose posts come closer together than ``min_interval`` (a flood)."""
    if min_interval <= timedelta(0):
        return
    start = schedule.first_at
    found = schedule.moments(start, start + timedelta(days=8))[:50]
    gaps = [b - a for a, b in zip(found, found[1:])]
    if gaps and min(gaps) < min_interval:
        raise UsageError(N_('"{text}" would repeat more often than every {minutes} minutes, the most often a '
                            'reminder may repeat.'), values={"text": _clip(text, 40),
                                                             "minutes": int(min_interval.total_seconds() // 60)},
                         examples='"every day 9:00", "every Monday 9:00"')


def _read_once(text, tz, now, default_time, languages, confirmed) -> tuple[Schedule, str]:
    """The longest start of ``text`` that reads as a date or moment (bot.dates); the rest is the text."""
    from bot.dates import AmbiguousDate, DateReader, InvalidDate, check_sensible, strip_confirm

    reader = DateReader(languages)
    words = text.split(" ")
    first_error: UsageError | None = None
    for size in range(min(len(words), 10), 0, -1):
        head = " ".join(words[:size])
        try:
            when = reader.read(head, tz=tz, now=now)
        except InvalidDate as exc:  # "31 June 9:00": a date that does not exist is said, not read as "31"
            raise UsageError(N_('"{text}" is not a date that exists.'), values={"text": (exc.values or {}).get(
                "part", head)}, examples=WHEN_EXAMPLES) from None
        except AmbiguousDate:  # "6/1 9:00": asked back as !action and !event do, not "could not read"
            raise
        except UsageError as exc:
            if size <= 3 and first_error is None and _looks_like_when(head):
                first_error = exc
            continue
        if when.precision != Precision.DAY or when.end != when.start:
            continue  # a month or a range is not a moment
        if when.at is not None:
            moment = when.at.astimezone(UTC)
        else:
            moment = local_moment(when.start, default_time, tz)
        if moment <= now:
            raise UsageError(N_('"{head}" ({when}) is in the past.'),
                             values={"head": head, "when": moment.astimezone(ZoneInfo(tz)).replace(tzinfo=None)}, examples=WHEN_EXAMPLES)
        rest = words[size:]
        if rest and strip_confirm(rest[0])[1]:  # "in 6 years confirm renew the domain"
            confirmed, rest = True, rest[1:]
        if not confirmed:
            check_sensible(replace(when, at=moment.astimezone(ZoneInfo(tz))), now=now, tz=tz, past=False)
        if rest and re.fullmatch(r"\d{4}", rest[0]):  # "29 February 2027" read as "29 February"
            raise UsageError(N_('"{text}" is not a date that exists.'), values={"text": f"{head} {rest[0]}"},
                             examples=WHEN_EXAMPLES)
        return Schedule(moment, "", when.timezone or tz), " ".join(rest)
    if first_error is not None:
        raise first_error
    raise UsageError(N_('I could not read a time at the start of "{text}".'), values={"text": _clip(text)},
                     examples=WHEN_EXAMPLES)


def _looks_like_when(head: str) -> bool:
    from bot.dates import looks_like_date

    return looks_like_date(head)


def _read_every(text, tz, now, now_local, default_time) -> tuple[Schedule, str] | None:
    """A recurrence phrase at the start of ``text`` in English, French or Spanish, or None."""
    words = text.split(" ")
    folded = fold(text).split(" ")
    for size in range(min(len(words), 14), 0, -1):
        canonical = canonical_every(" ".join(folded[:size]))
        if canonical is None:
            continue
        match = _EVERY.fullmatch(canonical)
        if match:
            return _every_schedule(match, canonical, tz, now, now_local, default_time), " ".join(words[size:])
    if canonical_every(folded[0]) is not None or canonical_every(" ".join(folded[:2])) is not None:
        raise UsageError(N_('I could not read the recurrence in "{text}".'), values={"text": _clip(text)},
                         examples=WHEN_EXAMPLES)
    return None


def _every_schedule(match, text, tz, now, now_local, default_time) -> Schedule:
    if match.group("amb"):
        raise UsageError(N_('"{text}" could mean every other {day} or the {nth} {day} of each month; please say '
                            '"every other {day}" or "every {nth} {day} of the month".'),
                         values={"text": _clip(text), "day": match.group("awd"), "nth": match.group("amb")},
                         examples='"every other Tuesday 10:00", "every 2nd Tuesday of the month 10:00"')
    at = read_time_of_day(match.group("time")) if match.group("time") else None
    kwargs: dict = {"interval": 1}
    if match.group("ord"):
        nth = _ORDINALS[match.group("ord")]
        freq = rr.MONTHLY
        kwargs["byweekday"] = (_weekday(match.group("owd"))(nth),)
    elif match.group("other") is not None:
        unit = match.group("ounit")
        kwargs["interval"] = 2
        if unit.startswith("day"):
            freq = rr.DAILY
        elif unit.startswith("week"):
            freq = rr.WEEKLY
            if match.group("oday"):
                kwargs["byweekday"] = (_weekday(match.group("oday")),)
        elif unit.startswith("month"):
            freq = rr.MONTHLY
        else:
            freq, kwargs["byweekday"] = rr.WEEKLY, (_weekday(unit),)
    else:
        unit = match.group("unit").lower()
        interval = int(match.group("n") or 1)
        if interval < 1 or interval > 1000:
            raise UsageError(N_('"{text}" is not a recurrence that can happen.'), values={"text": f"every {interval}"},
                             examples=WHEN_EXAMPLES)
        kwargs["interval"] = interval
        monthday = match.group("monthday") or match.group("monthday2")
        month_word = match.group("month") or match.group("month_first")
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
            raise UsageError(N_('"{text}" takes no time of day.'), values={"text": _clip(text)},
                             examples='"every 2 hours"')
        step = timedelta(minutes=kwargs["interval"]) if freq == rr.MINUTELY else timedelta(hours=kwargs["interval"])
        dtstart = now.astimezone(ZoneInfo(tz)).replace(tzinfo=None, microsecond=0) + step  # "every 2 hours": from now
    else:
        at = at or default_time
        dtstart = now_local.replace(tzinfo=None, hour=at.hour, minute=at.minute)
        if kwargs.get("bymonthday") and freq == rr.YEARLY:
            dtstart = dtstart.replace(day=1)
    # the first moment is the next one the rule's pattern allows ("every 2 days 9:00": tomorrow at 9:00);
    # the interval counts from there
    rule = rr.rrule(freq, dtstart=dtstart, **{**kwargs, "interval": 1})
    first = _first_after(rule, now, tz)
    if first is None:
        raise UsageError(N_('"{text}" never happens.'), values={"text": _clip(text)}, examples=WHEN_EXAMPLES)
    # store the rule anchored at its first moment, so "every 2 weeks" keeps its rhythm
    anchored = rr.rrule(freq, dtstart=first.astimezone(ZoneInfo(tz)).replace(tzinfo=None), **kwargs)
    return Schedule(first, _rule_line(anchored), tz)


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


def _read_rrule(text, tz, now, now_local, default_time) -> tuple[Schedule, str]:
    match = _RRULE.match(text)
    if not match:
        raise UsageError(N_("Please give an RRULE after rrule."), values={},
                         examples='"rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=0"')
    line = "RRULE:" + match.group(1).upper().rstrip(";")
    parts = dict(p.split("=", 1) for p in line[6:].split(";") if "=" in p)
    # what the rule does not say comes from the start, so fill it in: BYHOUR=9 means 9:00, not 9:43;
    # a daily-or-slower rule without an hour posts at the default time
    if parts.get("FREQ") in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY"):
        if "BYHOUR" not in parts:
            line += f";BYHOUR={default_time.hour}"
            if "BYMINUTE" not in parts:
                line += f";BYMINUTE={default_time.minute}"
        elif "BYMINUTE" not in parts:
            line += ";BYMINUTE=0"
    if parts.get("FREQ") != "SECONDLY" and "BYSECOND" not in parts:
        line += ";BYSECOND=0"
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


def describe(recurrence: str, first_at: datetime, tz: str, tr) -> str:
    """A recurrence as a sentence in the reader's language ("every other Tuesday at 10:00",
    "le dernier vendredi de chaque mois à 15:00"), never the raw rule."""
    if not recurrence:
        return ""
    from babel.dates import format_date, format_time, get_day_names
    from babel.lists import format_list

    locale = tr.babel_locale
    local = first_at.astimezone(ZoneInfo(tz))
    if recurrence.startswith("cron:"):
        return _describe_cron(recurrence[5:], local, tr) or tr.t("on the cron schedule {expression}",
                                                                 expression=recurrence[5:])
    rule = rr.rrulestr(recurrence, dtstart=local.replace(tzinfo=None))
    at = format_time(local, "short", locale=locale)
    names = get_day_names("wide", locale=locale)
    freq, n = rule._freq, rule._interval
    weekdays = sorted(rule._byweekday or ())
    nth = rule._bynweekday or ()
    if freq == rr.MINUTELY:
        return tr.tn("every minute", "every {n} minutes", n)
    if freq == rr.HOURLY:
        return tr.tn("every hour", "every {n} hours", n)
    if freq == rr.DAILY and weekdays == [0, 1, 2, 3, 4]:
        return tr.t("every weekday at {time}", time=at)
    if freq == rr.DAILY:
        return tr.tn("every day at {time}", "every {n} days at {time}", n, time=at)
    if freq == rr.WEEKLY:
        days = format_list([names[d] for d in (weekdays or [local.weekday()])], locale=locale)
        if n == 1:
            return tr.t("every {days} at {time}", days=days, time=at)
        if n == 2:
            return tr.t("every other {days} at {time}", days=days, time=at)
        return tr.t("every {n} weeks on {days} at {time}", n=n, days=days, time=at)
    if freq == rr.MONTHLY and nth:
        day, which = nth[0]
        ordinal = {1: tr.t("first"), 2: tr.t("second"), 3: tr.t("third"), 4: tr.t("fourth"),
                   -1: tr.t("last")}.get(which, str(which))
        return tr.t("on the {nth} {day} of every month at {time}", nth=ordinal, day=names[day], time=at)
    if freq == rr.MONTHLY:
        monthday = (rule._bymonthday or (local.day,))[0]
        if n == 1:
            return tr.t("on day {day} of every month at {time}", day=monthday, time=at)
        return tr.t("every {n} months on day {day} at {time}", n=n, day=monthday, time=at)
    if freq == rr.YEARLY:
        return tr.t("every year on {date} at {time}", date=format_date(local, "d MMMM", locale=locale), time=at)
    return tr.t("on the schedule {expression}", expression=recurrence.removeprefix("RRULE:"))


def _describe_cron(expression: str, local: datetime, tr) -> str | None:
    """The plain cron forms as sentences: "0 9 * * 1" → "every Monday at 09:00"."""
    from babel.dates import format_time, get_day_names
    from babel.lists import format_list

    fields = expression.split()
    if len(fields) != 5 or not fields[0].isdigit() or not fields[1].isdigit() or fields[3] != "*":
        return None
    at = format_time(local.replace(hour=int(fields[1]) % 24, minute=int(fields[0]) % 60), "short",
                     locale=tr.babel_locale)
    if fields[2] == "*" and fields[4] == "*":
        return tr.tn("every day at {time}", "every {n} days at {time}", 1, time=at)
    if fields[2].isdigit() and fields[4] == "*":
        return tr.t("on day {day} of every month at {time}", day=int(fields[2]), time=at)
    if fields[2] == "*" and re.fullmatch(r"[0-7](?:-[0-7])?(?:,[0-7](?:-[0-7])?)*", fields[4]):
        names = get_day_names("wide", locale=tr.babel_locale)
        numbers: set[int] = set()
        for part in fields[4].split(","):
            low, _, high = part.partition("-")
            numbers.update(range(int(low), int(high or low) + 1))
        days = sorted({(d - 1) % 7 for d in numbers})
        if days == [0, 1, 2, 3, 4]:
            return tr.t("every weekday at {time}", time=at)
        return tr.t("every {days} at {time}", days=format_list([names[d] for d in days], locale=tr.babel_locale),
                    time=at)
    return None


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
