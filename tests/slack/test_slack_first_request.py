"""The first request after a start is acknowledged without waiting on the Web API (issue 21):
the bot checked its token with ``auth.test`` at start, and Bolt reuses that authorization
instead of calling ``auth.test`` again before the first ack. Slack gives up after 3 seconds;
here Slack's API turns slow (4 s for ``auth.test``) right after the bot started."""

from __future__ import annotations

import aiohttp

from tests.conftest import MovableClock
from tests.slack import signing
from tests.slack.conftest import NOW, SECRET, slack_settings, start_workspace, stop_workspace

SLACK_DEADLINE = aiohttp.ClientTimeout(total=3.0)  # Slack drops the request after 3 s


async def test_first_slash_command_over_http_is_acked_without_a_new_auth_test(fake_slack, tmp_path):
    fake_slack.add_user("U0ANA", name="ana", tz="Europe/Zurich")
    settings = slack_settings(fake_slack, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", tmp_path)
    async with aiohttp.ClientSession() as http:
        ws = await start_workspace(fake_slack, settings, MovableClock(NOW), http)
        try:
            assert len(fake_slack.calls_to("auth.test")) == 1  # checked once, at start
            fake_slack.inject("auth.test", "timeout", times=5, hold=4.0)
            url = fake_slack.new_response_url(channel="C0GENERAL")
            body = signing.slash_command_body("/action", "add First after start", user_id="U0ANA",
                                              response_url=url)
            async with http.post(ws.url, data=body.encode(), headers=signing.signed_headers(SECRET, body),
                                 timeout=SLACK_DEADLINE) as res:
                assert res.status == 200
            [answer] = await ws.answers(url)
            assert "A1 · First after start" in answer["text"]
            assert len(fake_slack.calls_to("auth.test", include_faulted=True)) == 1  # none per request
        finally:
            await stop_workspace(ws)


async def test_first_slash_command_over_socket_mode_is_acked_without_a_new_auth_test(fake_slack, tmp_path):
    fake_slack.add_user("U0ANA", name="ana", tz="Europe/Zurich")
    settings = slack_settings(fake_slack, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", tmp_path, mode="socket",
                              signing_secret=None)
    async with aiohttp.ClientSession() as http:
        ws = await start_workspace(fake_slack, settings, MovableClock(NOW), http)
        try:
            fake_slack.inject("auth.test", "timeout", times=5, hold=4.0)
            url = fake_slack.new_response_url(channel="C0GENERAL")
            ack = await fake_slack.socket_send("slash_commands", signing.slash_command_payload(
                "/action", "add First over the socket", user_id="U0ANA", response_url=url), ack_timeout=3.0)
            assert ack is not None  # acknowledged within Slack's deadline
            [answer] = await ws.answers(url)
            assert "A1 · First over the socket" in answer["text"]
            assert len(fake_slack.calls_to("auth.test", include_faulted=True)) == 1
        finally:
            await stop_workspace(ws)
