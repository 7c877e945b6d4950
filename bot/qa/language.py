"""Which of English, French and Spanish a question is written in.

Cost: the package is about 96 MB on disk; the high-accuracy models of the three languages take
about 115 MB of memory once the first question has been read (low-accuracy mode takes 8 MB but
read four more of the 436 dev questions in the wrong language, so it is not used).

A statistical detector (lingua, restricted to the three languages, its models shipped in the
package and loaded on first use) reads the question; when it is not sure (a lone name such as
"Fiji"), the words the bot knows in each language decide, and when they do not either, the
asker's own setting does (the caller's choice, signalled by None).
"""

from __future__ import annotations

import re
from functools import lru_cache

from bot.qa.lexicon import LANGUAGE_MARKS, LANGUAGE_WORDS

CONFIDENT = 0.6  # lingua's confidence above which its reading is taken when the words do not tell
SURE = 0.9  # above which it is taken whatever the words say
ENGLISH_POSSESSIVE = re.compile(r"[a-z]['’]s\b")
# French typography puts a space before "?" and "!": the last hint when nothing else tells
FRENCH_SPACING = re.compile(r"\w[ \u00a0\u202f]+[?!]")
FRENCH_ELISION = re.compile(r"\b(?:l|d|qu|c|n|s|j)['’]\w")


@lru_cache(maxsize=1)
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = {Language.ENGLISH: "en", Language.FRENCH: "fr", Language.SPANISH: "es"}
    return LanguageDetectorBuilder.from_languages(*languages).build(), languages


LEADING_MENTION = re.compile(r"^\s*@\S+\s*")


def detect(text: str, tokens: list[str]) -> str | None:
    """The language, or None when neither the detector nor the words tell."""
    found = _detect(LEADING_MENTION.sub("", text), tokens)  # "@bot evento E9": the bot's name is no language
    if found is None and FRENCH_SPACING.search(text):
        return "fr"  # nothing else tells, but "E7 ?" is typed the French way
    return found


def _detect(text: str, tokens: list[str]) -> str | None:
    lowered = text.lower()
    for lang, marks in LANGUAGE_MARKS.items():
        if any(m in lowered for m in marks):
            return lang
    if len(tokens) < 2:  # a lone name ("Fiji") is written the same in every language
        return by_words(lowered, tokens)
    detector, codes = _detector()
    best = detector.compute_language_confidence_values(text)
    words, margin = by_words_margin(lowered, tokens)
    if words is not None and margin >= 3:  # many of the bot's own words of one language
        return words
    if best and best[0].value >= SURE:
        return codes[best[0].language]
    if words is not None:  # the bot's own words in the question, when the detector is not sure
        return words
    if best and best[0].value >= CONFIDENT:
        return codes[best[0].language]
    return None


def by_words(lowered: str, tokens: list[str]) -> str | None:
    return by_words_margin(lowered, tokens)[0]


def by_words_margin(lowered: str, tokens: list[str]) -> tuple[str | None, int]:
    """The language most of the bot's own words belong to, and by how many words it leads."""
    scores = {lang: sum(1 for t in tokens if t in words) for lang, words in LANGUAGE_WORDS.items()}
    if len(tokens) > 1 and tokens[0] == "y" and tokens[1] not in ("a", "en"):  # "¿y Uganda?", not "y a-t-il"
        scores["es"] += 2
    if FRENCH_ELISION.search(lowered):  # "l'atelier", "qu'est-ce", but not "what's" or "Vietnam's"
        scores["fr"] += 2
    elif ENGLISH_POSSESSIVE.search(lowered):  # "Nigeria's", "what's"
        scores["en"] += 2
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_second, runner_up) = ranked[0], ranked[1]
    if top == 0 or top == runner_up:
        return None, 0
    return best, top - runner_up
