"""Schedules and their moments: when a stored recurrence (RRULE or cron) happens, as aware UTC datetimes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from apscheduler.triggers.cron import CronTrigger  # type: ignore[import-untyped]  # no type hints
from dateutil import rrule as rr  # type: ignore[import-untyped]  # its stubs are not installed

from bot.errors import UsageError
from bot.i18n import N_

MAX_MOMENTS = 5000  # per schedule and window: a bound on every loop here


@dataclass(frozen=True)
class Schedule:
    """A first moment (aware UTC) and an optional recurrence, in ``timezone``."""

    first_at: datetime
    recurrence: str
    timezone: str

    def moments(self, start: datetime, end: datetime) -> list[datetime]:
        return moments(self.first_at, self.recurrence, self.timezone, start, end)


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
