"""Tolerant name matching: aliases, accents, misspellings (rapidfuzz)."""

from __future__ import annotations

import unicodedata
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar


def fold(text: str) -> str:
    """Lower case, accents and punctuation removed: "Népal!" → "nepal"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = "".join(c if c.isalnum() else " " for c in decomposed if not unicodedata.combining(c))
    return " ".join(kept.split())


K = TypeVar("K", bound=Hashable)  # what a name stands for (a country's id, an observance's key)


@dataclass(frozen=True)
class Match(Generic[K]):
    key: K
    name: str
    score: float


class NameIndex(Generic[K]):
    """Every name and alias of a set of things, for exact and fuzzy look-up."""

    def __init__(self, entries: Iterable[tuple[K, str, Iterable[str]]]) -> None:
        self._names: list[str] = []  # folded
        self._keys: list[K] = []
        self._display: dict[K, str] = {}
        for key, display, names in entries:
            self._display[key] = display
            for name in {display, *names}:
                if name:
                    self._names.append(fold(name))
                    self._keys.append(key)

    def exact(self, query: str) -> Match[K] | None:
        folded = fold(query)
        for name, key in zip(self._names, self._keys):
            if name == folded:
                return Match(key, self._display[key], 100.0)
        return None

    def best(self, query: str, cutoff: float = 85.0) -> Match[K] | None:
        found = self.exact(query)
        if found:
            return found
        from rapidfuzz import fuzz, process  # on first use: it costs a start 4 MiB

        hit = process.extractOne(fold(query), self._names, scorer=fuzz.WRatio, score_cutoff=cutoff)
        if hit is None:
            return None
        _name, score, index = hit
        key = self._keys[index]
        return Match(key, self._display[key], score)

    def suggestions(self, query: str, limit: int = 3, cutoff: float = 55.0) -> list[str]:
        from rapidfuzz import fuzz, process

        hits = process.extract(fold(query), self._names, scorer=fuzz.WRatio, limit=limit * 3, score_cutoff=cutoff)
        seen: list[str] = []
        for _name, _score, index in hits:
            display = self._display[self._keys[index]]
            if display not in seen:
                seen.append(display)
        return seen[:limit]
