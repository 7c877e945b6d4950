"""What the people who run the bot see of Matrix: /healthz says whether the last sync
succeeded, /metrics counts the bot's posts."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.ops_server import OpsServer, ops_application
from talk import room_with_bot


async def test_health_shows_matrix_and_metrics_count_the_answers(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    server = await OpsServer(ops_application(bot.app), "127.0.0.1", 0).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
                assert (await response.json())["platforms"] == {"matrix": "connected"}

            await alice.answer_to(await alice.say(room, "!action add Count this answer"), bot.user_id)
            async with asyncio.timeout(10):  # alice may see the answer before the bot hears back from its send
                while not bot.app.metrics.value("alliance_bot_deliveries_total",
                                                {"platform": "matrix", "outcome": "ok"}):
                    await asyncio.sleep(0.02)
            async with http.get(f"{base}/metrics") as response:
                metrics = await response.text()
            assert 'alliance_bot_deliveries_total{outcome="ok",platform="matrix"} 1.0' in metrics

            await bot.stop()
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 503
                assert (await response.json())["platforms"] == {"matrix": "disconnected"}
    finally:
        await server.stop()
