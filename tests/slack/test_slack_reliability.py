"""Slack's failures: rate limits, server errors, lost answers; and the bot's own posts."""

from __future__ import annotations

import logging

from bot.messages import Attachment, ListItem, Reply, Target, rich
from tests.slack import signing


def dm(text: str, **kw):
    return signing.message_event(text, user="U0ANA", channel="D0ANA", **kw)


async def test_a_rate_limit_is_waited_out_and_the_post_still_lands(workspace, fake_slack):
    fake_slack.inject("chat.postMessage", "ratelimit", retry_after=1)
    await workspace.event(dm("action add Survive the rate limit"))
    post = await fake_slack.wait_for_call("chat.postMessage", timeout=10)
    assert "A1 · Survive the rate limit" in post.args["text"]
    [limited] = [c for c in fake_slack.calls_to("chat.postMessage", include_faulted=True) if c.faulted]
    assert limited.status == 429
    assert len(fake_slack.channel_messages("D0ANA")) == 1  # one answer


async def test_server_errors_are_retried(workspace, fake_slack):
    fake_slack.inject("chat.postMessage", "server_error", times=1, status=502)
    await workspace.event(dm("action add After a 502"))
    post = await fake_slack.wait_for_call("chat.postMessage", timeout=10)
    assert "After a 502" in post.args["text"]


async def test_a_lost_answer_does_not_post_twice(workspace, fake_slack):
    # Slack posts, then the connection drops before the bot hears back
    fake_slack.add_message("D0ANA", "action add Lost answer", user="U0ANA", ts="1764000000.000300")
    fake_slack.inject("chat.postMessage", "disconnect_after")
    await workspace.event(dm("action add Lost answer", ts="1764000000.000300"))
    read_back = await fake_slack.wait_for_call("conversations.replies", timeout=10)
    assert read_back.args["include_all_metadata"] in (True, "true", "1", 1)
    await workspace.event(dm("action list all"))
    await fake_slack.wait_for_call("chat.postMessage", lambda c: "All action items" in c.args["text"])
    answers = [m for m in fake_slack.channel_messages("D0ANA") if m.get("text", "").startswith("A1 · Lost answer")]
    assert len(answers) == 1
    assert "(1)" in fake_slack.channel_messages("D0ANA")[-1]["text"]  # and one item


async def test_a_failure_that_persists_is_logged_and_apologised_for(workspace, fake_slack, caplog):
    fake_slack.inject("chat.postMessage", "server_error", times=10, status=500)
    with caplog.at_level(logging.ERROR, logger="alliance_bot.slack"):
        await workspace.event({"type": "app_mention", "user": "U0ANA", "text": "<@UBOT> how is Nepal doing?",
                               "ts": "1764000000.000400", "channel": "C0GENERAL"})
        sorry = await fake_slack.wait_for_call("chat.postEphemeral", timeout=15)
    assert "Sorry" in sorry.args["text"] and sorry.args["user"] == "U0ANA"
    assert any("could not answer" in r.message for r in caplog.records)
    # the listener is still alive
    fake_slack.clear_faults()
    await workspace.event(dm("action list"))
    await fake_slack.wait_for_call("chat.postMessage")


async def test_a_timed_out_post_is_checked_before_it_is_tried_again(workspace, fake_slack):
    target = Target("slack", "slack:C0GENERAL")
    fake_slack.inject("chat.postMessage", "timeout", hold=3)  # longer than the client waits
    ts = await workspace.adapter.send(target, Reply(title="Reminder: workshop tomorrow"), key="occ-7")
    assert ts
    history = fake_slack.calls_to("conversations.history")
    assert history and history[-1].args["include_all_metadata"] in (True, "true", "1", 1)
    # the first attempt was abandoned by the client (so Slack never posted it), the second landed once
    assert len([m for m in fake_slack.channel_messages("C0GENERAL") if "workshop" in m["text"]]) == 1


async def test_a_retried_send_with_the_same_key_posts_once(workspace, fake_slack):
    target = Target("slack", "slack:C0GENERAL")
    reply = Reply(title="Weekly digest", body=(rich("Three open action items."),))
    first = await workspace.adapter.send(target, reply, key="digest-2026-48")
    again = await workspace.adapter.send(target, reply, key="digest-2026-48")
    assert first == again
    [post] = fake_slack.calls_to("chat.postMessage")
    assert post.args["metadata"] == {"event_type": "alliance_bot_post", "event_payload": {"key": "digest-2026-48"}}
    other = await workspace.adapter.send(target, reply, key="digest-2026-49")
    assert other != first


