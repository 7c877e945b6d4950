"""Reading a question: what is asked (cues) and about what (entities, a period).

Names come from the stored data (names, aliases, French and Spanish names) and from
Babel's territory and month names; nothing is invented here, only recognised.
"""

from __future__ import annotations

import math
from typing import Any, Generic, TypeVar
from bisect import bisect_left, bisect_right
import re
from collections import Counter
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from babel import Locale
from rapidfuzz import fuzz

from bot.dates import When
from bot.errors import UsageError
from bot.matching import fold
from bot.qa import language
from bot.qa.lexicon import (
    CUES,
    FUNCTION_WORDS,
    GENERIC_NAME_WORDS,
    GLOSSARY,
    LANGUAGE_WORDS,
    ORGANISATION_ALIASES,
    OWN_NAME,
    PLACE_ALIASES,
    RELATIVE_PERIODS,
    SHORT_FORMS,
    STOPWORDS,
)
from storage.models import (
    ActionGroup,
    CalendarEvent,
    Observance,
    PathfinderCountry,
    Precision,
)

K = TypeVar("K")  # what a bag of words stands for (a day, an event)
V = TypeVar("V")
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


CUE_PATTERNS = {name: _cue_pattern(cues) for name, cues in CUES.items()}
RELATIVE_PATTERN = re.compile(
    "|".join(rf"(?<![a-z]){re.escape(p)}(?![a-z])" for p in sorted(RELATIVE_PERIODS, key=len, reverse=True))
)
LETTERS_DIGITS = re.compile(r"(?<![a-z0-9])([a-df-z][a-z]+)(\d+)(?![a-z0-9])")
NEGATED = re.compile(
    r"(?:\(\s*|[-–—,;]\s*)(?:not|no|pas|non|sauf|except|excepto)\b(?:\s+(?:the|el|la|le|les|del|de|l'|celle|celui|one|that))*"
    r"\s+([^,;.()\-–—?!]+)")
OWN_NAME_PATTERN = re.compile("|".join(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])" for n in OWN_NAME))
DAY_WORDS = frozenset("day days journee journees jour jours dia dias jornada observance observances".split())
# Words that name an occasion of another kind than a day: "the world conference on child labour" is
# not the World Day Against Child Labour.
OTHER_OCCASIONS = frozenset("""conference conferences conferencia conferencias summit sommet cumbre forum foro
    congress congres congreso symposium symposio workshop atelier taller seminar seminaire seminario meeting
    reunion reuniones rencontre encuentro""".split())
ITEM_REF = re.compile(r"(?<![a-z0-9])a\s?(\d{1,6})(?![a-z0-9])")
EVENT_REF = re.compile(r"(?<![a-z0-9])e(\d{1,6})(?![a-z0-9])")
PAST_CUES = ("held", "not_held")
# words that leave the country after them out: "apart from Madagascar, which African countries …"
EXCEPT_WORDS = frozenset("except excepting besides sauf hormis excepte excepto salvo menos".split())
EXCEPT_PHRASES = frozenset(["apart from", "other than", "except for", "a part", "aparte de", "en dehors de",
                            "with the exception of", "a l exception de", "a excepcion de", "con excepcion de"])
OUTSIDE_WORDS = re.compile(r"(?<![a-z])(?:outside|hors|en dehors|fuera|non)(?![a-z])")
SHORT_FORM_PATTERN = re.compile(
    "|".join(rf"(?<![a-z0-9]){re.escape(s)}(?![a-z0-9])" for s in sorted(SHORT_FORMS, key=len, reverse=True)))
# "5e réunion", "1er atelier", "2ª reunión", "5º": the English ordinal the stored titles use ("5th")
# "action item 14", "l'action n° 14", "acción 14": the item A14 (a year is not an item number)
ITEM_NUMBER = re.compile(r"(?<![a-z0-9])(?:action item|action|item|accion|tache|tarea)\s+"
                         r"(?:(?:n|no|nr|num|number|numero)\s?|#\s?)?(?!(?:19|20)\d\d(?!\d))(\d{1,4})(?![0-9a-z])")
