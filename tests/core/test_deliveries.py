"""A delivery is claimed once; a retry of it is a duplicate, unless the first died."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

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


async def test_signatures_noted_together_are_fresh_once(database_url):
    engine = db.create_engine(database_url)
    await db.upgrade(engine)
    sessions = db.create_sessionmaker(engine)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    keep = timedelta(minutes=10)
    try:
        async with sessions.begin() as s:
            assert await deliveries.remember_each(s, "slack-request", ["s1", "s2"], now=now, keep_for=keep) == {"s1", "s2"}
        async with sessions.begin() as s:
            assert await deliveries.remember_each(s, "slack-request", ["s2", "s3", "s1"], now=now,
                                                  keep_for=keep) == {"s3"}
            assert await deliveries.remember_each(s, "slack-request", [], now=now, keep_for=keep) == set()
            assert await deliveries.remember_each(s, "other", ["s1"], now=now, keep_for=keep) == {"s1"}
        async with sessions.begin() as s:
            assert await deliveries.purge_expired(s, now + timedelta(minutes=11)) == 4
        many = [f"m{i}" for i in range(1200)]  # more than one statement's worth of values
        async with sessions.begin() as s:
            assert await deliveries.remember_each(s, "slack-request", many[:700], now=now, keep_for=keep) == set(
                many[:700])
        async with sessions.begin() as s:
            assert await deliveries.remember_each(s, "slack-request", many, now=now, keep_for=keep) == set(many[700:])
    finally:
        await engine.dispose()


async def test_a_command_marks_its_delivery_done_in_its_own_commit(chat, monkeypatch):
    """Effects and "done" commit together: a crash before the commit leaves neither."""
    from sqlalchemy import select

    from storage import actions
    from storage.deliveries import ProcessedEvent
    from storage.models import ActionItem

    async def states():
        async with chat.app.sessions() as s:
            return {e.event_id: e.state for e in await s.scalars(select(ProcessedEvent))}

    assert "A1 recorded" in await chat.say("!action add Draft the toolkit", delivery_id="m1")
    assert (await states())["m1"] == "done"
    assert await chat.say("!action add Draft the toolkit", delivery_id="m1") == ""  # a retry: handled once

    def died(*args, **kwargs):
        raise asyncio.CancelledError  # the process is stopped here, mid-command

    monkeypatch.setattr(actions, "set_owners", died)
    with pytest.raises(asyncio.CancelledError):
        await chat.say("!action add Never saved owner @bob", delivery_id="m2")
    assert (await states())["m2"] == "processing"
    async with chat.app.sessions() as s:
        assert [i.text for i in await s.scalars(select(ActionItem))] == ["Draft the toolkit"]

    def failed(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr(actions, "set_owners", failed)  # a failure the person is told about is done with
    assert "nothing was changed" in await chat.say("!action add Never saved owner @bob", delivery_id="m3")
    assert (await states())["m3"] == "done"

    now = chat.clock.now()
    async with chat.app.sessions.begin() as s:  # on restart: the unfinished one may run again
        assert await deliveries.release_unfinished(s, "console") == 1
    async with chat.app.sessions.begin() as s:
        assert await deliveries.claim(s, "console", "m2", now=now) is True
        assert await deliveries.claim(s, "console", "m1", now=now) is False
