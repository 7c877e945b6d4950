"""The open action items as bags of words, kept between questions, and the organisations that own them."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Awaitable, Callable

from bot.qa.bags import bag_of, idf_sum
from bot.qa.lexicon import ORGANISATION_ALIASES
from bot.qa.words import folded

FULL_RELOAD = 500  # more changed items than this: read them all at once


class ItemCatalog:
    """The open action items as bags of words, and the organisations that own them.

    Kept between questions and refreshed incrementally: an item whose last change is the
    same keeps its bag, so one new item does not re-read ten thousand; the document counts and
    the stem → items postings are updated for the items that changed only, and a question is
    scored against the items that share a stem with it, not against every item.
    """

    def __init__(self) -> None:
        # id → (last change, bag): the bag kept as a tuple of strings, which the garbage collector stops
        # tracking, so that ten thousand items are not scanned again at each full collection
        self._bags: dict[int, tuple[object, tuple[str, ...]]] = {}
        self._df: Counter[str] = Counter()
        self._postings: dict[str, set[int]] = {}
        self._owners: dict[int, tuple[str, ...]] = {}  # id → the organisations that own it
        self._owner_count: Counter[str] = Counter()
        self.owner_names: dict[str, str] = {}  # folded name → organisation

    def clear(self) -> None:
        """Forget every item: the next refresh reads them all."""
        self._bags.clear()
        self._df.clear()
        self._postings.clear()
        self._owners.clear()
        self._owner_count.clear()

    @property
    def index(self) -> ItemCatalog:
        return self

    def bag(self, item_id: int) -> frozenset[str]:
        return frozenset(self._bags.get(item_id, (None, ()))[1])

    def _remove(self, item_id: int) -> None:
        _stamp, bag = self._bags.pop(item_id)
        self._owner_count.subtract(self._owners.pop(item_id, ()))
        for s in bag:
            self._df[s] -= 1
            if not self._df[s]:
                del self._df[s]
            self._postings[s].discard(item_id)
            if not self._postings[s]:
                del self._postings[s]

    def _add(self, item_id: int, stamp: object, bag: frozenset[str], owners: list[str]) -> None:
        self._bags[item_id] = (stamp, tuple(bag))
        self._owners[item_id] = tuple(owners)
        self._owner_count.update(owners)
        for s in bag:
            self._df[s] += 1
            self._postings.setdefault(s, set()).add(item_id)

    def best(self, words: set[str]) -> tuple[int | None, float, float]:
        """(id, score, margin): the summed IDF of the question's stems found in the best item, and
        how far ahead of the next one it is (0 when no item shares a word)."""
        n = max(len(self._bags), 1)
        idf = {s: math.log(1 + n / self._df[s]) for s in words if s in self._df}
        shared: dict[int, list[str]] = {}
        for s in idf:
            for item_id in self._postings[s]:
                shared.setdefault(item_id, []).append(s)
        scores = {item_id: idf_sum(idf, stems) for item_id, stems in shared.items()}
        if not scores:
            return None, 0.0, 0.0
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)[:2]
        top_id, top = ranked[0]
        runner = ranked[1][1] if len(ranked) > 1 else 0.0
        return top_id, top, top - runner

    def __len__(self) -> int:
        return len(self._bags)

    def catch_up(
        self,
        changed: list[tuple[int, object, bool, str, list[str], list[str]]],
        *,
        reread_all: bool = False,
    ) -> None:
        """Apply the items changed since the last look: (id, last change, still open, text, its group's
        names, its organisations); an open one is taken anew when its stamp changed, and with
        ``reread_all`` even when it is the same (its owners may have changed without it)."""
        for item_id, _stamp, is_open, *_ in changed:
            if not is_open and item_id in self._bags:
                self._remove(item_id)
        for item_id, stamp, is_open, text, group_names, owners in changed:
            if not is_open or not (reread_all or self._bags.get(item_id, (None,))[0] != stamp):
                continue
            if item_id in self._bags:
                self._remove(item_id)
            self._add(item_id, stamp, bag_of([text, *group_names]), owners)
        self._organisations()

    async def reread(
        self,
        ids: list[int],
        load_texts: Callable[[list[int] | None], Awaitable[list[tuple[int, str, list[str], object, list[str]]]]],
    ) -> None:
        """Read the given items again, whatever their stamp (their owners may have changed without it),
        in one look: those still open anew; the others, closed or deleted, leave the catalogue."""
        fresh = await load_texts(ids) if ids else []
        still_open = {row[0] for row in fresh}
        for item_id in ids:
            if item_id not in still_open and item_id in self._bags:
                self._remove(item_id)
        for item_id, text, group_names, stamp, owners in fresh:
            if item_id in self._bags:
                self._remove(item_id)
            self._add(item_id, stamp, bag_of([text, *group_names]), owners)
        self._organisations()

    async def refresh(
        self,
        stamps: list[tuple[int, object]],
        load_texts: Callable[[list[int] | None], Awaitable[list[tuple[int, str, list[str], object, list[str]]]]],
    ) -> None:
        """``stamps``: (id, last change) of every open item; ``load_texts`` reads (id, text, its
        group's names, last change, its organisations) for the items given (all when None) — only
        those that changed."""
        current = dict(stamps)
        for item_id in [i for i in self._bags if i not in current]:
            self._remove(item_id)
        changed = [item_id for item_id, stamp in current.items() if self._bags.get(item_id, (None,))[0] != stamp]
        fresh = await load_texts(None if len(changed) > FULL_RELOAD else changed) if changed else []
        for item_id, text, group_names, stamp, owners in fresh:
            if item_id not in current:
                continue  # read in full: only the open ones count
            if item_id in self._bags:
                self._remove(item_id)
            self._add(item_id, stamp, bag_of([text, *group_names]), owners)
        self._organisations()

    def _organisations(self) -> None:
        """The organisations that own an open item, as the questions name them."""
        organisations = sorted(owner for owner, n in self._owner_count.items() if n > 0)
        self.owner_names = {}
        for owner in organisations:
            self.owner_names.setdefault(folded(owner), owner)
        for owner in organisations:  # "ILO business network" for the ILO Global Business Network on …
            for short in _short_names(owner):
                self.owner_names.setdefault(short, owner)
        for alias, owner in ORGANISATION_ALIASES.items():  # "OIM" is the IOM in French and Spanish
            if folded(owner) in self.owner_names:
                self.owner_names.setdefault(alias, self.owner_names[folded(owner)])


def _short_names(owner: str) -> list[str]:
    """How people shorten a long organisation name: the part before "on", "for" or "of", with and
    without "global"/"international" ("ILO Global Business Network on Forced Labour" → "ilo global
    business network", "ilo business network"). Only for names of four words or more."""
    words = folded(owner).split()
    if len(words) < 4:
        return []
    head = []
    for w in words:
        if w in ("on", "for", "of", "against", "and"):
            break
        head.append(w)
    if len(head) < 2 or len(head) == len(words):
        return []
    plain = [w for w in head if w not in ("global", "international", "national", "the")]
    return list(dict.fromkeys(n for n in (" ".join(head), " ".join(plain)) if len(n.split()) >= 2))
