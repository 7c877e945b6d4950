"""Tests of the fake Slack itself, driven by the real slack_sdk / slack_bolt clients."""

from __future__ import annotations

import asyncio
import json
import time

import aiohttp
import pytest
from aiohttp import ClientConnectionError
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import FixedValueRetryIntervalCalculator
from slack_sdk.socket_mode.aiohttp import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

try:
    from . import signing
    from .fake_slack import FakeSlack
except ImportError:
    import signing
    from fake_slack import FakeSlack

FAST = FixedValueRetryIntervalCalculator(0.01)
SECRET = "test-signing-secret"


def client_for(fake: FakeSlack, **kwargs) -> AsyncWebClient:
    kwargs.setdefault("timeout", 5)
    return AsyncWebClient(token="xoxb-test", base_url=fake.api_base_url, **kwargs)


# --------------------------------------------------------------------------- Web API basics


async def test_auth_test_identifies_the_bot(fake_slack, slack_client):
    res = await slack_client.auth_test()
    assert res["user_id"] == "UBOT"
    assert res["bot_id"] == "BBOT"
    assert res["team_id"] == "TFAKE"
    assert "chat:write" in res.headers["X-OAuth-Scopes"]


async def test_post_message_is_recorded_with_decoded_args(fake_slack, slack_client):
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": "*hello*"}}]
    metadata = {"event_type": "occurrence_posted", "event_payload": {"id": 7}}
    res = await slack_client.chat_postMessage(channel="C0GENERAL", text="hello", blocks=blocks, metadata=metadata)

    assert res["ok"] and res["channel"] == "C0GENERAL"
    assert res["message"]["metadata"] == metadata
    assert res["message"]["bot_id"] == "BBOT"
    [call] = fake_slack.calls_to("chat.postMessage")
    assert call.ok and call.token == "xoxb-test"
    assert call.args["blocks"] == blocks  # JSON-decoded
    assert call.args["metadata"] == metadata
    assert call.response["ts"] == res["ts"]


async def test_form_encoded_calls_decode_json_args_and_accept_token_param(fake_slack):
    client = AsyncWebClient(base_url=fake_slack.api_base_url)  # no token on the client
    blocks = [{"type": "divider"}]
    res = await client.api_call(
        "chat.postMessage",
        data={"token": "xoxb-form", "channel": "C1", "text": "x", "blocks": json.dumps(blocks)},
    )
    assert res["ok"]
    call = fake_slack.calls_to("chat.postMessage")[0]
    assert call.token == "xoxb-form"
    assert call.args["blocks"] == blocks and "token" not in call.args


async def test_json_body_token_is_not_accepted(fake_slack):
    # Slack only reads the token from the Authorization header when the body is JSON
    # (slack_sdk moves it there itself, so this uses a bare HTTP client).
    async with aiohttp.ClientSession() as http:
        url = fake_slack.api_base_url + "chat.postMessage"
        async with http.post(url, json={"channel": "C1", "text": "x", "token": "xoxb-in-json"}) as res:
            assert (await res.json()) == {"ok": False, "error": "not_authed"}
        headers = {"Authorization": "Bearer xoxb-in-header"}
        async with http.post(url, json={"channel": "C1", "text": "x"}, headers=headers) as res:
            assert (await res.json())["ok"] is True


@pytest.mark.parametrize(
    "token,error",
    [("xoxp-user", "invalid_auth"), ("bogus", "invalid_auth"), ("xapp-1-app", "not_allowed_token_type")],
)
async def test_bad_tokens_raise(fake_slack, token, error):
    client = AsyncWebClient(token=token, base_url=fake_slack.api_base_url)
    with pytest.raises(SlackApiError) as err:
        await client.chat_postMessage(channel="C1", text="x")
    assert err.value.response["error"] == error
    assert fake_slack.channel_messages("C1") == []


async def test_revoked_token(fake_slack, slack_client):
    fake_slack.revoke("xoxb-test")
    with pytest.raises(SlackApiError) as err:
        await slack_client.auth_test()
    assert err.value.response["error"] == "token_revoked"


