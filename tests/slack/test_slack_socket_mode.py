"""Socket Mode (the default): the same bot through a local WebSocket stand-in."""

from __future__ import annotations

import aiohttp

from tests.conftest import MovableClock
from tests.slack import signing
from tests.slack.conftest import NOW, check_blocks, slack_settings, start_workspace, stop_workspace


async def test_socket_mode_commands_events_retries_and_reconnects(fake_slack, tmp_path):
    fake_slack.add_user("U0ANA", name="ana", tz="Europe/Zurich")
    settings = slack_settings(fake_slack, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", tmp_path, mode="socket",
                              signing_secret=None)
    async with aiohttp.ClientSession() as http:
        ws = await start_workspace(fake_slack, settings, MovableClock(NOW), http)
        try:
            assert ws.adapter.port is None  # nothing listens for HTTP
            assert ws.adapter.is_connected()  # what /healthz reports
            [opened] = fake_slack.calls_to("apps.connections.open")
            assert opened.token == "xapp-1-test"

            url = fake_slack.new_response_url(channel="C0GENERAL")
            ack = await fake_slack.socket_send("slash_commands", signing.slash_command_payload(
                "/action", "add Connect over a socket", user_id="U0ANA", response_url=url))
            assert ack is not None  # acknowledged over the socket
            await fake_slack.wait_for_call("response_url")
            assert "A1 · Connect over a socket" in fake_slack.posts_to(url)[0]["text"]

            # Slack rotates the connection: the bot reconnects with a fresh URL
            await fake_slack.socket_disconnect(reason="refresh_requested")
            await fake_slack.wait_for_socket(timeout=5, connects=2)
            assert len(fake_slack.calls_to("apps.connections.open")) == 2
            assert ws.adapter.is_connected()

            dm = signing.event_payload(signing.message_event("action add Once over a socket", user="U0ANA",
                                                             channel="D0ANA"), event_id="Ev0SOCKET")
            assert await fake_slack.socket_send("events_api", dm) is not None
            await fake_slack.wait_for_call("chat.postMessage")
            assert await fake_slack.socket_send("events_api", dm, retry_attempt=1, retry_reason="timeout")
            url = fake_slack.new_response_url(channel="C0GENERAL")
            await fake_slack.socket_send("slash_commands", signing.slash_command_payload(
                "/action", "list all", user_id="U0ANA", response_url=url))
            await fake_slack.wait_for_call("response_url", lambda c: "All action items" in str(c.args))
            assert "(2)" in fake_slack.posts_to(url)[0]["text"]  # one item per command, not per delivery
            assert len(fake_slack.calls_to("chat.postMessage")) == 1
        finally:
            await stop_workspace(ws)
    assert fake_slack.socket_connections == 0
    assert not ws.adapter.is_connected()
    check_blocks(fake_slack)
