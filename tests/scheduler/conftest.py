"""A bot with its scheduler, a clock the test moves, and an adapter that records posts."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest_asyncio
from sqlalchemy import select

from bot.app import BotApp
from bot.i18n import I18n
from bot.messages import Reply, Target
from bot.plaintext import render
from bot.scheduler import Scheduler
from bot.settings import Settings
from storage.models import Occurrence
from tests.conftest import Chat, MovableClock


@dataclass
class Post:
    channel: str
    text: str
    key: str | None
    reply: Reply


@dataclass
class RecordingAdapter:
    """Posts on its own like the real adapters: a repeated key posts once."""

    platform: str = "console"
    posts: list[Post] = field(default_factory=list)
    attempts: list[str | None] = field(default_factory=list)
    i18n: I18n | None = None  # for the words an adapter adds ("and N more"), in each post's language

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        self.attempts.append(key)
        if key is not None and any(p.key == key for p in self.posts):
            return key
        self.posts.append(Post(target.channel_id, render(reply, i18n=self.i18n), key, reply))
        return key

    def texts(self, channel: str | None = None) -> list[str]:
        return [p.text for p in self.posts if channel is None or p.channel == channel]


@dataclass
class Bot:
    app: BotApp
    clock: MovableClock
    scheduler: Scheduler
    adapter: RecordingAdapter
    chat: Chat

    async def at(self, moment: datetime) -> list[str]:
        """Move the clock to ``moment`` and run the scheduler step; the posts it made."""
        before = len(self.adapter.posts)
        self.clock.at = moment
        await self.scheduler.run_due()
        return [p.text for p in self.adapter.posts[before:]]

    async def occurrences(self) -> list[Occurrence]:
        async with self.app.sessions() as session:
            return list(await session.scalars(select(Occurrence).order_by(Occurrence.due_at, Occurrence.id)))


@pytest_asyncio.fixture
async def bot_factory(tmp_path):
    apps: list[BotApp] = []

    async def make(database_url: str, *, now: datetime, meeting_report: bool = False, scheduler: dict | None = None,
                   adapter: RecordingAdapter | None = None, **bot) -> Bot:
        settings = Settings.model_validate({
            "bot": {"admins": ["console:admin"], "data_dir": str(tmp_path), **bot},
            "database": {"url": database_url},
            "scheduler": scheduler or {},
        })
        clock = MovableClock(now)
        app = BotApp(settings, clock=clock)
        await app.start()
        apps.append(app)
        if meeting_report:
            from storage import seed

            async with app.sessions.begin() as session:
                await seed.apply_meeting_report(session)
        adapter = adapter or RecordingAdapter()
        adapter.i18n = adapter.i18n or app.i18n
        app.adapters = {"console": adapter}
        return Bot(app, clock, Scheduler(app), adapter, Chat(app, clock))

    yield make
    for app in apps:
        await app.close()


@pytest_asyncio.fixture
async def bot(database_url, bot_factory) -> Bot:
    return await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