ORDINAL = re.compile(r"(?<![a-z0-9])(\d{1,2})(?:eme|ieme|ere|er|e|o|a|ro|do|to|vo|no)(?![a-z0-9])")
NUMBER_WORDS = {"one": 1, "un": 1, "une": 1, "uno": 1, "una": 1, "two": 2, "deux": 2, "dos": 2, "three": 3,
                "trois": 3, "tres": 3, "four": 4, "quatre": 4, "cuatro": 4, "six": 6, "seis": 6}
SPAN_UNITS = {"day": 1, "days": 1, "jour": 1, "jours": 1, "dia": 1, "dias": 1, "week": 7, "weeks": 7,
              "semaine": 7, "semaines": 7, "semana": 7, "semanas": 7, "month": 30, "months": 30, "mois": 30,
              "mes": 30, "meses": 30}
_NUM = r"(\d{1,2}|" + "|".join(NUMBER_WORDS) + ")"
_UNIT = r"(" + "|".join(sorted(SPAN_UNITS, key=len, reverse=True)) + ")"
_NEXT = r"(?:next|coming|within|prochaine?s?|proxim[oa]s?|siguientes|venideros?|venideras?)"
NEXT_SPAN = re.compile(rf"(?<![a-z]){_NEXT}\s+{_NUM}\s+{_UNIT}(?![a-z])|(?<![a-z]){_NUM}\s+{_NEXT}\s+{_UNIT}(?![a-z])")
# "when's the meeting?": one meeting meant, none named
THE_ONE = re.compile(r"(?<![a-z])(?:the|la|le|el|l)\s+(?:meeting|event|reunion|evenement|evento|conference|call)"
                     r"(?![a-z])")
# A word that makes the period after it a limit: "before March", "d'ici juillet", "desde abril".
BOUND = re.compile(r"(?<![a-z])(before|prior to|avant|antes de|antes del|after|apres|despues de|despues del|since|"
                   r"depuis|desde|by|until|till|d ici|jusqu a|jusqu au|hasta|no later than)\s+"
                   r"(?:(?:the|le|la|el|l)\s+)?(end of|fin|fin de|fin d|finales de|fines de|final de)?\s*$")
# the middle of a month, named before it: its days 11 to 20
MID_MONTH = re.compile(r"(?<![a-z])(?:mid|mi|middle of|the middle of|mediados de|a mediados de|mitad de)\s+$")
BOUND_KIND = {"before": "before", "prior to": "before", "avant": "before", "antes de": "before",
              "antes del": "before", "after": "after", "apres": "after", "despues de": "after",
              "despues del": "after", "since": "since", "depuis": "since", "desde": "since"}
YEAR_CHOICE = re.compile(r"(?<![a-z0-9])((?:19|20)\d\d)\s+(?:or|ou|o)\s+((?:19|20)\d\d)(?!\d)")
YEAR_PATTERN = re.compile(r"(?<![a-z0-9])(?:in|en|during|durant|pendant|para|de|del|for|pour|before|avant|antes de|"
                          r"after|apres|despues de|since|depuis|desde|by|until|hasta|jusqu en)\s+(20\d\d)(?!\d)")


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
def month_names() -> dict[str, int]:
    """Folded month names in the three languages → month number (Babel's data)."""
    names: dict[str, int] = {}
    for lang in LANGS:
        locale = Locale.parse(lang)
        for context in ("format", "stand-alone"):
            for number, name in locale.months[context]["wide"].items():
                names[fold(name)] = number
    names["sept"] = 9
    return names


@lru_cache(maxsize=1)
def month_pattern() -> re.Pattern[str]:
    months = "|".join(sorted(month_names(), key=len, reverse=True))
    return re.compile(
        rf"(?<![a-z0-9])(?:(\d{{1,2}})\s+(?:de\s+)?)?({months})(?![a-z])(?:\s+(\d{{1,2}})(?!\d))?"
        rf"(?:\s+(?:de\s+|del\s+)?(\d{{4}}))?"
    )


@lru_cache(maxsize=1)
def weekday_pattern() -> re.Pattern[str]:
    """A day of the week, with the word that says which one ("this friday", "el viernes", "vendredi
    prochain"), in the three languages (Babel's names)."""
    days = sorted({fold(name) for lang in LANGS for name in Locale.parse(lang).days["format"]["wide"].values()},
                  key=len, reverse=True)
    before = r"(?:(?:this|next|on|ce|cette|este|esta|el|le|proximo)\s+)?"
    after = r"(?:\s+(?:prochain|qui vient|que viene))?"
    return re.compile(rf"(?<![a-z]){before}(?:{'|'.join(days)}){after}(?![a-z])")


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


