"""What a reading holds (When), the reader's errors, and days and weekdays as message values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.errors import UsageError
from bot.i18n import N_
from storage.models import Precision

DATE_EXAMPLES = N_('"14 May", "14 May 2027", "next Friday", "2027-05-14", "September", "14-15 May 2027", '
                   '"Q1 2027", "end of June", "14 May at 15:00 CET"')


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
        from babel.dates import get_month_names  # when first used: babel.dates costs a start about 10 ms

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
        from babel.dates import get_day_names

        return get_day_names("wide", locale=locale)[self.number]

    def __str__(self) -> str:
        return _EN_DAYS[self.number]
