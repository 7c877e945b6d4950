"""When things happen: "tomorrow 9:00", "every Monday 9:00", "every month on the 1st",
cron and RRULE for experts — read in a person's zone and computed in local time, so
9:00 stays 9:00 across daylight-saving changes.

A recurrence is stored as text: ``"RRULE:FREQ=WEEKLY;…"`` (its start is the first
moment) or ``"cron:0 9 * * 1"``. ``moments`` lists the moments of a schedule within a
window, as aware UTC datetimes.
"""

from bot.recurrence.describing import describe
from bot.recurrence.every import MONTH_DAYS, MONTHS, WEEKDAYS, WHEN_EXAMPLES, canonical_every
from bot.recurrence.moments import MAX_MOMENTS, Schedule, moments, next_moment
from bot.recurrence.reading import read_schedule
from bot.recurrence.times import TIME_EXAMPLES, check_zone, local_moment, read_duration, read_time_of_day

__all__ = [
    "MAX_MOMENTS", "MONTH_DAYS", "MONTHS", "TIME_EXAMPLES", "WEEKDAYS", "WHEN_EXAMPLES", "Schedule", "canonical_every",
    "check_zone", "describe", "local_moment", "moments", "next_moment", "read_duration", "read_schedule",
    "read_time_of_day",
]
