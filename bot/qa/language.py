"""Which of English, French and Spanish a question is written in."""

from __future__ import annotations

from bot.qa.lexicon import LANGUAGE_MARKS, LANGUAGE_WORDS


def detect(text: str, tokens: list[str]) -> str | None:
    """The language, or None when the words do not tell (then the asker's setting decides)."""
    scores = {lang: sum(1 for t in tokens if t in words) for lang, words in LANGUAGE_WORDS.items()}
    lowered = text.lower()
    for lang, marks in LANGUAGE_MARKS.items():
        if any(m in lowered for m in marks):
            scores[lang] += 2
    if "'" in lowered or "’" in lowered:
        # "l'atelier", "qu'est-ce", "d'approvisionnement" — but not "what's" or "Vietnam's"
        import re

        if re.search(r"\b(?:l|d|qu|c|n|s|j)['’]\w", lowered):
            scores["fr"] += 2
    ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
    (best, top), (_second, runner_up) = ranked[0], ranked[1]
    if top == 0 or top == runner_up:
        return None
    return best