async def test_long_lists_are_cut_to_slacks_limits_with_and_n_more(workspace, fake_slack):
    items = tuple(ListItem(rich(f"A{i} ", "x" * 400)) for i in range(1, 401))
    reply = Reply(title="All action items (400)", items=items, more_hint="Narrow the list with group <name>.")
    await workspace.adapter.send(Target("slack", "slack:C0GENERAL"), reply)
    [post] = fake_slack.calls_to("chat.postMessage")
    blocks = post.args["blocks"]
    assert len(blocks) <= 50
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert all(len(s) <= 3000 for s in sections)
    shown = sum(s.count("• ") for s in sections)
    assert 100 < shown < 400
    assert blocks[-1]["type"] == "context"
    assert f"and {400 - shown} more" in blocks[-1]["elements"][0]["text"]
    assert "Narrow the list with group &lt;name&gt;." in blocks[-1]["elements"][0]["text"]


async def test_an_attachment_is_uploaded_with_the_post(workspace, fake_slack):
    ics = b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
    reply = Reply(title="Calendar export", attachment=Attachment("events.ics", ics, "text/calendar"))
    ts = await workspace.adapter.send(Target("slack", "slack:C0GENERAL"), reply)
    complete = await fake_slack.wait_for_call("files.completeUploadExternal")
    assert complete.args["channel_id"] == "C0GENERAL" and complete.args.get("thread_ts") == ts
    [stored] = fake_slack.files.values()
    assert stored["content"] == ics


async def test_an_answer_that_landed_without_an_acknowledgement_is_not_followed_by_an_apology(workspace, fake_slack):
    import asyncio

    for kind in ("slow_ack", "disconnect_after"):
        # Slack takes the answer but its acknowledgement comes too late (or never)
        fake_slack.inject("response_url", kind, hold=2.5)
        url = await workspace.slash("/action", f"add Landed after a {kind}")
        for _ in range(50):  # until it landed (bounded: 5 s)
            if fake_slack.posts_to(url):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(1.5)  # time for an apology to be (wrongly) sent
        posts = fake_slack.posts_to(url)
        assert [p["text"] for p in posts if "Landed" in p["text"]] and len(posts) == 1, posts
        assert not [c for c in fake_slack.calls_to("chat.postEphemeral") if "Sorry" in c.args.get("text", "")]


async def test_a_replayed_signed_slash_command_has_no_second_effect(workspace, fake_slack):
    import asyncio

    from tests.slack import signing
    from tests.slack.conftest import SECRET

    url = fake_slack.new_response_url(channel="C0GENERAL")
    body = signing.slash_command_body("/action", "add Only once", user_id="U0ANA", response_url=url)
    headers = signing.signed_headers(SECRET, body)  # captured once, replayed within five minutes
    for _ in range(3):
        status, _ = await workspace.deliver(body, headers)
        assert status == 200
    await workspace.answers(url)
    await asyncio.sleep(0.5)
    assert len(fake_slack.posts_to(url)) == 1
    listing = await workspace.slash("/action", "list all")
    [answer] = await workspace.answers(listing)
    assert "(1)" in answer["text"] and answer["text"].count("Only once") == 1


async def test_signed_commands_arriving_together_each_run_once_and_their_replays_never(workspace, fake_slack):
    """Signatures that arrive together are noted together: each command among them still runs once,
    a replay sent at the same moment or after them runs not at all."""
    import asyncio

    from tests.slack import signing
    from tests.slack.conftest import SECRET

    urls, requests = [], []
    for n in range(6):
        url = fake_slack.new_response_url(channel="C0GENERAL")
        body = signing.slash_command_body("/action", f"add Together {n}", user_id="U0ANA", response_url=url)
        urls.append(url)
        requests.append((body, signing.signed_headers(SECRET, body)))
    statuses = await asyncio.gather(*(workspace.deliver(body, headers) for body, headers in requests * 2))
    assert {status for status, _ in statuses} == {200}
    for url in urls:
        await workspace.answers(url)
    for body, headers in requests:  # and once more, after they were all noted
        assert (await workspace.deliver(body, headers))[0] == 200
    await asyncio.sleep(0.5)
    assert [len(fake_slack.posts_to(url)) for url in urls] == [1] * 6
    [answer] = await workspace.answers(await workspace.slash("/action", "list all"))
    assert all(answer["text"].count(f"Together {n}") == 1 for n in range(6)), answer["text"]


