"""Reading a question: what is asked (cues) and about what (entities, a period).

Names come from the stored data (names, aliases, French and Spanish names) and from
Babel's territory and month names; nothing is invented here, only recognised.

``Knowledge`` reads the question here; what it looks for is found by the parts it is made
of: ``entities`` (countries, groups, owners, region), ``occasions`` (days, events) and
``time_sense`` (the period), over the words of ``words``.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import lru_cache

from bot.dates import When
from bot.matching import fold
from bot.qa import language
from bot.qa.bags import BagIndex, bag_of, idf_sum
from bot.qa.entities import EXCEPT_PHRASES, EXCEPT_WORDS, NameFinding
from bot.qa.item_catalog import ItemCatalog
from bot.qa.lexicon import (
    CUES,
    FUNCTION_WORDS,
    GENERIC_NAME_WORDS,
    LANGUAGE_WORDS,
    ORGANISATION_ALIASES,
    OWN_NAME,
    PLACE_ALIASES,
    RELATIVE_PERIODS,
    SHORT_FORMS,
    STOPWORDS,
)
from bot.qa.occasions import OccasionFinding, observance_names
from bot.qa.question import Question
from bot.qa.time_sense import BOUND, BOUND_KIND, END_OF, NEXT_SPAN, PeriodReading, _year_before, month_names, weekday_pattern
from bot.qa.words import (
    LANGS,
    _close_word,
    content_words,
    cue_patterns,
    english_ordinal,
    expand,
    folded,
    stem,
    territory,
)
from storage.models import ActionGroup, CalendarEvent, Observance, PathfinderCountry

# what the modules that answer questions take from here
__all__ = ("BagIndex", "ItemCatalog", "Knowledge", "Question", "bag_of", "content_words", "expand", "folded",
           "idf_sum", "stem")

LETTERS_DIGITS = re.compile(r"(?<![a-z0-9])([a-df-z][a-z]+)(\d+)(?![a-z0-9])")
NEGATED = re.compile(
    r"(?:\(\s*|[-–—,;?!]\s*)(?:not|no|pas|non|sauf|except|excepto)\b(?:\s+(?:the|el|la|le|les|del|de|l'|celle|celui|one|that))*"
    r"\s+([^,;.()\-–—?!]+)")
OWN_NAME_PATTERN = re.compile("|".join(rf"(?<![a-z0-9]){re.escape(n)}(?![a-z0-9])" for n in OWN_NAME))
ITEM_REF = re.compile(r"(?<![a-z0-9])a\s?(\d{1,6})(?![a-z0-9])")
EVENT_REF = re.compile(r"(?<![a-z0-9])e(\d{1,6})(?![a-z0-9])")
PAST_CUES = ("held", "not_held", "was")
SHORT_FORM_PATTERN = re.compile(
    "|".join(rf"(?<![a-z0-9]){re.escape(s)}(?![a-z0-9])" for s in sorted(SHORT_FORMS, key=len, reverse=True)))
# "5e réunion", "1er atelier", "2ª reunión", "5º": the English ordinal the stored titles use ("5th")
# "action item 14", "l'action n° 14", "acción 14": the item A14 (a year is not an item number)
ITEM_NUMBER = re.compile(r"(?<![a-z0-9])(?:action item|action|item|accion|tache|tarea)\s+"
                         r"(?:(?:n|no|nr|num|number|numero)\s?|#\s?)?(?!(?:19|20)\d\d(?!\d))(\d{1,4})(?![0-9a-z])")
ORDINAL = re.compile(r"(?<![a-z0-9])(\d{1,2})(?:eme|ieme|ere|er|e|o|a|ro|do|to|vo|no)(?![a-z0-9])")
# "when's the meeting?": one meeting meant, none named
THE_ONE = re.compile(r"(?<![a-z])(?:the|la|le|el|l)\s+(?:meeting|event|reunion|evenement|evento|conference|call)"
                     r"(?![a-z])")


class Knowledge(NameFinding, OccasionFinding, PeriodReading):
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
            for name in (*g.names(), g.key.replace("-", " ")):
                self.group_names.setdefault(folded(name), g)
        self.group_words = frozenset(w for name in self.group_names for w in content_words(name))
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
        cues = {name for name, pattern in cue_patterns().items() if pattern.search(folded)}
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
        period_spans: list[tuple[int, int]] = []

        def cover_period(start: int, end: int) -> None:
            period_starts.append(start)
            period_spans.append((start, end))
            cover(start, end)

        question.period = self._find_period(folded, today, read_date, future=question.future, cover=cover_period)
        period = question.period
        if period is not None and "remaining" in cues and period.start < today <= period.end:
            question.period = replace(period, start=today)  # "the days left this year": from today on
        if question.period and question.period.start == question.period.end and weekday_pattern().search(folded):
            cues.add("weekday")  # "is the HLPF on a wednesday?": a day of the week, which may be a check
        bound = None
        if question.period and period_starts:
            at = min(period_starts)
            # the limit's word before the period ("avant mars"), or opening it ("since 2019")
            bound = BOUND.search(folded[:at]) or BOUND.match(folded[at:].split(" ", 1)[0] + " ")
        if bound:
            question.bound = BOUND_KIND.get(bound.group(1), "by")
            if question.bound == "before" and (bound.group(2) or END_OF.match(folded[min(period_starts):])):
                # "avant fin juin", "before the end of the year" (a period that opens with its end): up to it
                question.bound = "by"
            cover(*bound.span())
            period = question.period
            if question.bound == "since" and period is not None and period.start > today:
                # "depuis janvier": the last January
                question.period = replace(period, start=_year_before(period.start), end=_year_before(period.end))
        if "update" in cues and period_spans:  # "la semaine dernière", "el último mes": a time, not news
            outside = folded
            for start, end in period_spans:
                outside = outside[:start] + " " * (end - start) + outside[end:]
            if not cue_patterns()["update"].search(outside):
                cues.discard("update")
        span = NEXT_SPAN.search(folded)
        if span and "observances" in cues:  # "the next 10 days" names a period, not international days
            if not cue_patterns()["observances"].search(folded[:span.start()] + " " + folded[span.end():]):
                cues.discard("observances")
        asking: set[int] = set()  # the words of "qui est responsable", "who owns": they ask, they name no item
        patterns = cue_patterns()
        for name in cues & patterns.keys():
            for found in patterns[name].finditer(folded):
                cover(*found.span())
                if name in ("owner", "lead"):
                    asking.update(n for n, at in enumerate(starts) if found.start() <= at < found.end())
        for n, t in enumerate(tokens):
            if t in excluded:
                accounted[n] = free[n] = True
        words = expand(w for w, u in zip(tokens, free) if not u and w not in STOPWORDS)
        if question.group is not None:  # a group named in one language names it in all three:
            # "premier atelier du groupe état de droit" covers the title "First workshop of the Rule of Law…"
            words |= bag_of(self._group_texts(question.group))
        bags: list[frozenset[str]] = []
        found_days = self._find_observance(folded, words, frozenset(excluded))
        if found_days is not None:
            observance, close = found_days.day, found_days.close
            question.observance_in_part = found_days.in_part
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
        item_words = expand(w for n, (w, u) in enumerate(zip(tokens, free))
                            if not u and w not in STOPWORDS and n not in asking) if asking else words
        item, score, margin = self.items.index.best(item_words)
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
