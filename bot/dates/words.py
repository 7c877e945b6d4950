"""The words of dates in English, French and Spanish, the patterns of the grammar, and month arithmetic."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, timedelta
from functools import lru_cache

LANGUAGES = ["en", "fr", "es"]
_BABEL_LOCALES = {"en": "en", "fr": "fr", "es": "es"}


def fold(text: str) -> str:
    """Lower case without accents; punctuation kept ("Mañana, 9h" → "manana, 9h")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1)
def _month_words() -> dict[str, int]:
    from babel.dates import get_month_names  # when first used: babel.dates costs a start about 10 ms

    words: dict[str, int] = {}
    for lang in LANGUAGES:
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in get_month_names(width, context, locale=_BABEL_LOCALES[lang]).items():
                    words.setdefault(fold(name).rstrip("."), number)
    words.update({"sept": 9, "sep": 9, "setiembre": 9, "juil": 7, "fev": 2, "janv": 1, "avr": 4})
    return words


_ENGLISH_DAYS = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4, "sat": 5,
                 "sun": 6}


@lru_cache(maxsize=1)
def _day_words() -> dict[str, int]:
    from babel.dates import get_day_names

    words = dict(_ENGLISH_DAYS)
    for lang in LANGUAGES:
        for number, name in get_day_names("wide", locale=_BABEL_LOCALES[lang]).items():
            words[fold(name)] = number
    return words


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    month = rf"(?P<month>{_alternation(_month_words())})\.?"
    day = r"(?P<day>\d{1,2})(?:st|nd|rd|th|er|re|e|eme|o|º|°)?"
    year = r"(?P<year>\d{4})"
    wd = rf"(?:(?P<weekday>{_alternation(_day_words())})[,.]?\s+)?"
    art = r"(?:(?:the|le|el|la)\s+)?"
    of = r"(?:\s+(?:of|de|del))?"
    return {
        # "14 May 2027", "Friday 14 May", "le 14 mai 2027", "14 de mayo de 2027", "1er mai", "the 14th of May"
        "dmy": re.compile(rf"^{wd}{art}{day}{of}\s+{month}(?:,?\s+(?:de\s+|del\s+)?{year})?$"),
        # "May 14, 2027", "Friday, May 14th"
        "mdy": re.compile(rf"^{wd}{month}\s+{day}(?:,?\s+{year})?$"),
        "iso": re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$"),
        "numeric": re.compile(r"^(?P<a>\d{1,2})[/.](?P<b>\d{1,2})(?:[/.](?P<year>\d{4}|\d{2}))?$"),
        # "May", "May 2027", "mai 2027", "mayo de 2027", "in May"
        "month": re.compile(rf"^{month}(?:,?\s+(?:de\s+|del\s+)?{year})?$"),
        "bare_day": re.compile(rf"^{art}{day}$"),
        "weekday": re.compile(rf"^(?P<pre>(?:next|this|coming|on|ce|este|el|le|el\s+proximo|proximo)\s+)?"
                              rf"(?P<weekday>{_alternation(_day_words())})"
                              rf"(?P<post>\s+(?:prochain|qui\s+vient|que\s+viene|proximo))?$"),
        "nth_weekday": re.compile(rf"^(?:(?:the|le|la|el)\s+)?(?P<nth>{_alternation(_NTH)})\s+"
                                  rf"(?P<weekday>{_alternation(_day_words())})\s+(?:of|du|de|del|d')\s*"
                                  rf"(?:(?:the|this|ce|este)\s+)?(?:month|mois|mes|{month})"
                                  rf"(?:,?\s+(?:de\s+)?{year})?$"),
        "quarter": re.compile(r"^(?:q(?P<q>[1-4])|t(?P<t>[1-4])|(?P<qword>first|second|third|fourth|1st|2nd|3rd|4th|"
                              r"premier|1er|deuxieme|second|2e|2eme|troisieme|3e|3eme|quatrieme|4e|4eme|"
                              r"primer|segundo|tercer|cuarto)\s+(?:quarter|trimestre))"
                              r"(?:,?\s+(?:of\s+|de\s+|del\s+)?(?P<year>\d{4}))?$"),
        "part_of_month": re.compile(rf"^(?P<part>(?:the\s+)?end\s+of|(?:the\s+)?middle\s+of|mid[- ]?|"
                                    rf"(?:la\s+)?fin\s+(?:de\s+|d')?|mi[- ]|(?:a\s+)?(?:finales|fines)\s+de|"
                                    rf"(?:a\s+)?mediados\s+de|(?:a\s+)?mitad\s+de)\s*{month}(?:,?\s+(?:de\s+|del\s+)?{year})?$"),
        "relative": re.compile(r"^(?:in|dans|en|d'ici)\s+(?P<n>-?\d+|an?|one|une?|una)\s+(?P<unit>[a-z]+)"
                               r"(?:\s+from\s+now)?$|"
                               r"^(?P<n2>-?\d+|an?|one)\s+(?P<unit2>[a-z]+)\s+from\s+now$"),
    }


