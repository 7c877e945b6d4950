"""Round trips to the database saved on every command, and what they must not cost: a transaction that
wrote is committed; the per-command read reads what SQLAlchemy would, and fails as SQLAlchemy would."""

from __future__ import annotations

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from storage import db, profiles


async def test_sqlite_commits_only_a_transaction_that_wrote(tmp_path, monkeypatch):
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    await db.upgrade(engine)
    sessions = db.create_sessionmaker(engine)
    commits = 0
    commit = aiosqlite.Connection.commit

    async def counted(self):
        nonlocal commits
        commits += 1
        return await commit(self)

    monkeypatch.setattr(aiosqlite.Connection, "commit", counted)
    try:
        async with sessions.begin() as s:  # reads only: nothing to commit
            await profiles.preferences_and_versions(s, "U1", "C1")
            await s.get(profiles.UserProfile, "U1")
        assert commits == 0
        async with sessions.begin() as s:
            (await profiles.user_for_update(s, "U1")).locale = "es"
        assert commits == 1
        other = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
        try:  # committed: another connection sees it
            async with other.connect() as conn:
                assert (await conn.execute(text("SELECT locale FROM user_profile"))).scalar_one() == "es"
        finally:
            await other.dispose()
        async with sessions.begin() as s:  # a write after reads: committed
            await profiles.preferences_and_versions(s, "U1", "C1")
            (await profiles.user_for_update(s, "U1")).locale = "fr"
        assert commits == 2
        async with sessions() as s:
            assert (await profiles.user(s, "U1")).locale == "fr"
    finally:
        await engine.dispose()


async def test_preferences_and_versions_read_as_sqlalchemy_reads_them(database_url):
    engine = db.create_engine(database_url)
    await db.upgrade(engine)
    sessions = db.create_sessionmaker(engine)
    try:
        async with sessions.begin() as s:
            (await profiles.user_for_update(s, "U1")).locale = "es"
            (await profiles.channel_for_update(s, "C1")).timezone = "Asia/Kathmandu"
            await s.execute(text("INSERT INTO data_version (name, version) VALUES ('pathfinder', 12345678901)"))
        async with sessions.begin() as s:
            found, versions = await profiles.preferences_and_versions(s, "U1", "C1")
            rows = (await s.execute(profiles.PREFERENCES_AND_VERSIONS, {"user_id": "U1", "channel_id": "C1"})).all()
        assert found == {"user": ("es", ""), "channel": ("", "Asia/Kathmandu")}
        assert versions == {name: int(version) for kind, name, version in rows if kind == "version"}
        assert versions == {"pathfinder": 12345678901}
        async with sessions.begin() as s:  # neither known: no preferences, the same versions
            assert await profiles.preferences_and_versions(s, "U2", "C2") == ({}, versions)
    finally:
        await engine.dispose()


async def test_a_failed_per_command_read_fails_as_sqlalchemy_fails(tmp_path):
    engine = db.create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")  # no tables: the read fails
    sessions = db.create_sessionmaker(engine)
    try:
        with pytest.raises(OperationalError):
            async with sessions.begin() as s:
                await profiles.preferences_and_versions(s, "U1", "C1")
    finally:
        await engine.dispose()
