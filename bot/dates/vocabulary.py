"""Whether text is made of date words, a typo's closest date word, and whether text looks like a date."""

from __future__ import annotations

import re

from bot.dates.words import _MONTHS_REL, _RELATIVE_DAYS, _WEEKS, _day_words, _month_words, fold

_CONNECTORS = frozenset("of the a an in on at this next last coming ago from now before after de du le la les el "
                        "los las del au al en dans il y hace que viene pasado pasada prochain prochaine dernier "
                        "derniere proximo proxima year years an ans annee ano anos".split())


def _only_date_words(t: str) -> bool:
    """Whether every word of ``t`` is a number or a word of dates, so dateparser cannot swallow text
    ("tomorrow 9:00 one")."""
    known = _date_vocabulary() | _CONNECTORS
    words = t.split()
    if not words or words[-1] in _CONNECTORS - {"ago", "now"}:
        return False
    return all(re.fullmatch(r"\d+(?:st|nd|rd|th|er|e)?|\d{1,2}[:h.]\d{2}", w) or w in known
               for w in re.findall(r"[\w:.']+", t))


def _date_vocabulary() -> set[str]:
    known = set(_month_words()) | set(_day_words()) | {w for phrase in (*_RELATIVE_DAYS, *_WEEKS, *_MONTHS_REL)
                                                       for w in phrase.split() if len(w) > 3}
    return known | {"day", "days", "dia", "dias", "jour", "jours", "week", "weeks", "semaine", "semaines", "semana",
                    "semanas", "month", "months", "mois", "mes", "meses", "next", "prochain", "proximo", "quarter",
                    "trimestre", "end", "fin", "mid", "mediados"}


def _spelling_guess(t: str) -> str:
    """ "tomorow" → "tomorrow": each word the reader does not know replaced by the closest word of
    dates (rapidfuzz); "" unless every unknown word has one close match, so only a plain typo is suggested."""
    from rapidfuzz import fuzz, process

    known = _date_vocabulary() | _CONNECTORS
    words, changed = t.split(), False
    for i, word in enumerate(words):
        if word in known or re.fullmatch(r"\d+(?:st|nd|rd|th|er|e)?|\d{1,2}[:h.]\d{2}", word):
            continue
        if len(word) < 4:
            return ""
        best = process.extractOne(word, sorted(w for w in known if len(w) > 3), scorer=fuzz.ratio, score_cutoff=85)
        if best is None:
            return ""
        words[i], changed = best[0], True
    return " ".join(words) if changed else ""


def looks_like_date(text: str) -> bool:
    """Whether a person plainly meant ``text`` as a date (a number, a month or day name, a relative
    day), even when it cannot be read; "diligence report" does not."""
    words = re.findall(r"[a-z']+", fold(text))
    known = _date_vocabulary()
    return bool(re.search(r"\d", text)) or any(w in known for w in words) or bool(_spelling_guess(fold(text)))