async def test_post_message_validation(fake_slack, slack_client):
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_postMessage(channel="", text="x")
    assert err.value.response["error"] == "channel_not_found"

    with pytest.raises(SlackApiError) as err, pytest.warns(UserWarning):
        await slack_client.chat_postMessage(channel="C1")
    assert err.value.response["error"] == "no_text"

    too_many = [{"type": "divider"}] * 51
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_postMessage(channel="C1", text="x", blocks=too_many)
    assert err.value.response["error"] == "invalid_blocks"
    assert "must be less than 51 items" in err.value.response["errors"][0]

    long_section = [{"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3001}}]
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_postMessage(channel="C1", text="x", blocks=long_section)
    assert err.value.response["error"] == "invalid_blocks"

    # 50 blocks are fine, and blocks alone are enough (no text)
    with pytest.warns(UserWarning, match="top-level `text`"):  # slack_sdk nags, Slack accepts
        ok = await slack_client.chat_postMessage(channel="C1", blocks=[{"type": "divider"}] * 50)
    assert ok["ok"]
    assert [c.error for c in fake_slack.calls_to("chat.postMessage")] == [
        "channel_not_found",
        "no_text",
        "invalid_blocks",
        "invalid_blocks",
        None,
    ]


async def test_channel_membership_and_archive(fake_slack, slack_client):
    fake_slack.add_channel("C0OUT", name="elsewhere", bot_is_member=False)
    fake_slack.add_channel("C0OLD", name="old", is_archived=True)
    fake_slack.add_channel("C0GEN", name="general")
    for channel, error in (("C0OUT", "not_in_channel"), ("C0OLD", "is_archived")):
        with pytest.raises(SlackApiError) as err:
            await slack_client.chat_postMessage(channel=channel, text="x")
        assert err.value.response["error"] == error
    res = await slack_client.chat_postMessage(channel="#general", text="by name")
    assert res["channel"] == "C0GEN"


async def test_strict_channels_rejects_unknown():
    async with FakeSlack(strict_channels=True) as fake:
        with pytest.raises(SlackApiError) as err:
            await client_for(fake).chat_postMessage(channel="C0NOPE", text="x")
        assert err.value.response["error"] == "channel_not_found"


async def test_unknown_method(fake_slack, slack_client):
    with pytest.raises(SlackApiError) as err:
        await slack_client.api_call("chat.scheduleMessage", json={"channel": "C1", "text": "x", "post_at": 1})
    assert err.value.response["error"] == "unknown_method"
    fake_slack.stub("chat.scheduleMessage", {"ok": True, "scheduled_message_id": "Q1"})
    res = await slack_client.api_call("chat.scheduleMessage", json={"channel": "C1", "text": "x", "post_at": 1})
    assert res["scheduled_message_id"] == "Q1"


# --------------------------------------------------------------------------- history & messages


async def test_history_newest_first_with_oldest_limit_and_metadata(fake_slack, slack_client):
    meta = {"event_type": "digest", "event_payload": {"week": 12}}
    first = await slack_client.chat_postMessage(channel="C1", text="one", metadata=meta)
    second = await slack_client.chat_postMessage(channel="C1", text="two")
    await slack_client.chat_postMessage(channel="C1", text="reply", thread_ts=first["ts"])
    third = await slack_client.chat_postMessage(channel="C1", text="three")
    await slack_client.chat_postMessage(channel="C2", text="other channel")

    res = await slack_client.conversations_history(channel="C1")
    assert [m["text"] for m in res["messages"]] == ["three", "two", "one"]  # no thread replies
    assert all("metadata" not in m for m in res["messages"])
    assert res["messages"][2]["reply_count"] == 1

    res = await slack_client.conversations_history(channel="C1", include_all_metadata=True)
    assert res["messages"][2]["metadata"] == meta

    res = await slack_client.conversations_history(channel="C1", oldest=first["ts"])
    assert [m["ts"] for m in res["messages"]] == [third["ts"], second["ts"]]  # oldest is exclusive

    res = await slack_client.conversations_history(channel="C1", limit=2)
    assert [m["text"] for m in res["messages"]] == ["three", "two"] and res["has_more"]
    more = await slack_client.conversations_history(
        channel="C1", limit=2, cursor=res["response_metadata"]["next_cursor"]
    )
    assert [m["text"] for m in more["messages"]] == ["one"] and not more["has_more"]

    replies = await slack_client.conversations_replies(channel="C1", ts=first["ts"])
    assert [m["text"] for m in replies["messages"]] == ["one", "reply"]


async def test_update_delete_permalink_ephemeral_reactions(fake_slack, slack_client):
    posted = await slack_client.chat_postMessage(channel="C1", text="draft")
    updated = await slack_client.chat_update(channel="C1", ts=posted["ts"], text="final")
    assert updated["message"]["text"] == "final" and "edited" in updated["message"]

    link = await slack_client.chat_getPermalink(channel="C1", message_ts=posted["ts"])
    assert link["permalink"].endswith("/archives/C1/p" + posted["ts"].replace(".", ""))

    await slack_client.reactions_add(channel="C1", timestamp=posted["ts"], name="white_check_mark")
    with pytest.raises(SlackApiError) as err:
        await slack_client.reactions_add(channel="C1", timestamp=posted["ts"], name="white_check_mark")
    assert err.value.response["error"] == "already_reacted"
    assert fake_slack.channel_messages("C1")[0]["reactions"][0]["count"] == 1

    eph = await slack_client.chat_postEphemeral(channel="C1", user="U0USER", text="only you")
    assert eph["message_ts"] and fake_slack.ephemerals[0]["ephemeral_user"] == "U0USER"
    assert len(fake_slack.channel_messages("C1")) == 1  # ephemerals are not in history

    user_msg = fake_slack.add_message("C1", "written by a human", user="U0USER")
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_update(channel="C1", ts=user_msg["ts"], text="hijack")
    assert err.value.response["error"] == "cant_update_message"

    await slack_client.chat_delete(channel="C1", ts=posted["ts"])
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_delete(channel="C1", ts=posted["ts"])
    assert err.value.response["error"] == "message_not_found"


async def test_users_info_and_dm(fake_slack, slack_client):
    fake_slack.add_user("U0ANA", real_name="Ana", tz="America/Bogota", tz_offset=-18000, locale="es-LA")
    res = await slack_client.users_info(user="U0ANA")
    assert res["user"]["tz"] == "America/Bogota" and res["user"]["tz_offset"] == -18000
    assert "locale" not in res["user"]  # Slack only sends it when asked
    res = await slack_client.users_info(user="U0ANA", include_locale=True)
    assert res["user"]["locale"] == "es-LA" and res["user"]["is_bot"] is False
    assert (await slack_client.users_info(user="UBOT"))["user"]["is_bot"] is True

    with pytest.raises(SlackApiError) as err:
        await slack_client.users_info(user="U0NOBODY")
    assert err.value.response["error"] == "user_not_found"

    dm = await slack_client.conversations_open(users="U0ANA")
    dm_id = dm["channel"]["id"]
    assert dm_id.startswith("D")
    again = await slack_client.conversations_open(users=["U0ANA"])
    assert again["channel"]["id"] == dm_id and again["already_open"]
    # posting to a user id lands in the same DM
    res = await slack_client.chat_postMessage(channel="U0ANA", text="hi Ana")
    assert res["channel"] == dm_id
    assert fake_slack.channel_messages(dm_id)[0]["text"] == "hi Ana"


# --------------------------------------------------------------------------- views


def modal(title: str = "Create event", blocks=None) -> dict:
    return {
        "type": "modal",
        "callback_id": "create_event",
        "title": {"type": "plain_text", "text": title},
        "submit": {"type": "plain_text", "text": "Save"},
        "blocks": blocks if blocks is not None else [{"type": "divider"}],
    }


async def test_views_open_update_publish(fake_slack, slack_client):
    trigger = fake_slack.new_trigger_id()
    opened = await slack_client.views_open(trigger_id=trigger, view=modal())
    view = opened["view"]
    assert view["id"].startswith("V") and view["callback_id"] == "create_event"

    with pytest.raises(SlackApiError) as err:
        await slack_client.views_open(trigger_id=trigger, view=modal())
    assert err.value.response["error"] == "exchanged_trigger_id"

    with pytest.raises(SlackApiError) as err:
        await slack_client.views_open(trigger_id=fake_slack.new_trigger_id(), view=modal("A title that is far too long"))
    assert err.value.response["error"] == "invalid_arguments"
    assert "25 characters" in err.value.response["response_metadata"]["messages"][0]

    with pytest.raises(SlackApiError) as err:
        await slack_client.views_open(
            trigger_id=fake_slack.new_trigger_id(), view=modal(blocks=[{"type": "divider"}] * 101)
        )
    assert err.value.response["error"] == "invalid_arguments"

    updated = await slack_client.views_update(view_id=view["id"], hash=view["hash"], view=modal("Saved"))
    assert updated["view"]["title"]["text"] == "Saved"
    with pytest.raises(SlackApiError) as err:
        await slack_client.views_update(view_id=view["id"], hash=view["hash"], view=modal("Stale"))
    assert err.value.response["error"] == "hash_conflict"

    fake_slack.add_user("U0ANA")
    home = {"type": "home", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Hi"}}]}
    published = await slack_client.views_publish(user_id="U0ANA", view=home)
    assert fake_slack.home_views["U0ANA"]["id"] == published["view"]["id"]


async def test_expired_trigger_id(fake_slack, slack_client):
    trigger = fake_slack.new_trigger_id()
    fake_slack.clock = lambda: time.monotonic() + 3.5  # Slack's trigger ids live 3 s
    with pytest.raises(SlackApiError) as err:
        await slack_client.views_open(trigger_id=trigger, view=modal())
    assert err.value.response["error"] == "expired_trigger_id"


# --------------------------------------------------------------------------- faults


async def test_ratelimit_without_retry_handler_raises(fake_slack, slack_client):
    fake_slack.inject("chat.postMessage", "ratelimit", retry_after=7)
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_postMessage(channel="C1", text="x")
    assert err.value.response.status_code == 429
    assert err.value.response["error"] == "ratelimited"
    assert err.value.response.headers["Retry-After"] == "7"
    [call] = fake_slack.calls_to("chat.postMessage", include_faulted=True)
    assert call.faulted == "ratelimit"
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_ratelimit_is_waited_out_with_retry_handler(fake_slack):
    client = client_for(fake_slack, retry_handlers=[AsyncRateLimitErrorRetryHandler(max_retry_count=1)])
    fake_slack.inject("chat.postMessage", "ratelimit", times=1, retry_after=1)
    started = time.monotonic()
    res = await client.chat_postMessage(channel="C1", text="once")
    elapsed = time.monotonic() - started
    assert res["ok"]
    assert elapsed >= 1.0  # the client honoured Retry-After
    assert [m["text"] for m in fake_slack.channel_messages("C1")] == ["once"]
    attempts = fake_slack.calls_to("chat.postMessage", include_faulted=True)
    assert [c.faulted for c in attempts] == ["ratelimit", None]


async def test_token_bucket_rate_limit(fake_slack, slack_client):
    fake_slack.set_rate_limit("chat.postMessage", per_second=0.5, burst=2)
    await slack_client.chat_postMessage(channel="C1", text="1")
    await slack_client.chat_postMessage(channel="C1", text="2")
    await slack_client.chat_postMessage(channel="C2", text="other channel has its own bucket")
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_postMessage(channel="C1", text="3")
    assert err.value.response.status_code == 429
    assert err.value.response.headers["Retry-After"] == "2"


@pytest.mark.parametrize("status", [500, 503])
async def test_server_error_retried_with_handler(fake_slack, status):
    client = client_for(fake_slack, retry_handlers=[AsyncServerErrorRetryHandler(max_retry_count=2, interval_calculator=FAST)])
    fake_slack.inject("chat.postMessage", "server_error", times=2, status=status)
    res = await client.chat_postMessage(channel="C1", text="eventually")
    assert res["ok"]
    attempts = fake_slack.calls_to("chat.postMessage", include_faulted=True)
    assert [(c.faulted, c.status) for c in attempts] == [("server_error", status)] * 2 + [(None, 200)]
    assert len(fake_slack.channel_messages("C1")) == 1


async def test_server_error_without_handler_raises(fake_slack, slack_client):
    fake_slack.inject("*", "server_error")
    with pytest.raises(SlackApiError) as err:
        await slack_client.auth_test()
    assert err.value.response.status_code == 500


async def test_timeout_fault_exceeds_client_timeout(fake_slack):
    client = client_for(fake_slack, timeout=0.3)
    fake_slack.inject("chat.postMessage", "timeout")
    with pytest.raises(asyncio.TimeoutError):
        await client.chat_postMessage(channel="C1", text="slow")
    [call] = fake_slack.calls_to("chat.postMessage", include_faulted=True)
    assert call.faulted == "timeout" and call.status is None
    assert fake_slack.channel_messages("C1") == []
    # the next call is served normally
    assert (await client.chat_postMessage(channel="C1", text="fine"))["ok"]


async def test_disconnect_raises_without_retry_and_is_retried_by_default(fake_slack):
    bare = client_for(fake_slack, retry_handlers=[])
    fake_slack.inject("chat.postMessage", "disconnect")
    with pytest.raises(ClientConnectionError):
        await bare.chat_postMessage(channel="C1", text="lost")
    assert fake_slack.channel_messages("C1") == []

    # slack_sdk's default handler retries connection errors once
    default = client_for(fake_slack, retry_handlers=[AsyncConnectionErrorRetryHandler(interval_calculator=FAST)])
    fake_slack.inject("chat.postMessage", "disconnect")
    assert (await default.chat_postMessage(channel="C1", text="retried"))["ok"]
    assert [m["text"] for m in fake_slack.channel_messages("C1")] == ["retried"]


async def test_lost_response_after_work_causes_duplicate_on_retry(fake_slack):
    # The hazard a bot must live with: Slack posted, the answer was lost, the retry posts again.
    client = client_for(fake_slack, retry_handlers=[AsyncConnectionErrorRetryHandler(interval_calculator=FAST)])
    fake_slack.inject("chat.postMessage", "disconnect_after")
    assert (await client.chat_postMessage(channel="C1", text="digest"))["ok"]
    assert [m["text"] for m in fake_slack.channel_messages("C1")] == ["digest", "digest"]


async def test_wait_for_call_waits_for_future_calls(fake_slack, slack_client):
    async def later():
        await slack_client.auth_test()
        await slack_client.chat_postMessage(channel="C9", text="wanted")

    task = asyncio.create_task(later())
    call = await fake_slack.wait_for_call("chat.postMessage", lambda c: c.args.get("channel") == "C9", timeout=2)
    assert call.args["text"] == "wanted" and call.response["ok"]
    await task
    with pytest.raises(TimeoutError):
        await fake_slack.wait_for_call("chat.delete", timeout=0.05)


# --------------------------------------------------------------------------- files & response_url


async def test_files_upload_v2_end_to_end(fake_slack, slack_client):
    res = await slack_client.files_upload_v2(
        channel="C1",
        content="date,title\n2025-05-14,Webinar\n",
        filename="events.csv",
        title="Events",
        initial_comment="Here is the export",
    )
    assert res["ok"] and res["file"]["name"] == "events.csv" and res["file"]["title"] == "Events"
    assert [c.method for c in fake_slack.calls] == [
        "files.getUploadURLExternal",
        "upload",
        "files.completeUploadExternal",
    ]
    get_url = fake_slack.calls[0]
    assert get_url.args["filename"] == "events.csv" and int(get_url.args["length"]) == 30
    complete = fake_slack.calls[2]
    assert complete.args["files"] == [{"id": res["file"]["id"], "title": "Events"}]  # JSON-decoded
    assert complete.args["channel_id"] == "C1"
    stored = fake_slack.files[res["file"]["id"]]
    assert stored["content"] == b"date,title\n2025-05-14,Webinar\n"
    [msg] = fake_slack.channel_messages("C1")
    assert msg["text"] == "Here is the export" and msg["files"][0]["id"] == res["file"]["id"]


async def test_upload_url_failure_surfaces(fake_slack, slack_client):
    from slack_sdk.errors import SlackRequestError

    fake_slack.inject("upload", "server_error")
    with pytest.raises(SlackRequestError):
        await slack_client.files_upload_v2(channel="C1", content="x", filename="x.txt")
    assert fake_slack.calls_to("files.completeUploadExternal") == []


async def test_response_url_posts_are_recorded(fake_slack):
    url = fake_slack.new_response_url(channel="C1")
    webhook = AsyncWebhookClient(url)
    res = await webhook.send(text="Saved!", response_type="ephemeral")
    assert res.status_code == 200
    await webhook.send(text="For everyone", response_type="in_channel")
    assert [p["text"] for p in fake_slack.posts_to(url)] == ["Saved!", "For everyone"]
    assert [m["text"] for m in fake_slack.channel_messages("C1")] == ["For everyone"]
    for _ in range(3):
        await webhook.send(text="more")
    res = await webhook.send(text="sixth")  # Slack allows 5 uses
    assert res.status_code == 404
    assert len(fake_slack.posts_to(url)) == 5


# --------------------------------------------------------------------------- Socket Mode


async def test_socket_mode_client_connects_acks_and_reconnects(fake_slack):
    received: list[SocketModeRequest] = []

    async def listener(client: SocketModeClient, req: SocketModeRequest) -> None:
        received.append(req)
        await client.send_socket_mode_response(SocketModeResponse(envelope_id=req.envelope_id, payload={"text": "ack"}))

    web_client = client_for(fake_slack)
    sm = SocketModeClient(app_token="xapp-1-test", web_client=web_client, ping_interval=1)
    sm.socket_mode_request_listeners.append(listener)
    try:
        await sm.connect()
        assert await fake_slack.wait_for_socket(timeout=3) == 1
        assert fake_slack.socket_connections == 1
        [open_call] = fake_slack.calls_to("apps.connections.open")
        assert open_call.token == "xapp-1-test"

        payload = signing.slash_command_payload("/events", "list", response_url=fake_slack.new_response_url())
        ack = await fake_slack.socket_send("slash_commands", payload)
        assert ack is not None
        assert ack["envelope_id"] == received[0].envelope_id
        assert ack["payload"] == {"text": "ack"}
        assert received[0].type == "slash_commands" and received[0].payload["command"] == "/events"

        await fake_slack.socket_disconnect(reason="refresh_requested")
        await fake_slack.wait_for_socket(timeout=3, connects=2)
        assert len(fake_slack.calls_to("apps.connections.open")) == 2  # a fresh URL per connection

        event = signing.event_payload(signing.message_event("hello", channel="C1"))
        ack = await fake_slack.socket_send("events_api", event, retry_attempt=1, retry_reason="timeout")
        assert ack is not None and received[1].retry_attempt == 1 and received[1].retry_reason == "timeout"
        assert fake_slack.socket_connections == 1  # the old connection was closed by the client
        assert fake_slack.channel_messages("C1")[0]["text"] == "hello"  # the event's message exists now
    finally:
        await sm.close()


async def test_socket_send_without_ack_returns_none(fake_slack):
    sm = SocketModeClient(app_token="xapp-1-test", web_client=client_for(fake_slack))
    try:
        await sm.connect()  # no listener: nobody acks
        await fake_slack.wait_for_socket(timeout=3)
        assert await fake_slack.socket_send("events_api", {"event": {}}, ack_timeout=0.2) is None
    finally:
        await sm.close()


async def test_apps_connections_open_needs_app_token(fake_slack, slack_client):
    with pytest.raises(SlackApiError) as err:
        await slack_client.apps_connections_open(app_token="xoxb-test")
    assert err.value.response["error"] == "not_allowed_token_type"
    res = await slack_client.apps_connections_open(app_token="xapp-1-ok")
    assert res["url"].startswith(f"ws://127.0.0.1:{fake_slack.port}/link/?ticket=")


async def test_bolt_app_over_socket_mode(fake_slack):
    from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

    app = AsyncApp(client=client_for(fake_slack), signing_secret=SECRET)

    @app.command("/events")
    async def events(ack, respond, say, command):
        await ack("working on it")
        await say(f"list for <@{command['user_id']}>")
        await respond("done")

    handler = AsyncSocketModeHandler(app, app_token="xapp-1-test")
    try:
        await handler.connect_async()
        await fake_slack.wait_for_socket(timeout=3)
        url = fake_slack.new_response_url()
        ack = await fake_slack.socket_send("slash_commands", signing.slash_command_payload("/events", response_url=url))
        assert ack["payload"] == {"text": "working on it"}
        said = await fake_slack.wait_for_call("chat.postMessage")
        assert said.args["channel"] == "C0GENERAL" and said.args["text"] == "list for <@U0USER>"
        assert said.args["team_id"] == "TFAKE"  # Bolt's per-request client adds the team_id
        await fake_slack.wait_for_call("response_url")
        assert fake_slack.posts_to(url)[0]["text"] == "done"
    finally:
        await handler.close_async()


# --------------------------------------------------------------------------- signing helpers with Bolt


async def test_signed_requests_pass_bolt_verification_and_broken_ones_do_not(fake_slack):
    app = AsyncApp(client=client_for(fake_slack), signing_secret=SECRET)
    seen: list = []
    mentioned = asyncio.Event()

    @app.command("/events")
    async def events(ack, command):
        seen.append(command["text"])
        await ack()

    @app.event("app_mention")
    async def mention(event):
        seen.append(event["text"])
        mentioned.set()

    body = signing.slash_command_body("/events", "list", response_url=fake_slack.new_response_url())
    res = await app.async_dispatch(AsyncBoltRequest(body=body, headers=signing.signed_headers(SECRET, body)))
    assert res.status == 200 and seen == ["list"]

    for headers in (
        signing.stale_headers(SECRET, body),
        signing.future_headers(SECRET, body),
        signing.forged_headers(body),
        signing.signed_headers(SECRET, body + "&text=tampered"),
    ):
        res = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
        assert res.status == 401
    assert seen == ["list"]

    event = {"type": "app_mention", "user": "U0USER", "text": "<@UBOT> hi", "ts": "1.000001", "channel": "C1"}
    body = signing.event_body(event, event_id="Ev001")
    headers = signing.signed_headers(SECRET, body, retry_num=1, retry_reason="http_timeout")
    assert headers["Content-Type"] == "application/json"
    res = await app.async_dispatch(AsyncBoltRequest(body=body, headers=headers))
    assert res.status == 200
    await asyncio.wait_for(mentioned.wait(), 2)  # the event listener runs after the ack
    assert seen == ["list", "<@UBOT> hi"]

    body = signing.url_verification_body("abc")
    res = await app.async_dispatch(AsyncBoltRequest(body=body, headers=signing.signed_headers(SECRET, body)))
    assert res.status == 200 and json.loads(res.body)["challenge"] == "abc"

    payload = signing.block_actions_payload("rsvp", "yes")
    body = signing.interactive_body(payload)
    res = await app.async_dispatch(AsyncBoltRequest(body=body, headers=signing.signed_headers(SECRET, body)))
    assert res.status == 404  # signed correctly, but no listener for it