@dataclass
class Question:
    text: str
    folded: str
    tokens: list[str]
    lang: str | None
    cues: set[str]
    countries: list[PathfinderCountry] = field(default_factory=list)
    excluded: list[PathfinderCountry] = field(default_factory=list)  # "apart from Madagascar": left out
    other_country: str | None = None  # ISO code of a country that is not a pathfinder
    region: str | None = None
    group: ActionGroup | None = None
    owner: str | None = None
    observance: Observance | None = None
    event: CalendarEvent | None = None
    event_score: float = 0.0
    item: int | None = None  # the id of the open action item the question names
    item_score: float = 0.0
    period: When | None = None
    item_ref: int | None = None  # "A12": the id an action item is named by
    event_ref: int | None = None  # "E3": the id an event is named by
    other_observance: Observance | None = None  # a day whose name is as close as the one found
    more_observances: list[Observance] = field(default_factory=list)  # a third one (or more), as close
    unknown: list[str] = field(default_factory=list)  # content words nothing in the understanding explains
    place: str | None = None  # a place events are held in ("what's on in New York?")
    bound: str | None = None  # "before", "after", "since" or "by": the period is a limit, not the time asked about
    future: bool = True  # the question's time sense: what is coming, or what has been

    def span(self, today: date) -> tuple[date, date]:
        """The dates the question asks about: its period, or up to it or from it when it is a limit
        ("before March": from today in the future sense, from any time in the past one)."""
        assert self.period is not None
        start, end = self.period.start, self.period.end
        if self.bound in ("before", "by"):
            last = start - timedelta(days=1) if self.bound == "before" else end
            # from today when what is coming is asked, unless the limit itself has passed
            return (today if self.future and today <= last else date.min), last
        if self.bound in ("after", "since"):
            first = end + timedelta(days=1) if self.bound == "after" else start
            return first, (date.max if self.future or today < first else today)
        return start, end

    def has(self, *cues: str) -> bool:
        return any(c in self.cues for c in cues)

    @property
    def country(self) -> PathfinderCountry | None:
        return self.countries[0] if self.countries else None

    def understood(self) -> list[str]:
        """What was recognised, for the "I did not understand" reply."""
        found = [c.name for c in self.countries]
        for thing in (self.group and self.group.name, self.observance and self.observance.name,
                      self.event and self.event.title, self.region, self.owner):
            if thing:
                found.append(thing)
        return found


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

    async def catch_up(
        self,
        changed: list[tuple[int, object, bool]],
        load_texts: Callable[[list[int] | None], Awaitable[list[tuple[int, str, list[str], object, list[str]]]]],
        *,
        reread_all: bool = False,
    ) -> None:
        """Apply the items changed since the last look: (id, last change, still open); with
        ``reread_all`` each open one is read again even when its stamp is the same (its owners may
        have changed without it)."""
        for item_id, _stamp, is_open in changed:
            if not is_open and item_id in self._bags:
                self._remove(item_id)
        reread = [item_id for item_id, stamp, is_open in changed
                  if is_open and (reread_all or self._bags.get(item_id, (None,))[0] != stamp)]
        for item_id, text, group_names, stamp, owners in (await load_texts(reread) if reread else []):
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


