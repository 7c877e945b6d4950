"""What the people who run the bot see: metrics, health, and log lines."""

from __future__ import annotations

import io
import json
import logging

import aiohttp
import pytest
from pydantic import SecretStr

from bot.logging_setup import setup_logging
from bot.observability import Metrics
from bot.ops_server import OpsServer, ops_application
from tests.conftest import Chat


async def test_commands_are_counted_by_name_and_outcome(chat: Chat):
    await chat.say("!action add Draft the toolkit")
    await chat.say("!action add")
    await chat.say("!action done A1", as_user="mallory")
    await chat.say("!nonsense")
    await chat.say("Which countries are pathfinders?")
    metrics = chat.app.metrics
    assert metrics.value("alliance_bot_commands_total", {"command": "action add", "outcome": "ok"}) == 1
    assert metrics.value("alliance_bot_commands_total", {"command": "action add", "outcome": "usage_error"}) == 1
    assert metrics.value("alliance_bot_commands_total", {"command": "action done", "outcome": "denied"}) == 1
    # user text never becomes a label
    assert metrics.value("alliance_bot_commands_total", {"command": "unknown", "outcome": "usage_error"}) == 1
    assert metrics.value("alliance_bot_commands_total", {"command": "ask", "outcome": "ok"}) == 1
    assert metrics.value("alliance_bot_handling_seconds_count", {"command": "action add"}) == 2
    assert b'alliance_bot_queue_depth{queue="handling"} 0.0' in metrics.exposition()[0]


def test_each_metrics_object_has_its_own_registry():
    first, second = Metrics(), Metrics()
    first.delivery("slack", "ok")
    first.retry("slack", "ratelimited")
    assert first.value("alliance_bot_deliveries_total", {"platform": "slack", "outcome": "ok"}) == 1
    assert second.value("alliance_bot_deliveries_total", {"platform": "slack", "outcome": "ok"}) == 0
    assert first.value("alliance_bot_retries_total", {"platform": "slack", "reason": "ratelimited"}) == 1


class Platform:
    def __init__(self, platform: str, connected: bool) -> None:
        self.platform, self.connected = platform, connected

    def is_connected(self) -> bool:
        return self.connected


async def test_healthz_and_metrics_over_http(chat: Chat):
    app = chat.app
    matrix = Platform("matrix", True)
    app.adapters = {"matrix": matrix, "console": object()}  # no is_connected(): counts as connected
    server = await OpsServer(ops_application(app), "127.0.0.1", 0).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        async with aiohttp.ClientSession() as http:
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 200
                assert await response.json() == {"status": "ok", "live": True, "database": "ok",
                                                 "platforms": {"matrix": "connected", "console": "connected"}}
            matrix.connected = False
            async with http.get(f"{base}/healthz") as response:
                assert response.status == 503
                body = await response.json()
                assert body["status"] == "degraded" and body["platforms"]["matrix"] == "disconnected"
            async with http.get(f"{base}/livez") as response:
                assert response.status == 200
            await chat.say("!help")
            async with http.get(f"{base}/metrics") as response:
                assert response.status == 200
                assert response.headers["Content-Type"].startswith("text/plain; version=")
                text = await response.text()
        assert 'alliance_bot_commands_total{command="help",outcome="ok"} 1.0' in text
        assert "alliance_bot_handling_seconds_bucket" in text
    finally:
        await server.stop()


async def test_healthz_says_degraded_when_the_database_is_gone(tmp_path):
    from bot.app import BotApp
    from tests.conftest import make_settings

    app = BotApp(make_settings("postgresql+asyncpg://nobody@127.0.0.1:1/none", tmp_path))
    try:
        from bot.observability import check_health

        health = await check_health(app.engine, {}, timeout=5)
        assert not health.ready
        assert health.as_json()["status"] == "degraded"
        assert health.database.startswith("unreachable")
    finally:
        await app.close()


@pytest.fixture
def log_stream():
    root = logging.getLogger()
    saved = root.handlers[:], root.level
    stream = io.StringIO()
    yield stream
    for handler in root.handlers[:]:
        root.removeHandler(handler)
    for handler in saved[0]:
        root.addHandler(handler)
    root.setLevel(saved[1])


async def test_json_log_lines_carry_the_correlation_id_and_never_a_secret(chat: Chat, log_stream):
    setup_logging("INFO", "json", secrets=[SecretStr("hunter2-password")], stream=log_stream)
    await chat.say("!action add Rotate xoxb-1234-5678-abcdef and hunter2-password", correlation_id="ev-42")
    logging.getLogger("alliance_bot").warning("token syt_Ym90_abcdefgh_123 and xapp-1-A1-2-ff in a message")
    lines = [json.loads(line) for line in log_stream.getvalue().splitlines()]
    handled = [line for line in lines if line["message"].startswith("handled action add")]
    assert len(handled) == 1 and handled[0]["correlation_id"] == "ev-42" and handled[0]["level"] == "INFO"
    audit = [line for line in lines if line["logger"] == "alliance_bot.audit"]
    assert audit and audit[0]["correlation_id"] == "ev-42"
    text = log_stream.getvalue()
    for secret in ("xoxb-1234", "hunter2-password", "syt_Ym90", "xapp-1-A1"):
        assert secret not in text
    assert "[redacted]" in text


async def test_text_log_keeps_one_event_per_line(chat: Chat, log_stream):
    setup_logging("INFO", "text", stream=log_stream)
    logging.getLogger("alliance_bot").info("user wrote %s", "first\n2026-01-01 ERROR forged line")
    try:
        raise ValueError("boom")
    except ValueError:
        logging.getLogger("alliance_bot").exception("failed")
    lines = log_stream.getvalue().splitlines()
    events = [line for line in lines if not line.startswith(" ")]
    assert len(events) == 2
    assert events[0].endswith("user wrote first\\n2026-01-01 ERROR forged line")
    assert " [-] " in events[0]
    assert any("ValueError: boom" in line for line in lines if line.startswith(" "))


def test_passwords_in_database_urls_are_redacted():
    from bot.logging_setup import Redactor

    assert Redactor()("connect to postgresql+asyncpg://bot:s3cret@db:5432/x failed") == \
        "connect to postgresql+asyncpg://bot:[redacted]@db:5432/x failed"
