"""Mentions and direct messages: Q&A in the thread of the question, once per event."""

from __future__ import annotations

import asyncio


from tests.slack import signing
from tests.slack.conftest import start_workspace, stop_workspace


def mention(text: str, *, user: str = "U0ANA", channel: str = "C0GENERAL", ts: str = "1764000000.000100", **extra):
    return {"type": "app_mention", "user": user, "text": text, "ts": ts, "channel": channel,
            "event_ts": ts, **extra}


async def test_a_mention_is_answered_in_the_thread_of_the_question(workspace, fake_slack):
    await workspace.event(mention("<@UBOT> how is Nepal doing?"))
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "C0GENERAL"
    assert post.args["thread_ts"] == "1764000000.000100"
    assert "Nepal" in post.args["text"]
    assert post.args["metadata"]["event_type"] == "alliance_bot_post"


async def test_a_direct_message_is_answered_in_its_thread_and_bare_commands_work(workspace, fake_slack):
    dm = signing.message_event("action add Book the room", user="U0ANA", channel="D0ANA", ts="1764000000.000200")
    await workspace.event(dm)
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "D0ANA" and post.args["thread_ts"] == "1764000000.000200"
    assert "A1 · Book the room" in post.args["text"]


async def test_a_private_answer_to_a_mention_is_ephemeral(workspace, fake_slack):
    await workspace.event(mention("<@UBOT> help"))
    eph = await fake_slack.wait_for_call("chat.postEphemeral")
    assert eph.args["user"] == "U0ANA" and eph.args["thread_ts"] == "1764000000.000100"
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_the_bot_ignores_itself_other_bots_edits_and_deletions(workspace, fake_slack):
    ignored = [
        signing.message_event("action add from myself", user="UBOT", channel="D0ANA", bot_id="BBOT"),
        signing.message_event("action add from a bot", user="U0OTHERBOT", channel="D0ANA", bot_id="B0OTHER"),
        signing.message_event("", user="U0ANA", channel="D0ANA", subtype="message_changed",
                              message={"text": "action add edited", "user": "U0ANA"}),
        signing.message_event("", user="U0ANA", channel="D0ANA", subtype="message_deleted"),
        signing.message_event("action add in a channel without mention", user="U0ANA", channel="C0GENERAL"),
        mention("<@UBOT> action add bot mention", user="U0OTHERBOT", bot_id="B0OTHER"),
    ]
    for event in ignored:
        await workspace.event(event)
    await workspace.event(signing.message_event("action list", user="U0ANA", channel="D0ANA"))
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert "Nothing here." in post.args["text"]  # none of the ignored ones created an item
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


async def test_stored_text_never_pings_and_people_are_mentioned_properly(workspace, fake_slack):
    # an item recorded from Matrix, with text that would ping everyone if repeated raw
    from bot.messages import Incoming

    await workspace.app.handle(Incoming(
        platform="matrix", user_id="matrix:@eve:example.org", channel_id="matrix:!room:example.org",
        text="!action add Tell <!channel> & <!here> about <@U0BEN> <b>now</b> owner <@slack:U0BEN>, @eve:example.org",
    ))
    url = await workspace.slash("/action", "list")
    [answer] = await workspace.answers(url)
    shown = str(answer["blocks"]) + answer["text"]
    assert "<!channel>" not in shown and "<!here>" not in shown and "<b>" not in shown
    assert "&lt;!channel&gt; &amp; &lt;!here&gt; about &lt;@U0BEN&gt;" in shown
    assert "<@U0BEN>" in shown.replace("&lt;@U0BEN&gt;", "")  # the owner is a real mention
    assert "@eve:example.org" in shown  # a Matrix owner is a plain name


async def test_a_retried_event_has_one_effect_even_while_the_first_is_still_running(workspace, fake_slack):
    fake_slack.inject("users.info", "timeout", hold=0.5)  # the first delivery is slow
    dm = signing.message_event("action add Draft the agenda", user="U0ANA", channel="D0ANA")
    first = asyncio.create_task(workspace.event(dm, event_id="Ev0RETRY"))
    await fake_slack.wait_for_call("users.info", include_faulted=True)  # the first is running
    await workspace.event(dm, event_id="Ev0RETRY", retry_num=1)  # Slack's retry arrives meanwhile
    await first
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert "A1 · Draft the agenda" in post.args["text"]
    await workspace.event(dm, event_id="Ev0RETRY", retry_num=2)
    await workspace.event(signing.message_event("action list all", user="U0ANA", channel="D0ANA"))
    listing = await fake_slack.wait_for_call("chat.postMessage", lambda c: "All action items" in c.args["text"])
    assert "(1)" in listing.args["text"]
    assert len(fake_slack.calls_to("chat.postMessage")) == 2


async def test_the_dedupe_survives_a_restart(workspace, fake_slack):
    dm = signing.message_event("action add Only once", user="U0ANA", channel="D0ANA")
    await workspace.event(dm, event_id="Ev0RESTART")
    await fake_slack.wait_for_call("chat.postMessage")
    settings, http, clock = workspace.app.settings, workspace.http, workspace.clock
    await stop_workspace(workspace)
    again = await start_workspace(fake_slack, settings, clock, http)
    try:
        await again.event(dm, event_id="Ev0RESTART", retry_num=3)
        await again.event(signing.message_event("action list all", user="U0ANA", channel="D0ANA"))
        listing = await fake_slack.wait_for_call("chat.postMessage", lambda c: "All action items" in c.args["text"])
        assert "(1)" in listing.args["text"]
        assert len(fake_slack.calls_to("chat.postMessage")) == 2
    finally:
        await stop_workspace(again)
        workspace.task = again.task  # the fixture stops this one again harmlessly
        workspace.adapter, workspace.app = again.adapter, again.app
