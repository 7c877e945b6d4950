"""The words of questions and stored texts: folded, stemmed, glossed, and the names Babel knows."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from babel import Locale

from bot.matching import fold
from bot.qa.lexicon import CUES, GLOSSARY, LANGUAGE_WORDS, STOPWORDS

LANGS = ("en", "fr", "es")
MAX_NGRAM = 5
# Codes Babel lists as territories that are not countries.
NOT_COUNTRIES = {"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"}


def _cue_pattern(cues: Iterable[str]) -> re.Pattern[str]:
    parts = []
    for cue in cues:
        word = re.escape(cue.strip())
        parts.append(rf"(?<![a-z0-9]){word}(?![a-z0-9])" if cue.endswith(" ") else rf"(?<![a-z0-9]){word}")
    return re.compile("|".join(parts))


@lru_cache(maxsize=1)
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """One pattern per kind of cue (``CUES``), compiled when the first question is read: compiling them
    costs a start about 10 ms."""
    return {name: _cue_pattern(cues) for name, cues in CUES.items()}


def stem(word: str) -> str:
    return word[:5]


@lru_cache(maxsize=4096)
def content_words(text: str) -> tuple[str, ...]:
    """The folded words of a stored text that carry meaning (cached: stored texts repeat)."""
    return tuple(w for w in fold(text).split() if w not in STOPWORDS and (len(w) > 1 or w.isdigit()))


@lru_cache(maxsize=4096)
def folded(text: str) -> str:
    return fold(text)


@lru_cache(maxsize=1024)
def territory(lang: str, code: str) -> str:
    return Locale.parse(lang).territories.get(code, "")


@lru_cache(maxsize=1)
def _glossary() -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for english, words in GLOSSARY.items():
        for word in (english, *words):
            for part in fold(word).split():
                out.setdefault(part, set()).add(english)
    return out


def expand(words: Iterable[str]) -> set[str]:
    """Stems of the words and of their English equivalents in the glossary."""
    glossary = _glossary()
    out: set[str] = set()
    for w in words:
        out.add(stem(w))
        out.update(stem(e) for e in glossary.get(w, ()))
    return out


@lru_cache(maxsize=1)
def territory_names() -> dict[str, str]:
    """Folded country names in the three languages → ISO code (Babel's data)."""
    ordinary = set().union(*LANGUAGE_WORDS.values(), STOPWORDS, *(map(fold, c) for c in CUES.values()))
    names: dict[str, str] = {}
    for lang in LANGS:
        for code, name in Locale.parse(lang).territories.items():
            if len(code) != 2 or code in NOT_COUNTRIES:
                continue
            folded = fold(name)
            content = [w for w in folded.split() if w not in STOPWORDS]
            if folded and content and not all(w in ordinary for w in content):  # not "la reunion"
                names.setdefault(folded, code)
    return names


def ngrams(tokens: list[str], n_max: int = MAX_NGRAM) -> Iterable[tuple[int, int, str]]:
    for n in range(min(n_max, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            yield i, i + n, " ".join(tokens[i : i + n])


def _close_word(word: str) -> str | None:
    """The known word a longer unknown one is a typo of ("workshp" → "workshop"), if one is close."""
    if len(word) < 5:
        return None
    from rapidfuzz import fuzz, process  # on first use: it costs a start 4 MiB

    found = process.extractOne(word, _cue_words(), scorer=fuzz.ratio, score_cutoff=85)
    # a typo keeps the word's first letter: "plate" is not "late", "sprint" is not "print"
    return found[0] if found and found[0][0] == word[0] else None


@lru_cache(maxsize=1)
def _cue_words() -> tuple[str, ...]:
    words = {w for cues in CUES.values() for cue in cues for w in fold(cue).split() if len(w) >= 4}
    words |= {w for ws in LANGUAGE_WORDS.values() for w in ws if len(w) >= 5}
    return tuple(sorted(words))


def english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
