"""Platform adapters: the only modules that speak a platform's language.

Each turns platform payloads into a neutral ``Incoming`` and renders a neutral
``Reply`` back, escaping user text for its own format.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import timedelta
from typing import Protocol

from bot.context import Clock
from bot.forms import Form, HomeSection, MessageAction
from bot.i18n import I18n, Translator
from bot.messages import Incoming, Reply, Target
from bot.settings import Settings

OnIncoming = Callable[[Incoming], Awaitable[list[Reply]]]


class PlatformMetrics(Protocol):
    """What an adapter counts (``bot.observability.Metrics``)."""

    def retry(self, platform: str, reason: str) -> None: ...

    def delivery(self, platform: str, outcome: str) -> None: ...

    def e2e_problem(self, platform: str, kind: str) -> None: ...


class Core(Protocol):
    """All an adapter may ask of the bot (``BotApp`` is one): handle what people say, words in their
    language, the settings, and the few records a platform keeps. No database session, no domain."""

    settings: Settings
    i18n: I18n
    clock: Clock

    @property
    def metrics(self) -> PlatformMetrics: ...

    async def handle(self, incoming: Incoming) -> list[Reply]:
        """The replies to a message, a command or a reaction (each delivery handled once)."""

    async def member_joined(self, incoming: Incoming) -> list[Reply]:
        """The conversation's greeting for someone who joined it, once per person."""

    async def translator_of(self, *, user_id: str = "", channel_id: str = "", locale: str | None = None) -> Translator:
        """The language for words an adapter writes itself (a notice, a form)."""

    async def platform_state(self, platform: str, key: str) -> str | None:
        """A small value a platform keeps (a sync token, a device id, a direct room)."""

    async def set_platform_state(self, platform: str, key: str, value: str) -> None: ...

    async def remember_post(self, platform: str, message_id: str, channel_id: str, reply: Reply, *,
                            reactions: dict[str, str] | None = None) -> None:
        """Keep what a posted message is about and what reactions to it run (its actions' emoji)."""

    async def reaction_command(self, platform: str, message_id: str, key: str) -> str | None:
        """What a reaction ``key`` to a posted message runs ("action_done A12"), or None."""

    async def first_requests(self, platform: str, keys: Sequence[str], *, keep_for: timedelta) -> set[str]:
        """Of ``keys`` (signed requests' signatures, no two alike), those seen for the first time; the
        others are replays. One transaction for them all."""

    async def tidy_platform(self, platform: str, *, keep_posts: timedelta, release_unfinished: bool) -> None:
        """At start: forget expired claims and old posts; with ``release_unfinished`` (one process per
        platform account) let deliveries a crash cut off run again."""

    async def group_choices(self, lang: str) -> list[tuple[str, str]]:
        """The action groups a form offers: (key, name in ``lang``)."""

    @property
    def forms(self) -> Sequence[Form]:
        """The forms the command families offer (``bot.forms``), drawn as the platform can."""

    @property
    def message_actions(self) -> Sequence[MessageAction]:
        """What can be done with someone's message (its text goes to a command)."""

    @property
    def home_sections(self) -> Sequence[HomeSection]:
        """What a person's home view shows, in order: each the reply to a command."""


class Adapter(Protocol):
    platform: str

    async def run(self, on_incoming: OnIncoming) -> None:
        """Receive messages until stopped, answering each through ``on_incoming``."""

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        """Post on the bot's own initiative. ``key`` makes a retried send post once."""

    async def stop(self) -> None:
        """Stop taking new messages."""
