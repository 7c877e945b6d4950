"""Platform adapters: the only modules that speak a platform's language.

Each turns platform payloads into a neutral ``Incoming`` and renders a neutral
``Reply`` back, escaping user text for its own format.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.messages import Incoming, Reply, Target

OnIncoming = Callable[[Incoming], Awaitable[list[Reply]]]


class Adapter(Protocol):
    platform: str

    async def run(self, on_incoming: OnIncoming) -> None:
        """Receive messages until stopped, answering each through ``on_incoming``."""

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        """Post on the bot's own initiative. ``key`` makes a retried send post once."""

    async def stop(self) -> None:
        """Stop taking new messages."""
