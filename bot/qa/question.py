"""What a question was read as: what it asks (cues), what it names, and the period it asks about."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from bot.dates import When
from storage.models import ActionGroup, CalendarEvent, Observance, PathfinderCountry

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
    # the day found is named only in part, without a word its name puts right beside the one asked
    # ("journée des travailleurs": the domestic workers' day, or a day the bot does not have?)
    observance_in_part: bool = False
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
