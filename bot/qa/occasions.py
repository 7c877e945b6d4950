"""Finding the international day or the event a question names, from the words of their names."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from bot.qa.bags import BagIndex, idf_sum
from bot.matching import fold
from bot.qa.lexicon import GENERIC_NAME_WORDS, ORGANISATION_ALIASES, STOPWORDS
from bot.qa.words import content_words, cue_patterns, expand, stem
from storage.models import ActionGroup, CalendarEvent, Observance

# The share of a day's name (weighted by how rare its words are) above which the question names that
# day and no other: "abolition de l'esclavage" (0.81) is the 2 December day, though 23 August's name
# also holds "abolition" and "esclaves"; "slave trade remembrance" (0.68) is 23 August's. Below it,
# "souvenir de l'esclavage" (0.46) names 23 August no more than 25 March: asked back.
NAMED_IN_FULL = 0.65
DAY_WORDS = frozenset("day days journee journees jour jours dia dias jornada observance observances".split())
ARTICLES = frozenset("the a an of and le la les l de du des d et un une el los las del y o".split())
DAY_STEMS = frozenset(stem(w) for w in DAY_WORDS)
# Words that name an occasion of another kind than a day: "the world conference on child labour" is
# not the World Day Against Child Labour.
OTHER_OCCASIONS = frozenset("""conference conferences conferencia conferencias summit sommet cumbre forum foro
    congress congres congreso symposium symposio workshop atelier taller seminar seminaire seminario meeting
    reunion reuniones rencontre encuentro""".split())


def observance_names(o: Observance) -> list[str]:
    """A day's names in the three languages, and the names in brackets on their own:
    "International Day against the Use of Child Soldiers (Red Hand Day)" is also "Red Hand Day"."""
    names = []
    for name in (o.name, o.name_fr, o.name_es):
        if not name:
            continue
        names.append(name)
        outside, _, inside = name.partition("(")
        if inside:
            names += [outside.strip(), inside.rstrip(") ").strip()]
    return [n for n in names if n]


@lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in GENERIC_NAME_WORDS)


@dataclass(frozen=True)
class DaysNamed:
    """The international day a question names, and what stops it being answered outright: other days
    just as close (ask which), or a name given only in part ("journée des travailleurs": ask back)."""

    day: Observance
    close: list[Observance] = field(default_factory=list)
    in_part: bool = False


class OccasionFinding:
    """How ``Knowledge`` finds the international day or the event a question names."""

    observance_full_names: list[tuple[str, Observance]]
    event_names: dict[int, list[str]]
    observance_index: BagIndex[Observance]
    event_index: BagIndex[CalendarEvent]
    group_names: dict[str, ActionGroup]  # every name of each action group, folded (NameFinding)
    group_words: frozenset[str]  # the content words of those names

    @staticmethod
    def _group_texts(group: ActionGroup | None) -> list[str]:
        if group is None:
            return []
        return group.names()

    @staticmethod
    def _acronyms(event: CalendarEvent) -> list[str]:
        acronym = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", event.title) if w[0].isupper())
        if len(acronym) < 2:
            return []
        # "5th Global Coordinating Group meeting" is also "GCG"; "GCG5" would read as one word
        return [acronym, acronym[1:] if len(acronym) > 3 else ""]

    @staticmethod
    def _organisations(event: CalendarEvent) -> list[str]:
        """The organisations its description names by their acronym ("led by OHCHR"), also as French and
        Spanish write them ("HCDH"): they are about the event, and do not name it alone."""
        named = set(re.findall(r"\b[A-Z]{2,}\b", event.description or ""))
        return sorted(named | {alias for alias, owner in ORGANISATION_ALIASES.items() if owner in named})

    def _event_texts(self, event: CalendarEvent) -> list[str]:
        return [event.title, event.place, *self._group_texts(event.group), *self._acronyms(event),
                *self._organisations(event)]

    def _event_names(self, event: CalendarEvent) -> list[str]:
        """What names an event: its title, the parts of it in brackets ("HLPF"), the title without
        them, its acronym and its place (not its group: a group has several events)."""
        names = [event.title, *self._acronyms(event), event.place]
        head = event.title.split(" of ", 1)[0]  # "Advisory Board meeting (of the supply chains research team)"
        if head != event.title and len(content_words(head)) >= 2:
            names.append(head)
        inside = re.findall(r"\(([^)]*)\)", event.title)
        if inside:
            names += [*inside, re.sub(r"\([^)]*\)", " ", event.title)]
        return [n for n in names if n]

    def _best_event(self, words: set[str]) -> tuple[CalendarEvent | None, float, float]:
        """The event whose title the question covers best; a tie broken by the share of the title covered."""
        index = self.event_index
        scored = []
        for key, bag in index.sharing(words):
            score = idf_sum(index.idf, words & bag)
            if score:
                share = max(self._share(index, text, words) for text in self.event_names[key.id])
                scored.append((round(score, 6), share, key))
        if not scored:
            return None, 0.0, 0.0
        scored.sort(key=lambda x: (x[0], x[1]), reverse=True)
        top = scored[0]
        if len(scored) > 1 and (scored[1][0], scored[1][1]) == (top[0], top[1]):
            return None, 0.0, 0.0
        return top[2], top[0], 1.0

    def _find_observance(self, folded: str, words: set[str],
                         excluded: frozenset[str] = frozenset()) -> DaysNamed | None:
        """The day the question names (an exact name wins), with any other just as close. A day
        not named in full needs a word for "day" in the question, or most of its name."""
        padded = f" {folded} "
        for name, o in self.observance_full_names:
            if name in padded:
                return DaysNamed(o)
        says_day = bool(DAY_WORDS & set(folded.split())) or bool(cue_patterns()["observances"].search(folded))
        if not says_day and OTHER_OCCASIONS & set(folded.split()):
            return None
        index = self.observance_index
        asked = frozenset({stem(w) for w in content_words(folded)} & index.idf.keys()) - _generic_stems()
        scored = []
        for key, bag in index.entries:
            score = idf_sum(index.idf, words & bag)
            if score >= 2.2 and (self._covers_name(key, words, asked) or says_day and self._only_in(key, asked)) \
                    and not self._collides(folded, key):
                share = max(self._share(index, n, words) for n in observance_names(key))
                if says_day or share >= 0.6:
                    scored.append((share, score, key.id, key))
        if not scored:
            # "journée de la traite": a day, and a word that is in a few days' names and in no
            # other: ask which of them, unless a phrase of the question is one's only ("contre la traite")
            sharing = [key for key, bag in index.entries if asked and asked <= bag]
            if not (says_day and 2 <= len(sharing) <= 3):
                return None
            phrased = self._phrased(folded, sharing)
            return DaysNamed(phrased) if phrased is not None else DaysNamed(sharing[0], sharing[1:])
        # how much of its name the question holds, and how much of the question the name explains
        best_score = max(x[1] for x in scored)
        scored = [(share + score / best_score, score, key_id, key) for share, score, key_id, key in scored]
        scored.sort(key=lambda x: (-x[0], -x[1], x[2]))
        top = scored[0]
        if len(scored) > 1 and scored[1][0] > top[0] - 0.15:
            phrased = self._phrased(folded, [top[3], scored[1][3]])
            # as close as each other: ask which, unless the question's own words are a phrase of one name only
            return DaysNamed(phrased) if phrased is not None else DaysNamed(top[3], [scored[1][3]])
        generic = _generic_stems()  # "international day of slavery" names no day in full: three have slavery
        if max(self._share(index, n, words, generic) for n in observance_names(top[3])) >= NAMED_IN_FULL:
            return DaysNamed(top[3])
        asked_words = [w for w in content_words(folded) if w not in excluded]
        alike = self._alike(top[3], asked_words)
        if not alike and self._lacks_qualifier(top[3], asked_words):
            return DaysNamed(top[3], in_part=True)
        return DaysNamed(top[3], alike)

    def _alike(self, chosen: Observance, asked: list[str]) -> list[Observance]:
        """The other days whose names, in any of the three languages, hold every word the question
        names a day with ("souvenir de l'esclavage": the remembrance of the slave trade, and the
        commemoration of the victims of slavery): the question cannot tell them apart."""
        index, generic = self.observance_index, _generic_stems()
        concepts = [found for w in asked if (found := (expand([w]) & index.idf.keys()) - generic)]
        if len(concepts) == 1:
            # one word: the other days whose names have it too ("esclavitud"), and every other word of the
            # question the chosen name has ("mundial contra la trata" is one day: the others are "internacional")
            chosen_bag = next(bag for key, bag in index.entries if key is chosen)
            needed = {stem(w) for w in asked} & chosen_bag
            alike = [key for key, bag in index.entries if key is not chosen and needed <= bag]
            return alike if len(alike) <= 2 else []
        if len(concepts) < 2:
            return []
        alike = [key for key, bag in index.entries
                 if key is not chosen and all(concept & self._glossed_bag(key, bag) for concept in concepts)]
        return alike if len(alike) <= 2 else []

    @staticmethod
    def _lacks_qualifier(observance: Observance, asked: list[str]) -> bool:
        """The question names the day by a word that the day's names always qualify with a word right
        beside it, which the question lacks: "travailleurs" of the "travailleurs domestiques" (International
        Workers' Day is another day), "rights" of "Human Rights"; "trafficking" of "Trafficking in Persons"
        stands alone, and "slavery" stands alone in one of the names it is in."""
        generic, asked_stems = _generic_stems(), {stem(w) for w in asked}
        # each asked word's places in the names, the word itself where it is there as asked ("trabajadores",
        # not "trabajadoras"), else its stem: is the word beside it, qualifying it, missing from the question?
        missing: dict[str, list[tuple[bool, bool]]] = {}
        for name in observance_names(observance):
            words = fold(name).split()
            for i, word in enumerate(words):
                if stem(word) not in asked_stems or stem(word) in generic or word in STOPWORDS:
                    continue
                beside = [w for w in (words[i - 1] if i else "", words[i + 1] if i + 1 < len(words) else "")
                          if w and w not in STOPWORDS and stem(w) not in generic]
                lacking = bool(beside) and not any(stem(w) in asked_stems for w in beside)
                missing.setdefault(stem(word), []).append((word in asked, lacking))
        for places in missing.values():
            exact = [lacking for as_asked, lacking in places if as_asked]
            if all(exact or [lacking for _as_asked, lacking in places]):
                return True
        return False

    def _collides(self, folded: str, observance: Observance) -> bool:
        """A word of the question that is a word of an action group's name and meets the day's name only
        by its first letters ("humanitarian" and "human", "humanitario" and "humanos"): the question
        names something else, not that day."""
        named = {w for name in observance_names(observance) for w in content_words(name)}
        grouped = self.group_words

        def same(a: str, b: str) -> bool:  # one word, give or take an ending ("migrant", "migrants")
            return a.startswith(b) and len(a) - len(b) <= 2 or b.startswith(a) and len(b) - len(a) <= 2

        for word in content_words(folded):
            if any(same(word, g) for g in grouped) and not any(same(word, n) for n in named) and any(
                    stem(n) == stem(word) for n in named):
                return True
        return False

    def _glossed_bag(self, observance: Observance, bag: frozenset[str]) -> frozenset[str]:
        """A day's words and their English equivalents ("commémoration" is also "remembrance")."""
        return bag | expand(w for name in observance_names(observance) for w in content_words(name))

    @staticmethod
    def _share(index: BagIndex[Any], text: str, words: set[str], skip: frozenset[str] = frozenset()) -> float:
        """How much of a name (weighted by how rare its words are, leaving out ``skip``) the question contains."""
        stems = {stem(w) for w in content_words(text)} - skip
        weight = math.fsum(index.idf.get(s, 0) for s in stems)
        return math.fsum(index.idf.get(s, 0) for s in stems & words) / weight if weight else 0.0

    def _covers(self, index: BagIndex[CalendarEvent], texts: list[str], words: set[str]) -> bool:
        """Most of one of the texts (a title, a place, a group's name) is in the question."""
        for text in texts:
            stems = {stem(w) for w in content_words(text)} if text else set()
            weight = math.fsum(index.idf.get(s, 0) for s in stems)
            found = math.fsum(index.idf.get(s, 0) for s in stems & words)
            if weight and found / weight >= 0.5:
                return True
        return False

    @staticmethod
    def _phrased(folded: str, days: list[Observance]) -> Observance | None:
        """The one of ``days`` whose names hold three words of the question in a row, one of them naming
        something, where the others' names hold none: "contre la traite" is in the trafficking day's French
        name only ("lutte contre la traite"); "de la traite" is in two days' names, and tells nothing."""
        words = folded.split()
        runs = [words[i:i + 3] for i in range(len(words) - 2)
                if any(w not in STOPWORDS and stem(w) not in _generic_stems() for w in words[i:i + 3])]

        def holds(day: Observance, run: list[str], slack: int) -> bool:
            # the run's words bar articles, in order, spread over at most ``slack`` more words: "trata de
            # esclavos" is also in "trata transatlántica de esclavos"
            kept = [w for w in run if w not in ARTICLES]
            for name in observance_names(day):
                name_words = fold(name).split()
                for start, word in enumerate(name_words):
                    if word != kept[0]:
                        continue
                    at, found = start, True
                    for w in kept[1:]:
                        try:
                            at = name_words.index(w, at + 1, start + len(run) + slack)
                        except ValueError:
                            found = False
                            break
                    if found:
                        return True
            return False

        for run in runs:
            if len([w for w in run if w not in ARTICLES]) < 2:
                continue  # one word and its articles ("de la esclavitud"): a word, not a phrase of a name
            having = [day for day in days if holds(day, run, 0)]
            if len(having) == 1 and not any(holds(day, run, 1) for day in days if day is not having[0]):
                return having[0]
        return None

    def _only_in(self, observance: Observance, asked: frozenset[str]) -> bool:
        """The question names a day by one word that is in that day's names and in no other's: "trafficking
        day" (the name a word beside it always qualifies is asked back after, ``_lacks_qualifier``)."""
        if len(asked) != 1 or asked & DAY_STEMS:  # "jornada" is in one day's name, and is a word for "day"
            return False
        having = [key for key, bag in self.observance_index.entries if asked <= bag]
        return having == [observance]

    def _covers_name(self, observance: Observance, words: set[str], asked: frozenset[str] = frozenset()) -> bool:
        """Most of one of the day's names is in the question, including a word that is not just
        "international" or "day"; or the question's own words for days (two or more, not just
        "international" or "day") are all words of the day's names ("child soldiers day")."""
        generic = _generic_stems()
        if len(asked) >= 2:
            own = {stem(w) for name in observance_names(observance) for w in content_words(name)}
            if asked <= own:
                return True
        for name in observance_names(observance):
            stems = {stem(w) for w in content_words(name)}
            if not (stems & words) - generic:
                continue
            weight = math.fsum(self.observance_index.idf.get(s, 0) for s in stems)
            found = math.fsum(self.observance_index.idf.get(s, 0) for s in stems & words)
            if weight and found / weight >= 0.5:
                return True
        return False
