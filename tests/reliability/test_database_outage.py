"""The database goes away for a while: people get a clear "try again", nothing is
half-written, and the same running bot answers again once it is back.

PostgreSQL is reached through a loopback proxy the test cuts and restores: a real
network outage between the bot and a real server.
"""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from bot.observability import check_health
from storage.audit import AuditEntry
from storage.models import ActionItem
from tests.conftest import PG_SKIP_REASON, PG_URL, Chat, _create_pg_database, _drop_pg_database
from tests.reliability.tcp_proxy import CuttableProxy

TRY_AGAIN = "I can't reach my database right now, so nothing was changed. Please try again in a minute."


@pytest.fixture
async def proxied_chat(app_factory):
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = await _create_pg_database()
    parsed = make_url(url)
    proxy = await CuttableProxy(parsed.host or "127.0.0.1", parsed.port or 5432).start()
    try:
        app, clock = await app_factory(parsed.set(host="127.0.0.1", port=proxy.port).render_as_string(False))
        yield Chat(app, clock), proxy
    finally:
        await proxy.close()
        await _drop_pg_database(name)


async def counts(chat: Chat) -> tuple[int, int]:
    async with chat.app.sessions() as session:
        items = await session.scalar(select(func.count()).select_from(ActionItem))
        audits = await session.scalar(select(func.count()).select_from(AuditEntry))
    return items, audits


async def test_commands_say_try_again_and_the_bot_recovers_without_restart(proxied_chat):
    chat, proxy = proxied_chat
    assert "A1 recorded" in await chat.say("!action add Send the minutes")

    await proxy.cut()
    assert await chat.say("!action add Book the room") == TRY_AGAIN
    assert await chat.say("!action list") == TRY_AGAIN
    assert await chat.say("Where is Nepal?") == TRY_AGAIN
    health = await check_health(chat.app.engine, chat.app.adapters, timeout=5)
    assert not health.ready and health.database.startswith("unreachable")
    assert chat.app.metrics.value("alliance_bot_commands_total",
                                  {"command": "action", "outcome": "db_unavailable"}) == 2

    await proxy.restore()
    assert (await check_health(chat.app.engine, chat.app.adapters, timeout=5)).ready
    listed = await chat.say("!action list")
    assert "A1 Send the minutes" in listed and "Book the room" not in listed
    assert "A2 recorded" in await chat.say("!action add Book the room")


async def test_a_connection_lost_mid_command_leaves_nothing_half_written(proxied_chat):
    chat, proxy = proxied_chat
    assert "A1 recorded" in await chat.say("!action add Send the minutes")
    before = await counts(chat)

    # the item row is inserted; the connection dies as its owner (same transaction) goes out
    proxy.cut_on = b"zed-owner"
    assert await chat.say("!action add Draft the toolkit owner @zed-owner due 3 March 2027") == TRY_AGAIN
    assert proxy.cut_happened.is_set()

    await proxy.restore()
    assert await counts(chat) == before
    assert "Draft the toolkit" not in await chat.say("!action list all")
    assert "recorded" in await chat.say("!action add Draft the toolkit")  # (PostgreSQL spent id 2 on the lost one)
    assert await counts(chat) == (before[0] + 1, before[1] + 1)
