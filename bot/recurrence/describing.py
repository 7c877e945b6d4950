"""A recurrence as a sentence in the reader's language ("every other Tuesday at 10:00"), never the raw rule."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from dateutil import rrule as rr  # type: ignore[import-untyped]  # its stubs are not installed


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
