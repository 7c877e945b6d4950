"""What the people who run the bot see of Slack: /healthz says whether Slack is connected,
/metrics counts the posts and the retries."""

from __future__ import annotations

import asyncio

import aiohttp

from bot.ops_server import OpsServer, ops_application
from tests.slack import signing


async def scrape(http: aiohttp.ClientSession, url: str) -> tuple[int, dict | str]:
    async with http.get(url) as response:
        if response.content_type == "application/json":
            return response.status, await response.json()
        return response.status, await response.text()


async def counted(app, name: str, labels: dict, at_least: float = 1, timeout: float = 10) -> float:
    """Wait (bounded) until a metric reaches ``at_least``: the fake sees a call before the bot hears back."""
    async with asyncio.timeout(timeout):
        while (value := app.metrics.value(name, labels)) < at_least:
            await asyncio.sleep(0.02)
    return value


async def test_health_shows_slack_and_metrics_count_posts_and_retries(workspace, fake_slack):
    server = await OpsServer(ops_application(workspace.app), "127.0.0.1", 0).start()
    base = f"http://127.0.0.1:{server.port}"
    try:
        status, health = await scrape(workspace.http, f"{base}/healthz")
        assert status == 200 and health["platforms"] == {"slack": "connected"}

        # Slack is busy: the first answer is rate limited, waited out, then lands
        fake_slack.inject("chat.postMessage", "ratelimit", retry_after=1)
        await workspace.event(signing.message_event("action add Count this post", user="U0ANA", channel="D0ANA"))
        await fake_slack.wait_for_call("chat.postMessage", timeout=10)
        await counted(workspace.app, "alliance_bot_deliveries_total", {"platform": "slack", "outcome": "ok"})
        _, metrics = await scrape(workspace.http, f"{base}/metrics")
        assert 'alliance_bot_deliveries_total{outcome="ok",platform="slack"} 1.0' in metrics
        assert 'alliance_bot_retries_total{platform="slack",reason="ratelimited"} 1.0' in metrics

        # the workspace revokes the bot's token: the next post fails and the bot is no longer ready
        fake_slack.revoke("xoxb-test")
        await workspace.event(signing.message_event("action list", user="U0ANA", channel="D0ANA"))
        await fake_slack.wait_for_call("chat.postMessage", lambda c: c.error == "token_revoked")
        await counted(workspace.app, "alliance_bot_deliveries_total", {"platform": "slack", "outcome": "failed"})
        status, health = await scrape(workspace.http, f"{base}/healthz")
        assert status == 503 and health["platforms"] == {"slack": "disconnected"}
    finally:
        await server.stop()


async def test_an_http_endpoint_that_stopped_is_not_ready(workspace):
    assert workspace.adapter.is_connected()
    await workspace.adapter.stop()
    assert not workspace.adapter.is_connected()
