"""What a handler gets: the message, a session in an open transaction, the
asker's language and zone, the clock, and a way to read dates."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import UTC, datetime
from collections import OrderedDict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from sqlalchemy.ext.asyncio import AsyncSession

from bot.dates import DateReader, When, check_sensible, describe, strip_confirm
from bot.i18n import I18n, Translator
from bot.messages import Incoming
from bot.platforms import Platform, platforms
from bot.settings import Settings
from storage import audit

if TYPE_CHECKING:  # its types name Context: only for the type checker
    from bot.qa.cache import KnowledgeCache

log = logging.getLogger("alliance_bot.audit")
LANGUAGES_KEPT = 10_000  # people whose last question's language is kept (a few hundred kB)


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


@dataclass(frozen=True)
class FixedClock:
    """A clock that stands still: for tests and evaluations."""

    at: datetime

    def now(self) -> datetime:
        return self.at


class Described(Protocol):
    """A subcommand as !help shows it (``bot.router.Subcommand``)."""

    @property
    def usage(self) -> str: ...

    @property
    def summary(self) -> str: ...


class Listed(Protocol):
    """A command family as !help lists it (``bot.router.Command``)."""

    @property
    def name(self) -> str: ...

    @property
    def description(self) -> str: ...

    @property
    def subcommands(self) -> Mapping[str, Described]: ...


@dataclass
class KeptCountries:
    """The pathfinder countries as read at one data version (``storage.data_versions``): their names'
    index, and the countries whose cards were shown, each read once with its priorities and timeline."""

    version: int
    index: Any = None  # NameIndex[int] of every country's names, once read
    countries: dict[int, Any] = field(default_factory=dict)  # id → PathfinderCountry, out of any session


@dataclass
class Kept:
    """What the app keeps between messages, built from the data on first use and rebuilt when it changes."""

    knowledge: KnowledgeCache | None = None  # what questions are answered from
    country_names: dict[tuple, Any] = field(default_factory=dict)  # the countries' names → their index
    countries: KeptCountries | None = None  # the pathfinder countries at the latest data version seen

    def countries_at(self, version: int) -> KeptCountries:
        """What is kept of the countries at ``version``: a new, empty keep when the data changed since."""
        if self.countries is None or self.countries.version != version:
            self.countries = KeptCountries(version)
        return self.countries
    # the language each person last wrote a question in (platform id → code), the most recent kept
    languages: OrderedDict[str, str] = field(default_factory=OrderedDict)

    def remember_language(self, person: str, lang: str) -> None:
        self.languages[person] = lang
        self.languages.move_to_end(person)
        while len(self.languages) > LANGUAGES_KEPT:
            self.languages.popitem(last=False)


@dataclass
class Context:
    incoming: Incoming
    session: AsyncSession
    settings: Settings
    now: datetime
    tr: Translator
    tz: str
    dates: DateReader
    command_labels: dict[str, str] = field(default_factory=dict)
    kept: Kept = field(default_factory=lambda: Kept())  # what the app keeps between messages
    i18n: I18n | None = None  # every language, for answering in the language of a question
    changes: int = 0  # changes made through the app so far, action items aside (see BotApp.changes)
    item_changes: int = 0  # changes to action items made through the app so far
    # ids of action items changed through the app, not yet seen by the questions' catalogue (shared)
    changed_items: set[int] = field(default_factory=set)
    commands: Mapping[str, Listed] = field(default_factory=dict)  # every command, as !help lists them
    own_language: bool = False  # the person chose their language (!lang): it answers what tells none
    # what a batch of scheduled posts comes from, read for the whole batch at once: (kind, ref) → its row
    sources: Mapping[tuple[str, str], Any] = field(default_factory=dict)
    # the data versions read with the preferences, at the start of this transaction (``storage.data_versions``):
    # what is kept in memory at one of them is current; none read, nothing kept is trusted
    versions: Mapping[str, int] = field(default_factory=dict)

    def speak(self, lang: str) -> None:
        """Answer in ``lang`` from now on (a question written in another language than the asker's)."""
        if self.i18n is not None and lang != self.tr.lang:
            self.tr = self.i18n.get(lang)

    # language -------------------------------------------------------------
    @property
    def lang(self) -> str:
        return self.tr.lang

    def t(self, message: str, /, **values: object) -> str:
        return self.tr.t(message, **values)

    def tn(self, singular: str, plural: str, n: int, /, **values: object) -> str:
        return self.tr.tn(singular, plural, n, **values)

    def label(self, command: str) -> str:
        """How the user types a command here: "!action" or "/action"."""
        return self.command_labels.get(command) or f"{self.settings.bot.command_prefix}{command}"

    # people ---------------------------------------------------------------
    @property
    def platform(self) -> Platform | None:
        """How people and conversations are written where the message came from (None: unknown)."""
        return platforms().get(self.incoming.platform)

    @property
    def user(self) -> str:
        return self.incoming.user_id

    @property
    def is_admin(self) -> bool:
        return self.settings.is_admin(self.incoming.user_id) or self.incoming.is_room_admin

    # dates ----------------------------------------------------------------
    def read_date(self, text: str, *, prefer_future: bool = True) -> When:
        """Read a date. With ``prefer_future`` (a date to save) one in the past or more than five years
        away is asked back, unless the text ends with "confirm"."""
        text, confirmed = strip_confirm(text)
        when = self.dates.read(text, tz=self.tz, now=self.now, prefer_future=prefer_future)
        if prefer_future and not confirmed:
            check_sensible(when, now=self.now, tz=self.tz)
        return when

    def reading(self, when: When) -> str:
        """What was read, as replies show it: "Friday 14 May 2027, 15:00 CEST (Europe/Zurich)"."""
        return describe(when, self.tr.babel_locale)

    @property
    def today(self):
        from zoneinfo import ZoneInfo

        return self.now.astimezone(ZoneInfo(self.tz)).date()

    # audit ----------------------------------------------------------------
    def audit(self, action: str, subject: str = "", outcome: str = "ok", **detail: Any) -> None:
        audit.record(
            self.session,
            actor=self.incoming.user_id,
            platform=self.incoming.platform,
            action=action,
            subject=subject,
            outcome=outcome,
            detail=detail,
            at=self.now,
        )
        log.info(
            "%s %s by %s via %s: %s", action, subject, self.incoming.user_id, self.incoming.platform, outcome
        )
