"""Word stems for full-text search, in English, French and Spanish.

PostgreSQL stems with its own text search configurations (``english``, ``french``, ``spanish``:
Snowball stemmers and stop words). SQLite's FTS5 has only an English stemmer, so for SQLite the
same Snowball stemmers (the ``snowballstemmer`` package) turn text into stems before it is
indexed or searched. The stop words below are the most frequent function words of each
language, so that "resources on forced labour" searches for "forced labour" on both databases.
"""

from __future__ import annotations

import re

#: the bot's languages and the stemmer (and PostgreSQL configuration) for each
STEMMING = {"en": "english", "fr": "french", "es": "spanish"}

_WORD = re.compile(r"\w+", re.UNICODE)
_STOP_WORDS = {
    "english": frozenset("a an and any are as at be by for from has have in into is it of on or our the "
                         "their this to was were with about".split()),
    "french": frozenset("à au aux avec ce ces dans de des du en est et il la le les leur mais ne ou par "
                        "pas pour qui que sa se son sur un une d l".split()),
    "spanish": frozenset("a al con de del el en es la las lo los o para por que se su sus un una y "
                         "sobre".split()),
}


def stemming_for(lang: str) -> str:
    return STEMMING.get(lang, "english")


def words(text: str, stemming: str) -> list[str]:
    """The words of ``text`` that count for search (lower case, stop words left out)."""
    stop = _STOP_WORDS.get(stemming, frozenset())
    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in stop and not w.isdigit()]


def stems(text: str, stemming: str) -> list[str]:
    """The stems of the words of ``text``: "travailleurs migrants" → ["travailleur", "migr"]."""
    # here, not at start: it loads every language's stemmer module
    import snowballstemmer  # type: ignore[import-untyped]  # it ships no type hints

    return list(snowballstemmer.stemmer(stemming).stemWords(words(text, stemming)))
