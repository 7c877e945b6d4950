"""A delivery is claimed once; a retry of it is a duplicate, unless the first died."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from storage import db, deliveries


async def test_claim_once_then_duplicates_until_stale(database_url):
    engine = db.create_engine(database_url)
    await db.upgrade(engine)
    sessions = db.create_sessionmaker(engine)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    try:
        async with sessions.begin() as s:
            assert await deliveries.claim(s, "slack", "Ev1", now=now) is True
        async with sessions.begin() as s:
            assert await deliveries.claim(s, "slack", "Ev1", now=now + timedelta(seconds=1)) is False
            assert await deliveries.claim(s, "matrix", "Ev1", now=now) is True  # another platform
        async with sessions.begin() as s:  # the first worker died: after a while a retry takes over
            assert await deliveries.claim(s, "slack", "Ev1", now=now + timedelta(minutes=5)) is True
            await deliveries.finish(s, "slack", "Ev1")
        async with sessions.begin() as s:  # done is done, however late the retry
            assert await deliveries.claim(s, "slack", "Ev1", now=now + timedelta(hours=2)) is False
        async with sessions.begin() as s:
            assert await deliveries.purge_expired(s, now + timedelta(days=2)) == 2
            await deliveries.set_state(s, "matrix", "next_batch", "s72_1")
        async with sessions.begin() as s:
            assert await deliveries.get_state(s, "matrix", "next_batch") == "s72_1"
    finally:
        await engine.dispose()
