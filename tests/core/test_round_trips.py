"""Round trips to the database saved on every command, and what they must not cost: a transaction that
wrote is committed."""

from __future__ import annotations

import aiosqlite
from sqlalchemy import text

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
