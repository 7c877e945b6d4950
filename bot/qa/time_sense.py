"""The time a question names: a month, a weekday, "the next two weeks", a year, and limits such as "before March"."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache

from babel import Locale

from bot.dates import When
from bot.errors import UsageError
from bot.matching import fold
from bot.qa.lexicon import RELATIVE_PERIODS
from bot.qa.words import LANGS
from storage.models import Precision

RELATIVE_PATTERN = re.compile(
    "|".join(rf"(?<![a-z]){re.escape(p)}(?![a-z])" for p in sorted(RELATIVE_PERIODS, key=len, reverse=True))
)
NUMBER_WORDS = {"one": 1, "un": 1, "une": 1, "uno": 1, "una": 1, "two": 2, "deux": 2, "dos": 2, "three": 3,
                "trois": 3, "tres": 3, "four": 4, "quatre": 4, "cuatro": 4, "six": 6, "seis": 6}
SPAN_UNITS = {"day": 1, "days": 1, "jour": 1, "jours": 1, "dia": 1, "dias": 1, "week": 7, "weeks": 7,
              "semaine": 7, "semaines": 7, "semana": 7, "semanas": 7, "month": 30, "months": 30, "mois": 30,
              "mes": 30, "meses": 30}
_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + ")"
_UNIT = r"(" + "|".join(sorted(SPAN_UNITS, key=len, reverse=True)) + ")"
_NEXT = r"(?:next|coming|within|prochaine?s?|proxim[oa]s?|siguientes|venideros?|venideras?)"
# "within a month", "d'ici un mois", "dentro de un mes", "in two weeks": from today to then
WITHIN_SPAN = re.compile(rf"(?<![a-z])(?:within|in|dans|d ici|dentro de|en)\s+(?:the\s+next\s+)?(a|an|{_NUM[1:-1]})\s+"
                         rf"{_UNIT}(?![a-z])")
NEXT_SPAN = re.compile(rf"(?<![a-z]){_NEXT}\s+{_NUM}\s+{_UNIT}(?![a-z])|(?<![a-z]){_NUM}\s+{_NEXT}\s+{_UNIT}(?![a-z])")
# A word that makes the period after it a limit: "before March", "d'ici juillet", "desde abril".
BOUND = re.compile(r"(?<![a-z])(before|prior to|avant|antes de|antes del|after|apres|despues de|despues del|since|"
                   r"depuis|desde|by|until|till|d ici|jusqu a|jusqu au|hasta|no later than)\s+"
                   r"(?:(?:the|le|la|el|l)\s+)?(end of|fin|fin de|fin d|finales de|fines de|final de)?\s*$")
# a period named by its end: "the end of the year", "la fin de l'année", "finales de año"
END_OF = re.compile(r"(?:end of|fin de|fin d|fin|finales de|fines de|final de)(?![a-z])")
# the middle of a month, named before it: its days 11 to 20
MID_MONTH = re.compile(r"(?<![a-z])(?:mid|mi|middle of|the middle of|mediados de|a mediados de|mitad de)\s+$")
BOUND_KIND = {"before": "before", "prior to": "before", "avant": "before", "antes de": "before",
              "antes del": "before", "after": "after", "apres": "after", "despues de": "after",
              "despues del": "after", "since": "since", "depuis": "since", "desde": "since"}
YEAR_CHOICE = re.compile(r"(?<![a-z0-9])((?:19|20)\d\d)\s+(?:or|ou|o)\s+((?:19|20)\d\d)(?!\d)")
YEAR_PATTERN = re.compile(r"(?<![a-z0-9])(?:in|en|during|durant|pendant|para|de|del|for|pour|before|avant|antes de|"
                          r"after|apres|despues de|since|depuis|desde|by|until|hasta|jusqu en)\s+(20\d\d)(?!\d)")


@lru_cache(maxsize=1)
def month_names() -> dict[str, int]:
    """Folded month names in the three languages → month number (Babel's data)."""
    names: dict[str, int] = {}
    for lang in LANGS:
        locale = Locale.parse(lang)
        for context in ("format", "stand-alone"):
            for number, name in locale.months[context]["wide"].items():
                names[fold(name)] = number
    names["sept"] = 9
    return names


@lru_cache(maxsize=1)
def month_pattern() -> re.Pattern[str]:
    months = "|".join(sorted(month_names(), key=len, reverse=True))
    return re.compile(
        rf"(?<![a-z0-9])(?:(\d{{1,2}})\s+(?:de\s+)?)?({months})(?![a-z])(?:\s+(\d{{1,2}})(?!\d))?"
        rf"(?:\s+(?:de\s+|del\s+)?(\d{{4}}))?"
    )


@lru_cache(maxsize=1)
def weekday_pattern() -> re.Pattern[str]:
    """A day of the week, with the word that says which one ("this friday", "el viernes", "vendredi
    prochain"), in the three languages (Babel's names)."""
    days = sorted({fold(name) for lang in LANGS for name in Locale.parse(lang).days["format"]["wide"].values()},
                  key=len, reverse=True)
    before = r"(?:(?:this|next|on|ce|cette|este|esta|el|le|proximo)\s+)?"
    after = r"(?:\s+(?:prochain|qui vient|que viene))?"
    return re.compile(rf"(?<![a-z]){before}(?:{'|'.join(days)}){after}(?![a-z])")


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def relative_period(today: date, unit: str, offset: int) -> When:
    if unit == "day":
        day = today + timedelta(days=offset)
        return When(day, day, Precision.DAY)
    if unit == "week":
        start = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return When(start, start + timedelta(days=6), Precision.DAY)
    if unit == "year":
        y = today.year + offset
        return When(date(y, 1, 1), date(y, 12, 31), Precision.DAY)
    month_index = today.year * 12 + today.month - 1 + offset
    start = date(month_index // 12, month_index % 12 + 1, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return When(start, end, Precision.MONTH)


class PeriodReading:
    """How ``Knowledge`` reads the period a question names."""

    def _find_period(self, folded: str, today: date, read_date: Callable[..., When], *, future: bool,
                     cover: Callable[[int, int], None]) -> When | None:
        """The period the question names; a month without a year is the next such month when the
        sense is future ("in January" asked in December), the last one when it asks what was held."""
        span = NEXT_SPAN.search(folded)
        if span:  # "the next two weeks", "les deux prochaines semaines", "los próximos 10 días"
            cover(*span.span())
            number, unit = (span.group(1), span.group(2)) if span.group(1) else (span.group(3), span.group(4))
            count = int(number) if number.isdigit() else NUMBER_WORDS[number]
            return When(today, today + timedelta(days=count * SPAN_UNITS[unit] - 1), Precision.DAY)
        within = WITHIN_SPAN.search(folded)
        if within:
            cover(*within.span())
            number, unit = within.group(1), within.group(2)
            count = 1 if number in ("a", "an") else int(number) if number.isdigit() else NUMBER_WORDS[number]
            return When(today, today + timedelta(days=count * SPAN_UNITS[unit] - 1), Precision.DAY)
        relative = RELATIVE_PATTERN.search(folded)
        if relative:
            cover(*relative.span())
            unit, offset = RELATIVE_PERIODS[relative.group(0)]
            return relative_period(today, unit, offset)
        found = month_pattern().search(folded)
        if found:
            cover(*found.span())
            day, month, day_after, year = found.groups()
            day = day or day_after
            phrase = " ".join(p for p in (day, month, year) if p)
            middle = None if day else MID_MONTH.search(folded[:found.start()])
            if middle:  # "mi-juillet", "a mediados de julio": its middle third
                cover(*middle.span())
            try:
                # a year given is read as given: the check for dates to save ("in the past?") is not for questions
                when = read_date(phrase, prefer_future=future and not year)
            except UsageError:
                return None
            if not future and not year and when.start > today:  # "held in March", asked in April: this March
                when = replace(when, start=_year_before(when.start), end=_year_before(when.end))
            if middle:
                when = When(when.start.replace(day=11), when.start.replace(day=20), Precision.DAY)
            return when
        weekday = weekday_pattern().search(folded)
        if weekday:  # "is the workshop this friday?"
            try:
                when = read_date(weekday.group(0), prefer_future=future)
            except UsageError:
                return None
            cover(*weekday.span())
            return when
        choice = YEAR_CHOICE.search(folded)
        if choice:  # "in 2018 or 2019?": either year
            cover(*choice.span())
            first, second = sorted(int(y) for y in choice.groups())
            return When(date(first, 1, 1), date(second, 12, 31), Precision.DAY)
        year = YEAR_PATTERN.search(folded)
        if year:
            cover(*year.span())
            y = int(year.group(1))
            return When(date(y, 1, 1), date(y, 12, 31), Precision.DAY)
        return None
