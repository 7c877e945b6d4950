"""The community's progress at a glance: a read-only web page and the pathfinder timeline picture.

``chart`` draws the timeline (matplotlib, no display), ``page`` renders the page (Jinja2, autoescaped);
what they show is collected by ``handlers.dashboard`` into the neutral records defined here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class TimelineRow:
    """One pathfinder workshop on the timeline."""

    label: str  # the country, in the reader's language
    start: date
    end: date
    held: bool  # took place (status past "planned"); otherwise planned
    tentative: bool  # date to be confirmed, or known to the month only
    when: str  # the date as the reader's locale writes it
    status: str  # the status label, translated


@dataclass(frozen=True)
class CountryLine:
    name: str
    status: str
    status_key: str
    workshop: str


@dataclass(frozen=True)
class RegionBlock:
    name: str
    countries: tuple[CountryLine, ...]


@dataclass(frozen=True)
class DatedLine:
    when: str
    iso: str  # machine-readable date for <time datetime="">
    text: str
    note: str = ""


@dataclass(frozen=True)
class GroupLine:
    name: str
    open: int
    overdue: int
    items: tuple[DatedLine, ...]


@dataclass(frozen=True)
class DashboardView:
    """Everything the page shows, already in the reader's language."""

    lang: str
    today: str
    status_counts: tuple[tuple[str, str, int], ...]  # (status key, label, countries)
    regions: tuple[RegionBlock, ...]
    timeline: tuple[TimelineRow, ...]
    events: tuple[DatedLine, ...]
    observances: tuple[DatedLine, ...]
    groups: tuple[GroupLine, ...]
    updates: tuple[DatedLine, ...]
    labels: dict[str, str] = field(default_factory=dict)  # the page's own words, translated
