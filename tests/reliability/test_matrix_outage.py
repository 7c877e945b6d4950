"""The homeserver stops for 30 seconds in the middle of a conversation and comes back: the
bot resumes by itself, answers everything said within its age limit exactly once - what it
had not synced before the stop and what was said right after the restart - and skips what
is too old.

The bot reaches Synapse through a loopback proxy (as it would through a reverse proxy).
Its link is cut a moment before the homeserver stops, so the messages said in between are
certainly ones it has not synced; then Synapse really stops (the process exits) and is
started again on the same data directory and port.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import timedelta

import aiohttp

from bot.adapters.matrix import adapter as matrix_adapter, base as matrix_base
from bot.ops_server import OpsServer, ops_application
from tests.matrix.talk import WAIT, replies_to, room_with_bot
from tests.reliability.tcp_proxy import CuttableProxy

OUTAGE_SECONDS = 30
RECONNECT_CAP_SECONDS = 4.0  # the adapter's backoff cap (60 s) would add up to a minute after the restart


async def healthz(base: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(f"{base}/healthz") as response:
        return response.status, await response.json()


async def test_synapse_stopped_for_30_seconds_mid_conversation(bot_factory, person_factory, synapse, monkeypatch):
    monkeypatch.setattr(matrix_adapter, "BACKOFF_CAP", RECONNECT_CAP_SECONDS)  # reconnecting
    monkeypatch.setattr(matrix_base, "BACKOFF_CAP", RECONNECT_CAP_SECONDS)  # and each request's retries
    proxy = await CuttableProxy("127.0.0.1", synapse.port).start()
    bot = await bot_factory(homeserver=f"http://127.0.0.1:{proxy.port}")
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    ops = await OpsServer(ops_application(bot.app), "127.0.0.1", 0).start()
    base = f"http://127.0.0.1:{ops.port}"
    try:
        first = await alice.say(room, "!action add Agree the agenda of the regional workshop")
        await alice.answer_to(first, bot.user_id)
        assert (await healthz(base))[1]["platforms"] == {"matrix": "connected"}

        # the bot's link drops; alice goes on talking; then the homeserver stops
        await proxy.cut()
        await bot.adapter.wait_until(lambda adapter: adapter.sync_failures >= 1, WAIT)
        before_stop = [await alice.say(room, f"!action add {text}")
                       for text in ("Send the invitations", "Book the interpreters")]
        synapse.stop()
        stopped_at = time.monotonic()
        await proxy.restore()  # from here on the bot reaches a homeserver that is not there
        await bot.adapter.wait_until(lambda adapter: adapter.sync_failures >= 3, OUTAGE_SECONDS)
        status, health = await healthz(base)
        assert status == 503 and health["platforms"] == {"matrix": "disconnected"}
        assert not bot.task.done()
        await asyncio.sleep(max(0.0, OUTAGE_SECONDS - (time.monotonic() - stopped_at)))  # the outage itself

        synapse.start()
        proxy.target = ("127.0.0.1", synapse.port)
        after_restart = [await alice.say(room, f"!action add {text}")
                         for text in ("Print the badges", "Confirm the venue")]
        for event_id in before_stop + after_restart:
            await alice.answer_to(event_id, bot.user_id)
        await bot.adapter.wait_until(lambda adapter: adapter.is_connected(), WAIT)
        assert (await healthz(base))[1]["platforms"] == {"matrix": "connected"}

        # one more short drop, and the bot comes back eleven minutes later by its clock:
        # what was said then is older than max_command_age_seconds (10 minutes)
        await proxy.cut()
        await bot.adapter.wait_until(lambda adapter: adapter.sync_failures >= 1, WAIT)
        too_old = await alice.say(room, "!action add Too old to answer")
        bot.clock.shift = timedelta(minutes=11)
        await proxy.restore()
        await bot.adapter.wait_until(lambda adapter: adapter.last_handled.get(room) == too_old, WAIT)
        bot.clock.shift = timedelta(0)

        listed = await alice.answer_to(await alice.say(room, "!action list"), bot.user_id)
        body = listed["content"]["body"]
        for ref, text in (("A1", "Agree the agenda"), ("A2", "Send the invitations"),
                          ("A3", "Book the interpreters"), ("A4", "Print the badges"),
                          ("A5", "Confirm the venue")):
            assert f"{ref} {text}" in body
        assert "A6" not in body and "Too old" not in body

        answered = Counter(replies_to(n) for n in await alice.notices_from(room, bot.user_id))
        assert all(answered[event_id] == 1 for event_id in [first, *before_stop, *after_restart]), answered
        assert answered[too_old] == 0
        assert max(answered.values()) == 1  # nothing answered twice
        assert bot.app.metrics.value("alliance_bot_retries_total", {"platform": "matrix", "reason": "sync"}) >= 3
    finally:
        if not synapse.is_running:
            synapse.start()
        await ops.stop()
        await bot.stop()
        await proxy.close()
