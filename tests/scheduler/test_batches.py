"""Posts due together go out a batch at a time: each once, each marked sent only when its
platform confirmed it (gave back an id for the post)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from storage.models import Reminder
from tests.scheduler.conftest import RecordingAdapter

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@dataclass
class Unconfirmed(RecordingAdapter):
    """Takes every post but, for the channels in ``silent``, gives back no id (the platform did
    not confirm it), as a platform answering without the posted message's id would."""

    silent: frozenset = frozenset()

    async def send(self, target, reply, *, key=None):
        message_id = await super().send(target, reply, key=key)
        return None if target.channel_id in self.silent else message_id


async def add_reminders(app, due: datetime, count: int, channels: int) -> None:
    async with app.sessions.begin() as session:
        session.add_all(Reminder(
            text=f"post {n}", created_by="console:alice", platform="console", channel_id=f"console:c{n % channels}",
            timezone="Europe/Zurich", first_at=due, created_at=due - timedelta(days=1)) for n in range(count))


async def test_more_posts_than_a_batch_each_go_out_once_and_are_marked_sent(database_url, bot_factory):
    bot = await bot_factory(database_url, now=NOW, scheduler={"batch_size": 7})
    due = NOW + timedelta(minutes=5)
    await add_reminders(bot.app, due, 40, channels=6)

    await bot.at(NOW)
    assert bot.adapter.posts == []
    await bot.at(due)
    texts = Counter(p.text.splitlines()[0] for p in bot.adapter.posts)
    assert sorted(texts) == sorted(f"Reminder: post {n}" for n in range(40)), texts
    assert set(texts.values()) == {1}
    rows = await bot.occurrences()
    assert len(rows) == 40 and {r.state for r in rows} == {"sent"}
    assert all(r.message_id == r.key for r in rows), "each row keeps the id its platform gave the post"
    assert await bot.at(due + timedelta(minutes=2)) == []


async def test_a_send_the_platform_did_not_confirm_is_not_marked_sent(database_url, bot_factory):
    adapter = Unconfirmed(silent=frozenset({"console:c1"}))
    bot = await bot_factory(database_url, now=NOW, adapter=adapter, scheduler={"batch_size": 3, "max_attempts": 2})
    due = NOW + timedelta(minutes=5)
    await add_reminders(bot.app, due, 6, channels=2)

    await bot.at(NOW)
    await bot.at(due)
    rows = {r.channel_id: [] for r in await bot.occurrences()}
    for r in await bot.occurrences():
        rows[r.channel_id].append(r)
    assert {r.state for r in rows["console:c0"]} == {"sent"}
    assert {r.state for r in rows["console:c1"]} == {"pending"}, "no id back: to be tried again, not sent"
    assert all(r.message_id == "" for r in rows["console:c1"])

    # tried again after the retry delay, still unconfirmed: failed after max_attempts, never "sent"
    await bot.at(due + timedelta(minutes=5))
    assert {r.state for r in await bot.occurrences() if r.channel_id == "console:c1"} == {"failed"}