class Knowledge:
    """Everything the bot can name, built from the stored data for one question."""

    def __init__(
        self,
        *,
        countries: list[PathfinderCountry],
        groups: list[ActionGroup],
        observances: list[Observance],
        events: list[CalendarEvent],
        items: ItemCatalog,
        region_names: Callable[[str], list[str]],
    ) -> None:
        self.countries = countries
        self.groups = groups
        self.observances = observances
        self.events = events
        self.country_names: dict[str, PathfinderCountry] = {}
        for c in countries:
            names = [c.name, c.name_fr, c.name_es, *c.aliases]
            if c.iso_code:
                names += [territory(lang, c.iso_code) for lang in LANGS]
            for name in names:
                if name:
                    self.country_names.setdefault(folded(name), c)
        self.group_names: dict[str, ActionGroup] = {}
        for g in groups:
            for name in (g.name, g.name_fr, g.name_es, g.key.replace("-", " "), *g.aliases):
                if name:
                    self.group_names.setdefault(folded(name), g)
        self.items = items
        # organisations that lead a group, as owners are named ("which group does the ILO lead?")
        self.lead_names: dict[str, str] = {}
        for g in groups:
            for lead in g.leads:
                self.lead_names.setdefault(folded(lead), lead)
        for alias, owner in ORGANISATION_ALIASES.items():
            if folded(owner) in self.lead_names:
                self.lead_names.setdefault(alias, self.lead_names[folded(owner)])
        self.regions: dict[str, list[list[str]]] = {}
        for region in sorted({c.region for c in countries if c.region}):
            self.regions[region] = [list(content_words(n)) for n in region_names(region)]
        # the words that ask, minus those that name a particular day or event: such a word is
        # accounted for only by the day or event it names
        name_words = {w for o in observances for n in (o.name, o.name_fr, o.name_es) for w in content_words(n or "")}
        name_words |= {w for e in events for w in content_words(e.title)}
        cue_words = {w for cues in CUES.values() for cue in cues for w in fold(cue).split()}
        self.vocabulary = _vocabulary() - (name_words - cue_words - GENERIC_NAME_WORDS - STOPWORDS - FUNCTION_WORDS)
        # where events are held, by folded name ("new york" → "New York")
        self.places = {folded(e.place): e.place for e in events if e.place and len(folded(e.place)) > 2}
        self.places.update({alias: self.places[name] for alias, name in PLACE_ALIASES.items()
                            if name in self.places and alias not in self.places})
        # a city the bot knows by name where nothing is recorded ("events in Geneva?"): a place all the
        # same, so the answer is that nothing is recorded there rather than a word not understood
        for alias, name in PLACE_ALIASES.items():
            for known in (alias, name):
                self.places.setdefault(known, self.places.get(name, name.title()))
        self.observance_full_names = [(f" {folded(n)} ", o) for o in observances for n in observance_names(o)]
        self.event_names = {e.id: self._event_names(e) for e in events}
        self.observance_index: BagIndex[Observance] = BagIndex([(o, observance_names(o)) for o in observances])
        self.event_index: BagIndex[CalendarEvent] = BagIndex([(e, self._event_texts(e)) for e in events])

    @staticmethod
    def _group_texts(group: ActionGroup | None) -> list[str]:
        if group is None:
            return []
        return [group.name, group.name_fr, group.name_es, *group.aliases]

    def _event_texts(self, event: CalendarEvent) -> list[str]:
        acronym = "".join(w[0] for w in re.findall(r"[A-Za-z][\w-]*", event.title) if w[0].isupper())
        texts = [event.title, event.place, *self._group_texts(event.group)]
        if len(acronym) >= 2:
            texts.append(acronym)
            # "5th Global Coordinating Group meeting" is also "GCG"; "GCG5" would read as one word
            texts.append(acronym[1:] if len(acronym) > 3 else "")
        return texts

    # ------------------------------------------------------------------
    def read(self, text: str, *, today: date, read_date: Callable[..., When]) -> Question:
        folded_text = SHORT_FORM_PATTERN.sub(lambda m: SHORT_FORMS[m.group(0)], fold(text))
        folded_text = ORDINAL.sub(lambda m: english_ordinal(int(m.group(1))), folded_text)
        folded_text = ITEM_NUMBER.sub(r"a\1", folded_text)
        question = self._read(text, folded_text, today=today, read_date=read_date)
        if question.unknown:
            # a typo of a word the bot knows ("workshp"): read again with the word it is close to
            corrected = {w: c for w in question.unknown if (c := _close_word(w))}
            if corrected:
                again = " ".join(corrected.get(t, t) for t in question.tokens)
                retry = self._read(text, again, today=today, read_date=read_date)
                if len(retry.unknown) < len(question.unknown):
                    return retry
        return question

    def _read(self, text: str, folded: str, *, today: date, read_date: Callable[..., When]) -> Question:
        # "world day against trafficking (not child labour)": the words after "not" say what is not
        # meant; they are understood, and left out of the names looked for
        excluded = set()
        for found in NEGATED.finditer(text.lower()):
            excluded.update(fold(found.group(1)).split())
        folded = LETTERS_DIGITS.sub(r"\1 \2", folded) if not ITEM_REF.fullmatch(folded) else folded
        tokens = folded.split()
        if tokens and tokens[0] in ("bot",):
            tokens = tokens[1:]
        folded = " ".join(tokens)
        cues = {name for name, pattern in CUE_PATTERNS.items() if pattern.search(folded)}
        if THE_ONE.search(folded):
            cues.add("the_one")
        question = Question(text, folded, tokens, language.detect(text, tokens), cues)
        accounted = [False] * len(tokens)
        starts = []
        offset = 0
        for t in tokens:
            starts.append(offset)
            offset += len(t) + 1

        def cover(start: int, end: int) -> None:
            for n in range(max(bisect_right(starts, start) - 1, 0), bisect_left(starts, end)):
                accounted[n] = True

        used = [False] * len(tokens)
        own = OWN_NAME_PATTERN.search(folded)
        if own:  # the bot's own name is understood; alone it names nothing
            cover(*own.span())
        own_words = list(accounted)
        self._find_countries(question, used)
        free = list(used)
        self._find_groups(question, used)
        owner_used = self._find_owner(question)
        region_used = self._find_region(question, used)
        for n in range(len(tokens)):
            accounted[n] = accounted[n] or used[n] or owner_used[n] or region_used[n]
        if question.lang is None and question.countries:
            # "ouganda ?": a name written one way in one language only tells the language
            padded = f" {folded} "
            langs = {lang for c in question.countries for lang, name in (("en", c.name), ("fr", c.name_fr),
                                                                          ("es", c.name_es))
                     if name and f" {fold(name)} " in padded}
            if len(langs) == 1:
                question.lang = langs.pop()
        ref = ITEM_REF.search(folded)
        if ref:
            question.item_ref = int(ref.group(1))
            cover(*ref.span())
        ref = EVENT_REF.search(folded)
        if ref:
            question.event_ref = int(ref.group(1))
            cover(*ref.span())
        padded = f" {folded} "
        for place_name, place in self.places.items():
            at = padded.find(f" {place_name} ")
            if at >= 0 and not question.countries:
                question.place = place
                cover(at, at + len(place_name))
                break
        question.future = not question.has(*PAST_CUES)
        period_starts: list[int] = []

        def cover_period(start: int, end: int) -> None:
            period_starts.append(start)
            cover(start, end)

        question.period = self._find_period(folded, today, read_date, future=question.future, cover=cover_period)
        if question.period and question.period.start == question.period.end and weekday_pattern().search(folded):
            cues.add("weekday")  # "is the HLPF on a wednesday?": a day of the week, which may be a check
        bound = None
        if question.period and period_starts:
            at = min(period_starts)
            # the limit's word before the period ("avant mars"), or opening it ("since 2019")
            bound = BOUND.search(folded[:at]) or BOUND.match(folded[at:].split(" ", 1)[0] + " ")
        if bound:
            question.bound = BOUND_KIND.get(bound.group(1), "by")
            if question.bound == "before" and bound.group(2):  # "avant fin juin": up to the end of June
                question.bound = "by"
            cover(*bound.span())
            period = question.period
            if question.bound == "since" and period is not None and period.start > today:
                # "depuis janvier": the last January
                question.period = replace(period, start=_year_before(period.start), end=_year_before(period.end))
        span = NEXT_SPAN.search(folded)
        if span and "observances" in cues:  # "the next 10 days" names a period, not international days
            if not CUE_PATTERNS["observances"].search(folded[:span.start()] + " " + folded[span.end():]):
                cues.discard("observances")
        for name in cues & CUE_PATTERNS.keys():
            for found in CUE_PATTERNS[name].finditer(folded):
                cover(*found.span())
        for n, t in enumerate(tokens):
            if t in excluded:
                accounted[n] = free[n] = True
        words = expand(w for w, u in zip(tokens, free) if not u and w not in STOPWORDS)
        bags: list[frozenset[str]] = []
        found_days = self._find_observance(folded, words)
        if found_days:
            observance, *close = found_days
            question.observance = observance
            question.other_observance, question.more_observances = (close[0] if close else None), close[1:]
            for named_day in (observance, *close):
                bags.append(bag_of(observance_names(named_day)))
        event, score, margin = self._best_event(words)
        named = expand(w for w, u, o in zip(tokens, free, own_words) if not u and not o and w not in STOPWORDS)
        if (event is not None and margin > 0 and named & self.event_index.entries_bag(event)
                and self._covers(self.event_index, self.event_names[event.id], words)):
            question.event, question.event_score = event, score
            bags.append(bag_of(self._event_texts(event)))
        item, score, margin = self.items.index.best(words)
        question.item, question.item_score = (item, score) if margin > 0 else (None, 0.0)
        if question.item is not None and question.has("owner"):  # the only use of a matched item
            bags.append(self.items.bag(question.item))
        vocabulary = self.vocabulary
        for n, t in enumerate(tokens):
            if accounted[n] or (t in vocabulary and not t.isdigit()) or t in STOPWORDS:
                continue
            if t.isdigit() and any(s.startswith(t) for bag in bags for s in bag):
                continue  # "5" in "GCG5" for the 5th meeting; "2019" of "HLPF 2019"
            if any(expand([t]) & bag for bag in bags):
                continue
            question.unknown.append(t)
        return question

    def _event_names(self, event: CalendarEvent) -> list[str]:
        """What names an event: its title, the parts of it in brackets ("HLPF"), the title without
        them, its acronym and its place (not its group: a group has several events)."""
        texts = self._event_texts(event)
        names = [texts[0], *texts[2 + len(self._group_texts(event.group)):], event.place]
        inside = re.findall(r"\(([^)]*)\)", event.title)
        if inside:
            names += [*inside, re.sub(r"\([^)]*\)", " ", event.title)]
        return [n for n in names if n]

    def _best_event(self, words: set[str]) -> tuple[CalendarEvent | None, float, float]:
        """The event whose title the question covers best; a tie broken by the share of the title covered."""
        index = self.event_index
        scored = []
        for key, bag in index.entries:
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

    def _find_observance(self, folded: str, words: set[str]) -> list[Observance]:
        """The day the question names (an exact name wins), then any other just as close. A day
        not named in full needs a word for "day" in the question, or most of its name."""
        padded = f" {folded} "
        for name, o in self.observance_full_names:
            if name in padded:
                return [o]
        says_day = bool(DAY_WORDS & set(folded.split())) or bool(CUE_PATTERNS["observances"].search(folded))
        if not says_day and OTHER_OCCASIONS & set(folded.split()):
            return []
        index = self.observance_index
        asked = frozenset({stem(w) for w in content_words(folded)} & index.idf.keys()) - _generic_stems()
        scored = []
        for key, bag in index.entries:
            score = idf_sum(index.idf, words & bag)
            if score >= 2.2 and self._covers_name(key, words, asked):
                share = max(self._share(index, n, words) for n in observance_names(key))
                if says_day or share >= 0.6:
                    scored.append((share, score, key.id, key))
        if not scored:
            # "journée contre la traite": a day, and a word that is in a few days' names and in no
            # other: ask which of them
            sharing = [key for key, bag in index.entries if asked and asked <= bag]
            return sharing if says_day and 2 <= len(sharing) <= 3 else []
        # how much of its name the question holds, and how much of the question the name explains
        best_score = max(x[1] for x in scored)
        scored = [(share + score / best_score, score, key_id, key) for share, score, key_id, key in scored]
        scored.sort(key=lambda x: (-x[0], -x[1], x[2]))
        top = scored[0]
        if len(scored) > 1 and scored[1][0] > top[0] - 0.15:
            return [top[3], scored[1][3]]  # as close as each other: ask which
        return [top[3]]

    @staticmethod
    def _share(index: BagIndex[Any], text: str, words: set[str]) -> float:
        """How much of a name (weighted by how rare its words are) the question contains."""
        stems = {stem(w) for w in content_words(text)}
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

    def _claim(self, names: Mapping[str, V], tokens: list[str], used: list[bool],
               fuzzy: bool) -> list[tuple[int, V]]:
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

    def _find_period(self, folded: str, today: date, read_date: Callable[..., When], *, future: bool,
                     cover: Callable[[int, int], None]) -> When | None:
        """The period the question names; a month without a year is the next such month when the
        sense is future ("in January" asked in December), the last one when it asks what was held."""
        span = NEXT_SPAN.search(folded)
        if span:  # "the next two weeks", "les deux prochaines semaines", "los próximos 10 días"
            cover(*span.span())
            number, unit = (span.group(1), span.group(2)) if span.group(1) else (span.group(3), span.group(4))
            count = int(number) if number.isdigit() else NUMBER_WORDS[number]
            return When(today, today + timedelta(days=count * SPAN_UNITS[unit] - 1), Precision.DAY)
        relative = RELATIVE_PATTERN.search(folded)
        if relative:
            cover(*relative.span())
            unit, offset = RELATIVE_PERIODS[relative.group(0)]
            return relative_period(today, unit, offset)
        found = month_pattern().search(folded)
        if found:
            cover(*found.span())
            day, month, day_after, year = found.groups()
            day = day or day_after
            phrase = " ".join(p for p in (day, month, year) if p)
            middle = None if day else MID_MONTH.search(folded[:found.start()])
            if middle:  # "mi-juillet", "a mediados de julio": its middle third
                cover(*middle.span())
            try:
                # a year given is read as given: the check for dates to save ("in the past?") is not for questions
                when = read_date(phrase, prefer_future=future and not year)
            except UsageError:
                return None
            if not future and not year and when.start > today:  # "held in March", asked in April: this March
                when = replace(when, start=_year_before(when.start), end=_year_before(when.end))
            if middle:
                when = When(when.start.replace(day=11), when.start.replace(day=20), Precision.DAY)
            return when
        weekday = weekday_pattern().search(folded)
        if weekday:  # "is the workshop this friday?"
            try:
                when = read_date(weekday.group(0), prefer_future=future)
            except UsageError:
                return None
            cover(*weekday.span())
            return when
        choice = YEAR_CHOICE.search(folded)
        if choice:  # "in 2018 or 2019?": either year
            cover(*choice.span())
            first, second = sorted(int(y) for y in choice.groups())
            return When(date(first, 1, 1), date(second, 12, 31), Precision.DAY)
        year = YEAR_PATTERN.search(folded)
        if year:
            cover(*year.span())
            y = int(year.group(1))
            return When(date(y, 1, 1), date(y, 12, 31), Precision.DAY)
        return None


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


