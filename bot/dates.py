"""Reading dates people type, in their own time zone, with dateparser.

A ``When`` is a day, a range of days, a whole month ("September"), or a moment
with a time ("next Friday 15:00") in an IANA zone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateparser.date import DateDataParser

from bot.errors import UsageError
from bot.i18n import N_
from storage.models import Precision

LANGUAGES = ["en", "fr", "es"]
DATE_EXAMPLES = '"14 May", "14 May 2019", "next Friday", "2019-05-14", "September", "14-15 May 2019"'

# "14-15 May 2019", "20–21 March": two day numbers sharing a month
_DAY_RANGE = re.compile(r"^\s*(\d{1,2})\s*[-–—]\s*(\d{1,2})\s+(\D.*)$")
# "14 May - 16 May 2019", "14 May to 16 May", "du 3 au 5 mars", "del 3 al 5 de marzo"
_RANGE_SPLIT = re.compile(r"\s+(?:[-–—]|to|until|till|au|al|hasta)\s+|\s*[–—]\s*", re.IGNORECASE)
_TIME = re.compile(r"\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b\d{4}\b")
_NUMBER = re.compile(r"\b\d{1,2}\b")


@dataclass(frozen=True)
class When:
    start: date
    end: date
    precision: Precision
    at: datetime | None = None  # aware, when a time was given
    timezone: str = ""

    @property
    def is_range(self) -> bool:
        return self.end != self.start and self.precision == Precision.DAY


class DateReader:
    """Parses natural dates relative to ``now`` in a given zone."""

    def __init__(self, languages: list[str] | None = None) -> None:
        self.languages = languages or LANGUAGES

    def _parser(self, now_local: datetime, prefer_future: bool) -> DateDataParser:
        return DateDataParser(
            languages=self.languages,
            settings={
                "PREFER_DATES_FROM": "future" if prefer_future else "current_period",
                "RELATIVE_BASE": now_local.replace(tzinfo=None),
                "RETURN_TIME_AS_PERIOD": True,
                "PREFER_DAY_OF_MONTH": "first",
                "DATE_ORDER": "DMY",
            },
        )

    def read(self, text: str, *, tz: str, now: datetime, prefer_future: bool = True) -> When:
        """Read ``text`` or raise ``UsageError`` naming what could not be read."""
        text = " ".join(text.split()).strip(" .,")
        if not text:
            raise UsageError(N_("Please give a date."), examples=DATE_EXAMPLES, values={})
        zone = ZoneInfo(tz)
        now_local = now.astimezone(zone)
        parser = self._parser(now_local, prefer_future)

        day_range = _DAY_RANGE.match(text)
        if day_range:
            first, last, rest = day_range.groups()
            end = self._single(parser, f"{last} {rest}", zone, text)
            start = self._single(parser, f"{first} {rest}", zone, text)
            return self._range(start, end, text)
        parts = [p for p in _RANGE_SPLIT.split(text) if p]
        if len(parts) == 2:
            end = self._single(parser, parts[1], zone, text)
            start_text = parts[0]
            if not re.search(r"[^\W\d_]", start_text) and end.precision == Precision.DAY:
                start_text = f"{start_text} {end.start.strftime('%B %Y')}"
            elif not _YEAR.search(start_text) and _YEAR.search(parts[1]):
                start_text = f"{start_text} {end.start.year}"
            start = self._single(parser, start_text, zone, text)
            return self._range(start, end, text)
        return self._single(parser, text, zone, text)

    def _single(self, parser: DateDataParser, part: str, zone: ZoneInfo, whole: str) -> When:
        data = parser.get_date_data(part)
        if data.date_obj is None:
            raise UsageError(N_('I could not read "{part}" as a date.'), examples=DATE_EXAMPLES, values={"part": part})
        found = data.date_obj
        period = data.period
        if period == "month":
            # "32 May" reads as May 2032: a day number that was dropped means a bad day
            numbers = [int(n) for n in _NUMBER.findall(part)]
            if numbers:
                raise UsageError(N_('"{part}" is not a day that exists.'), examples=DATE_EXAMPLES,
                                 values={"part": part})
            first = found.date().replace(day=1)
            return When(first, _month_end(first), Precision.MONTH, timezone=zone.key)
        if period == "year":
            raise UsageError(N_('"{part}" is a whole year; give a month or a day.'), examples=DATE_EXAMPLES,
                             values={"part": part})
        if period == "time" or _TIME.search(part):
            at = found.replace(tzinfo=zone) if found.tzinfo is None else found.astimezone(zone)
            return When(at.date(), at.date(), Precision.DAY, at=at, timezone=zone.key)
        return When(found.date(), found.date(), Precision.DAY, timezone=zone.key)

    @staticmethod
    def _range(start: When, end: When, whole: str) -> When:
        if end.end < start.start:
            raise UsageError(N_('In "{whole}" the end comes before the start.'), examples=DATE_EXAMPLES,
                             values={"whole": whole})
        return When(start.start, end.end, Precision.DAY, at=start.at, timezone=start.timezone)


def _month_end(first: date) -> date:
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)
