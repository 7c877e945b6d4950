"""Reading "<when> <what>": a moment, a recurrence phrase, cron or an RRULE at the start of a text, and the rest."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from dateutil import rrule as rr  # type: ignore[import-untyped]  # its stubs are not installed

from bot.dates import fold
from bot.errors import UsageError
from bot.i18n import N_
from bot.recurrence.every import WHEN_EXAMPLES, _clip, _read_every
from bot.recurrence.moments import Schedule, _cron_trigger, _first_after
from bot.recurrence.times import local_moment
from storage.models import Precision

_CRON = re.compile(r"^cron\s+((?:\S+\s+){4}\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_RRULE = re.compile(r"^rrule\s+(?:RRULE:)?(\S+)(?:\s+(.*))?$", re.IGNORECASE | re.DOTALL)
_LEAD = re.compile(r"^(?:to|:|-|–|that)\s+", re.IGNORECASE)


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