@lru_cache(maxsize=1)
def _generic_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in GENERIC_NAME_WORDS)


@lru_cache(maxsize=1)
def _vocabulary() -> frozenset[str]:
    """Words that ask something or join words, in the three languages (not names: those are
    accounted for only by what they name)."""
    words: set[str] = set().union(*LANGUAGE_WORDS.values(), STOPWORDS, FUNCTION_WORDS)
    for cues in CUES.values():
        for cue in cues:
            words.update(fold(cue).split())
    for phrase in RELATIVE_PERIODS:
        words.update(phrase.split())
    words.update(EXCEPT_WORDS)
    for phrase in EXCEPT_PHRASES:
        words.update(phrase.split())
    words.update(month_names())
    return frozenset(words)


def _close_word(word: str) -> str | None:
    """The known word a longer unknown one is a typo of ("workshp" → "workshop"), if one is close."""
    if len(word) < 5:
        return None
    from rapidfuzz import process

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


def _year_before(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def relative_period(today: date, unit: str, offset: int) -> When:
    if unit == "day":
        day = today + timedelta(days=offset)
        return When(day, day, Precision.DAY)
    if unit == "week":
        start = today - timedelta(days=today.weekday()) + timedelta(weeks=offset)
        return When(start, start + timedelta(days=6), Precision.DAY)
    if unit == "year":
        y = today.year + offset
        return When(date(y, 1, 1), date(y, 12, 31), Precision.DAY)
    month_index = today.year * 12 + today.month - 1 + offset
    start = date(month_index // 12, month_index % 12 + 1, 1)
    end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return When(start, end, Precision.MONTH)


def _same(a: str, b: str) -> bool:
    if a == b:
        return True
    if len(a) >= 4 and len(b) >= 4 and (a.startswith(b[:5]) or b.startswith(a[:5])):
        return True
    return len(a) >= 5 and len(b) >= 5 and fuzz.ratio(a, b) >= 85