async def test_a_replayed_form_submission_or_shortcut_has_no_second_effect(workspace, fake_slack):
    import asyncio
    import time

    from tests.slack import signing
    from tests.slack.conftest import SECRET

    values = {"text": {"value": {"type": "plain_text_input", "value": "From a form, once"}}}
    submit = signing.interactive_body(signing.view_submission_payload(
        "action_item_modal", values, user_id="U0ANA", private_metadata='{"channel": "C0GENERAL"}'))
    msg = fake_slack.add_message("C0GENERAL", "From a shortcut, once", user="U0BEN")
    shortcut = signing.interactive_body({
        "type": "message_action", "callback_id": "create_action_item", "token": "x",
        "trigger_id": fake_slack.new_trigger_id(), "action_ts": f"{time.time():.6f}",
        "team": {"id": "TFAKE", "domain": "fake-workspace"}, "user": {"id": "U0ANA", "name": "ana"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "message_ts": msg["ts"], "message": msg,
        "response_url": fake_slack.new_response_url(channel="C0GENERAL")})
    for body in (submit, shortcut):
        headers = signing.signed_headers(SECRET, body)
        for _ in range(2):
            status, _ = await workspace.deliver(body, headers)
            assert status == 200
    await fake_slack.wait_for_call("chat.postMessage", lambda c: "From a shortcut" in c.args.get("text", ""))
    await asyncio.sleep(0.5)
    posts = [c.args["text"] for c in fake_slack.calls_to("chat.postMessage")]
    assert sum("From a form, once" in p for p in posts) == 1 and sum("From a shortcut, once" in p for p in posts) == 1
    from storage import actions

    async with workspace.app.sessions() as session:
        assert await actions.count(session, actions.ItemQuery(statuses=())) == 2


async def test_a_replay_to_another_bot_process_has_no_second_effect(workspace, fake_slack, tmp_path):
    """Two bot processes behind one Request URL share only the database: a request replayed to the
    other one is still recognised."""
    import asyncio

    import aiohttp

    from tests.conftest import MovableClock
    from tests.slack import signing
    from tests.slack.conftest import NOW, SECRET, start_workspace, stop_workspace

    async with aiohttp.ClientSession() as http:
        other = await start_workspace(fake_slack, workspace.app.settings, MovableClock(NOW), http)
        try:
            url = fake_slack.new_response_url(channel="C0GENERAL")
            body = signing.slash_command_body("/action", "add Once across processes", user_id="U0ANA",
                                              response_url=url)
            headers = signing.signed_headers(SECRET, body)
            assert (await workspace.deliver(body, headers))[0] == 200
            await workspace.answers(url)
            assert (await other.deliver(body, headers))[0] == 200
            await asyncio.sleep(0.5)
            assert len(fake_slack.posts_to(url)) == 1
        finally:
            await stop_workspace(other)
    from storage import actions

    async with workspace.app.sessions() as session:
        assert await actions.count(session, actions.ItemQuery(statuses=())) == 1


async def test_a_response_url_that_never_answers_is_given_up_after_the_api_timeout(workspace, fake_slack, caplog):
    import asyncio
    import logging

    # the fake holds the answer a minute; the bot's api_timeout_seconds in these tests is 1.5 s
    fake_slack.inject("response_url", "timeout", hold=60)
    with caplog.at_level(logging.WARNING):
        await workspace.slash("/pathfinder", "Nepal")
        for _ in range(100):  # until the bot gives up (bounded: 10 s, well inside the fake's minute)
            if any("no acknowledgement" in r.getMessage() for r in caplog.records):
                break
            await asyncio.sleep(0.1)
    assert any("no acknowledgement" in r.getMessage() for r in caplog.records), [r.getMessage() for r in caplog.records]
