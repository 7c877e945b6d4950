"""Connecting practitioners in Slack: a join event greets once, /profile and /people through signed
HTTP, and an introduction is one direct message to both people (conversations.open with two users)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.scheduler import Scheduler
from tests.slack import signing
from tests.slack.test_slack_commands import texts


async def test_someone_who_joins_a_channel_is_greeted_once(workspace, fake_slack):
    [done] = await workspace.answers(await workspace.slash("/welcome", "set Welcome to the CEAG channel!",
                                                           user="U0ADMIN"))
    assert "People who join here will be greeted." in texts(done["blocks"])
    joined = {"type": "member_joined_channel", "user": "U0BEN", "channel": "C0GENERAL", "channel_type": "C",
              "team": "TFAKE"}
    first = await workspace.event(joined)
    greeting = await fake_slack.wait_for_call("chat.postMessage", timeout=10)
    assert greeting.args["channel"] == "C0GENERAL"
    assert "Welcome to the CEAG channel!" in greeting.args["text"] and "<@U0BEN>" in greeting.args["text"]
    await workspace.event(joined, event_id=first, retry_num=1)  # Slack's retry of the same event
    await workspace.event(joined)  # joined again later (left and came back): greeted once only
    posts = [c for c in fake_slack.calls_to("chat.postMessage") if "Welcome to the CEAG" in c.args["text"]]
    assert len(posts) == 1


async def test_profiles_and_the_directory_from_slack(workspace):
    [saved] = await workspace.answers(await workspace.slash("/profile", "set themes forced labour, migration"))
    assert "themes read as: forced labour, migration." in texts(saved["blocks"])
    [found] = await workspace.answers(await workspace.slash("/people", "migration", user="U0BEN"))
    assert "<@U0ANA>" in texts(found["blocks"])


async def test_an_introduction_is_one_direct_message_to_both(workspace, fake_slack):
    for user, theme in (("U0ANA", "migration"), ("U0BEN", "migration")):
        await workspace.answers(await workspace.slash("/profile", f"set themes {theme}", user=user))
        await workspace.answers(await workspace.slash("/intros", "join", user=user))
    workspace.clock.at = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)  # 09:00 in Geneva on the 1st
    await Scheduler(workspace.app).run_due()  # the round: the pair is made, and introduced
    opened = [c for c in fake_slack.calls_to("conversations.open") if "," in str(c.args.get("users"))]
    assert len(opened) == 1 and set(str(opened[0].args["users"]).split(",")) == {"U0ANA", "U0BEN"}
    [intro] = [c for c in fake_slack.calls_to("chat.postMessage") if "This month's introduction" in c.args["text"]]
    assert intro.args["channel"].startswith("G") and "You both work on migration." in intro.args["text"]
    assert await Scheduler(workspace.app).run_due() == 0  # once


async def submit_profile_form(workspace, fake_slack, **typed) -> tuple[int, dict]:
    import json

    trigger = fake_slack.new_trigger_id()
    await workspace.slash("/profile", "form", trigger_id=trigger)
    opened = await fake_slack.wait_for_call("views.open", lambda c: c.args["trigger_id"] == trigger)
    assert opened.args["view"]["callback_id"] == "profile_modal"
    values = {name: {"value": {"type": "plain_text_input", "value": value}} for name, value in typed.items()}
    submit = signing.view_submission_payload("profile_modal", values, user_id="U0ANA",
                                             private_metadata=opened.args["view"]["private_metadata"])
    status, answer = await workspace.deliver(signing.interactive_body(submit))
    return status, (json.loads(answer) if answer else {})


async def test_the_profile_form(workspace, fake_slack):
    status, answer = await submit_profile_form(workspace, fake_slack, organisation="ILO", countries="Nepal, Atlantis")
    assert status == 200 and answer.get("response_action") == "errors"  # the form stays open...
    assert list(answer["errors"]) == ["countries"] and "Atlantis" in answer["errors"]["countries"]  # ...on its field
    [nothing] = await workspace.answers(await workspace.slash("/profile"))
    assert "You have no profile yet" in texts(nothing["blocks"])  # nothing saved
    status, answer = await submit_profile_form(workspace, fake_slack, organisation="ILO", countries="Nepal",
                                               themes="child labour")
    assert status == 200 and answer == {}
    [shown] = await workspace.answers(await workspace.slash("/profile"))
    shown_text = texts(shown["blocks"])
    assert "ILO" in shown_text and "Nepal" in shown_text and "child labour" in shown_text
