"""Reading days, ranges of days, weeks, months and quarters (no time of day): the calendar half of the reader."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime, time, timedelta

from bot.dates.vocabulary import _only_date_words, _spelling_guess
from bot.dates.when import DATE_EXAMPLES, AmbiguousDate, InvalidDate, When, _bad, _Day, _DayOfMonth, _WeekdayName
from bot.dates.words import (LANGUAGES, _END_OF_MONTH, _MONTHS_REL, _NTH, _QUARTER_WORDS, _RELATIVE_DAYS, _WEEKS,
                             _day_words, _month_end, _month_words, _nth_weekday, _patterns, fold)
from bot.errors import UsageError
from bot.i18n import N_
from storage.models import Precision


class DayReader:
    """The days, ranges and months DateReader reads, and the languages it reads them in."""

    def __init__(self, languages: list[str] | None = None) -> None:
        self.languages = languages or LANGUAGES

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