_UNITS = {
    "seconds": ("seconds", 1), "second": ("seconds", 1), "secs": ("seconds", 1), "sec": ("seconds", 1),
    "secondes": ("seconds", 1), "seconde": ("seconds", 1), "segundos": ("seconds", 1), "segundo": ("seconds", 1),
    "s": ("seconds", 1),
    "minutes": ("minutes", 1), "minute": ("minutes", 1), "mins": ("minutes", 1), "min": ("minutes", 1),
    "minutos": ("minutes", 1), "minuto": ("minutes", 1), "m": ("minutes", 1),
    "hours": ("hours", 1), "hour": ("hours", 1), "hrs": ("hours", 1), "hr": ("hours", 1), "h": ("hours", 1),
    "heures": ("hours", 1), "heure": ("hours", 1), "horas": ("hours", 1), "hora": ("hours", 1),
    "days": ("days", 1), "day": ("days", 1), "jours": ("days", 1), "jour": ("days", 1), "dias": ("days", 1),
    "dia": ("days", 1), "d": ("days", 1),
    "weeks": ("days", 7), "week": ("days", 7), "semaines": ("days", 7), "semaine": ("days", 7),
    "semanas": ("days", 7), "semana": ("days", 7), "w": ("days", 7),
    "months": ("months", 1), "month": ("months", 1), "mois": ("months", 1), "meses": ("months", 1),
    "mes": ("months", 1),
    "years": ("months", 12), "year": ("months", 12), "ans": ("months", 12), "an": ("months", 12),
    "annees": ("months", 12), "annee": ("months", 12), "anos": ("months", 12), "ano": ("months", 12),
}

_RELATIVE_DAYS = {
    "today": 0, "tomorrow": 1, "yesterday": -1, "day after tomorrow": 2, "the day after tomorrow": 2,
    "aujourd'hui": 0, "aujourd hui": 0, "demain": 1, "hier": -1, "apres-demain": 2, "apres demain": 2,
    "avant-hier": -2, "hoy": 0, "manana": 1, "ayer": -1, "pasado manana": 2, "anteayer": -2,
    "tonight": 0, "ce soir": 0, "esta noche": 0, "now": 0, "maintenant": 0, "ahora": 0,
}
_WEEKS = {
    "this week": 0, "next week": 1, "last week": -1, "cette semaine": 0, "la semaine prochaine": 1,
    "semaine prochaine": 1, "la semaine derniere": -1, "esta semana": 0, "la semana que viene": 1,
    "la proxima semana": 1, "proxima semana": 1, "semana que viene": 1, "la semana pasada": -1,
}
_MONTHS_REL = {
    "this month": 0, "next month": 1, "last month": -1, "ce mois": 0, "ce mois-ci": 0, "le mois prochain": 1,
    "mois prochain": 1, "le mois dernier": -1, "este mes": 0, "el mes que viene": 1, "el proximo mes": 1,
    "mes que viene": 1, "proximo mes": 1, "el mes pasado": -1,
}
_END_OF_MONTH = ("end of the month", "end of month", "the end of the month", "fin du mois", "la fin du mois",
                 "fin de mes", "a fin de mes", "finales de mes", "a finales de mes")
_NTH = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "last": -1,
        "premier": 1, "1er": 1, "deuxieme": 2, "troisieme": 3, "quatrieme": 4, "dernier": -1,
        "primer": 1, "segundo": 2, "tercer": 3, "cuarto": 4, "ultimo": -1}


def _nth_weekday(first: date, weekday: int, nth: int) -> date:
    """The nth (or last, -1) given weekday of the month starting ``first``."""
    if nth > 0:
        found = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return found if found.month == first.month else found - timedelta(days=7)
    last = _month_end(first)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


_QUARTER_WORDS = {"first": 1, "1st": 1, "premier": 1, "1er": 1, "primer": 1, "second": 2, "2nd": 2,
                  "deuxieme": 2, "2e": 2, "2eme": 2, "segundo": 2, "third": 3, "3rd": 3, "troisieme": 3, "3e": 3,
                  "3eme": 3, "tercer": 3, "fourth": 4, "4th": 4, "quatrieme": 4, "4e": 4, "4eme": 4, "cuarto": 4}


def _month_end(first: date) -> date:
    nxt = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)
