"""Shared fixtures: a database on SQLite and (when TEST_DATABASE_URL is set) PostgreSQL,
and a chat with the bot that reads like a conversation."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pytest
import pytest_asyncio
from hypothesis import settings as hypothesis_settings
from hypothesis.configuration import set_hypothesis_home_dir
from sqlalchemy.engine import make_url

from bot.app import BotApp
from bot.messages import Incoming, Reply
from bot.plaintext import render
from bot.settings import Settings

# Tests never write into the checkout: Hypothesis keeps no example database, and what else it
# stores (it would be .hypothesis/ in the working directory) goes to a folder removed at the end.
hypothesis_settings.register_profile("no-database", database=None)
hypothesis_settings.load_profile("no-database")
HYPOTHESIS_HOME = pytest.StashKey[str]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[HYPOTHESIS_HOME] = tempfile.mkdtemp(prefix="hypothesis-")
    set_hypothesis_home_dir(config.stash[HYPOTHESIS_HOME])


def pytest_unconfigure(config: pytest.Config) -> None:
    shutil.rmtree(config.stash.get(HYPOTHESIS_HOME, ""), ignore_errors=True)


PG_URL = os.environ.get("TEST_DATABASE_URL", "")
PG_SKIP_REASON = "PostgreSQL tests need TEST_DATABASE_URL (e.g. postgresql+asyncpg://postgres@127.0.0.1:5432/test)"


@dataclass
class MovableClock:
    at: datetime

    def now(self) -> datetime:
        return self.at


async def _create_pg_database() -> tuple[str, str]:
    import asyncpg

    base = make_url(PG_URL)
    name = f"t_{uuid.uuid4().hex[:12]}"
    conn = await asyncpg.connect(
        user=base.username or "postgres", host=base.host or "127.0.0.1", port=base.port or 5432,
        database=base.database or "postgres", password=base.password)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return base.set(database=name).render_as_string(hide_password=False), name


async def _drop_pg_database(name: str) -> None:
    import asyncpg

    base = make_url(PG_URL)
    conn = await asyncpg.connect(
        user=base.username or "postgres", host=base.host or "127.0.0.1", port=base.port or 5432,
        database=base.database or "postgres", password=base.password)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@pytest_asyncio.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path):
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        return
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = await _create_pg_database()
    try:
        yield url
    finally:
        await _drop_pg_database(name)


@pytest_asyncio.fixture
async def pg_url():
    """A fresh PostgreSQL database, for what only PostgreSQL can do (several processes at once)."""
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = await _create_pg_database()
    try:
        yield url
    finally:
        await _drop_pg_database(name)


def make_settings(database_url: str, tmp_path, **bot) -> Settings:
    return Settings.model_validate({
        "bot": {"admins": ["console:admin"], "data_dir": str(tmp_path), **bot},
        "database": {"url": database_url},
    })


@dataclass
class Chat:
    """Talk to the bot as people do: ``await chat.say("!action list", as_user="bob")``."""

    app: BotApp
    clock: MovableClock
    user: str = "alice"
    platform: str = "console"
    channel: str = "console:general"
    last: list[Reply] = field(default_factory=list)

    async def replies(self, text: str, *, as_user: str | None = None, **incoming) -> list[Reply]:
        user = as_user or self.user
        message = Incoming(
            platform=self.platform,
            user_id=f"{self.platform}:{user}",
            user_name=user,
            channel_id=self.channel,
            text=text,
            is_direct=incoming.pop("is_direct", True),
            **incoming,
        )
        self.last = await self.app.handle(message)
        return self.last

    async def say(self, text: str, *, as_user: str | None = None, **incoming) -> str:
        return "\n".join(render(r, i18n=self.app.i18n) for r in await self.replies(text, as_user=as_user, **incoming))


@pytest_asyncio.fixture
async def app_factory(tmp_path):
    apps: list[BotApp] = []

    async def make(database_url: str, *, now: datetime | None = None, meeting_report: bool = False, **bot):
        clock = MovableClock(now or datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
        app = BotApp(make_settings(database_url, tmp_path, **bot), clock=clock)
        await app.start()
        if meeting_report:
            from storage import seed

            async with app.sessions.begin() as session:
                await seed.apply_meeting_report(session)
        apps.append(app)
        return app, clock

    yield make
    for app in apps:
        await app.close()


@pytest_asyncio.fixture
async def chat(database_url, app_factory) -> Chat:
    app, clock = await app_factory(database_url)
    return Chat(app, clock)
