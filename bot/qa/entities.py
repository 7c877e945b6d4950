"""Finding the pathfinder countries, action groups, owners and region a question names."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TypeVar

from bot.qa.item_catalog import ItemCatalog
from bot.qa.lexicon import STOPWORDS
from bot.qa.question import Question
from bot.qa.words import ngrams, territory_names
from storage.models import ActionGroup, PathfinderCountry

V = TypeVar("V")
# words that leave the country after them out: "apart from Madagascar, which African countries …"
EXCEPT_WORDS = frozenset("except excepting besides sauf hormis excepte excepto salvo menos".split())
EXCEPT_PHRASES = frozenset(["apart from", "other than", "except for", "a part", "aparte de", "en dehors de",
                            "with the exception of", "a l exception de", "a excepcion de", "con excepcion de"])
OUTSIDE_WORDS = re.compile(r"(?<![a-z])(?:outside|hors|en dehors|fuera|non)(?![a-z])")


class NameFinding:
    """How ``Knowledge`` finds the countries, action groups, owners and region a question names."""

    country_names: dict[str, PathfinderCountry]
    group_names: dict[str, ActionGroup]
    lead_names: dict[str, str]
    items: ItemCatalog
    regions: dict[str, list[list[str]]]

    def _claim(self, names: Mapping[str, V], tokens: list[str], used: list[bool],
               fuzzy: bool) -> list[tuple[int, V]]:
        from rapidfuzz import fuzz  # on first use: it costs a start 4 MiB

        found: list[tuple[int, V]] = []
        for i, j, gram in ngrams(tokens):
            if any(used[i:j]):
                continue
            hit = names.get(gram)
            if hit is None and fuzzy and j - i <= 2 and len(gram) >= 5 and gram not in STOPWORDS:
                best: V | None = None
                best_score = 0.0
                for name, value in names.items():
                    if abs(len(name) - len(gram)) > 2:
                        continue
                    score = fuzz.ratio(gram, name)
                    if score > best_score:
                        best, best_score = value, score
                if best_score >= 86:
                    hit = best
            if hit is not None:
                used[i:j] = [True] * (j - i)
                found.append((i, hit))
        found.sort(key=lambda f: f[0])
        return found

    def _find_countries(self, q: Question, used: list[bool]) -> None:
        for pos, country in self._claim(self.country_names, q.tokens, used, fuzzy=True):
            before = q.tokens[max(pos - 3, 0):pos]
            if before and (before[-1] in EXCEPT_WORDS or " ".join(before[-2:]) in EXCEPT_PHRASES
                           or " ".join(before[-3:]) in EXCEPT_PHRASES):
                if country not in q.excluded:
                    q.excluded.append(country)
            elif country not in q.countries:
                q.countries.append(country)
        if q.excluded and not (q.cues & {"outside"} and OUTSIDE_WORDS.search(q.folded)):
            q.cues.discard("outside")  # "except Madagascar": a country left out, not a region
        others = self._claim(territory_names(), q.tokens, used, fuzzy=False)
        if others:
            q.other_country = others[0][1]

    def _find_groups(self, q: Question, used: list[bool]) -> None:
        found = self._claim(self.group_names, q.tokens, used, fuzzy=True)
        if found:
            q.group = found[0][1]

    def _find_owner(self, q: Question) -> list[bool]:
        # an owner may also name a group ("CEAG"): look at every token again
        free = [False] * len(q.tokens)
        found = self._claim({**self.lead_names, **self.items.owner_names}, q.tokens, free, fuzzy=True)
        if found:
            q.owner = found[0][1]
        return free

    def _find_region(self, q: Question, used: list[bool]) -> list[bool]:
        words = [w for w, u in zip(q.tokens, used) if not u and w not in STOPWORDS]
        best, best_score, best_words = None, (0, 0), []
        for region, names in self.regions.items():
            for name_words in names:
                matched = [w for w in name_words if any(_same(w, t) for t in words)]
                score = (len(matched), 1 if matched and matched[0] == name_words[0] else 0)
                if matched and score > best_score:
                    best, best_score, best_words = region, score, name_words
        q.region = best
        return [not u and any(_same(w, t) for w in best_words) for t, u in zip(q.tokens, used)]


def _same(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4 and (a.startswith(b[:5]) or b.startswith(a[:5])):
        return True
    return len(a) >= 5 and len(b) >= 5 and fuzz.ratio(a, b) >= 85
