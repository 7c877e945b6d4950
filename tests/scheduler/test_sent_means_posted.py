"""A post counts as sent only when the platform gave it an id; a platform that is not ready yet
(no room list) gets nothing until it is."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import UTC, datetime

from bot.messages import Reply, Target
from tests.scheduler.conftest import RecordingAdapter


@dataclass
class NoIdAdapter(RecordingAdapter):
    """A platform that took the request but gave no id back (the post did not happen)."""

    def __post_init__(self) -> None:
        self.give_ids = False

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        posted = await super().send(target, reply, key=key)
        return posted if self.give_ids else None


@dataclass
class StartingAdapter(RecordingAdapter):
    ready: asyncio.Event = field(default_factory=asyncio.Event)


NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_a_post_without_an_id_is_tried_again_not_marked_sent(database_url, bot_factory):
    adapter = NoIdAdapter()
    bot = await bot_factory(database_url, now=NOW, adapter=adapter, scheduler={"poll_interval_seconds": 30})
    assert "R1" in await bot.chat.say("!remind here in 10 minutes call Bob")

    await bot.at(datetime(2026, 11, 24, 8, 10, tzinfo=UTC))
    [occurrence] = await bot.occurrences()
    assert occurrence.state == "pending" and occurrence.attempts == 1 and "no message id" in occurrence.error

    adapter.give_ids = True
    await bot.at(datetime(2026, 11, 24, 8, 12, tzinfo=UTC))
    [occurrence] = await bot.occurrences()
    assert occurrence.state == "sent" and occurrence.message_id


async def test_nothing_is_claimed_for_a_platform_that_is_not_ready(database_url, bot_factory):
    adapter = StartingAdapter()
    bot = await bot_factory(database_url, now=NOW, adapter=adapter)
    assert "R1" in await bot.chat.say("!remind here in 10 minutes call Bob")

    assert await bot.at(datetime(2026, 11, 24, 8, 10, tzinfo=UTC)) == []
    [occurrence] = await bot.occurrences()
    assert occurrence.state == "pending" and occurrence.attempts == 0  # not even tried

    adapter.ready.set()
    posts = await bot.at(datetime(2026, 11, 24, 8, 10, 5, tzinfo=UTC))
    assert len(posts) == 1 and "call Bob" in posts[0]
    [occurrence] = await bot.occurrences()
    assert occurrence.state == "sent"
