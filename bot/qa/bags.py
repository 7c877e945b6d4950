"""Texts as bags of word stems, weighed by how rare each stem is (IDF), to score a question against them."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Generic, TypeVar

from bot.qa.words import content_words, stem

K = TypeVar("K")  # what a bag of words stands for (a day, an event)


def idf_sum(idf: Mapping[str, float], stems: Iterable[str]) -> float:
    """The summed weights of the stems, the same whatever order a set gives them in (a float sum
    depends on its order, and a set's order on the process's string hashing): two texts that
    share the same words with a question always tie."""
    return math.fsum(idf[s] for s in stems)


def bag_of(texts: list[str]) -> frozenset[str]:
    return frozenset(stem(w) for text in texts for w in content_words(text))


class BagIndex(Generic[K]):
    """Texts as bags of stems, scored against a question with IDF weights."""

    def __init__(self, entries: list[tuple[K, list[str]]]) -> None:
        self.entries: list[tuple[K, frozenset[str]]] = [(key, bag_of(texts)) for key, texts in entries]
        df = Counter(s for _key, bag in self.entries for s in bag)
        n = max(len(self.entries), 1)
        self.idf = {s: math.log(1 + n / c) for s, c in df.items()}
        # stem → the positions of the entries whose bag holds it
        self.postings: dict[str, list[int]] = {}
        for i, (_key, bag) in enumerate(self.entries):
            for s in bag:
                self.postings.setdefault(s, []).append(i)

    def sharing(self, words: set[str]) -> list[tuple[K, frozenset[str]]]:
        """The entries whose bag shares a stem with ``words``, in their order: the only ones a
        question's words can score (the others score 0)."""
        positions = sorted({i for s in words if s in self.postings for i in self.postings[s]})
        return [self.entries[i] for i in positions]

    def entries_bag(self, key: K) -> frozenset[str]:
        return next((bag for k, bag in self.entries if k is key), frozenset())

    def best(self, words: set[str], ignore: frozenset[str] = frozenset()) -> tuple[K | None, float, float]:
        """(key, score, margin): the summed IDF of the question's stems found in the best text."""
        scored: list[tuple[float, K]] = []
        for key, bag in self.entries:
            score = idf_sum(self.idf, (words & bag) - ignore)
            scored.append((score, key))
        if not scored:
            return None, 0.0, 0.0
        scored.sort(key=lambda sk: sk[0], reverse=True)
        top = scored[0]
        runner = scored[1][0] if len(scored) > 1 else 0.0
        return top[1], top[0], top[0] - runner
