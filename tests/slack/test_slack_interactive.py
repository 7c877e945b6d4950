"""Buttons, the "Create action item" shortcut, the modals and the App Home tab."""

from __future__ import annotations

import time

from tests.slack import signing
from tests.slack.test_slack_commands import texts


def press(message: dict, action_id: str, value: str, *, user: str = "U0ANA", block_id: str = "actions:0",
          channel: str = "C0GENERAL") -> dict:
    return signing.block_actions_payload(action_id, value, user_id=user, channel_id=channel, block_id=block_id,
                                         message_ts=message["ts"], message=message)


async def shared_answer(workspace, fake_slack, command: str, text: str, user: str = "U0ANA") -> dict:
    url = await workspace.slash(command, text, user=user)
    await workspace.answers(url)
    return fake_slack.channel_messages("C0GENERAL")[-1]


async def test_mark_done_and_reopen_update_the_card_in_place(workspace, fake_slack):
    card = await shared_answer(workspace, fake_slack, "/action", "add Send the toolkit")
    assert await workspace.interact(press(card, "action_done", "A1")) == 200
    update = await fake_slack.wait_for_call("chat.update")
    assert update.args["channel"] == "C0GENERAL" and update.args["ts"] == card["ts"]
    assert "A1 marked done." in texts(update.args["blocks"]) and "Reopen" in texts(update.args["blocks"])
    assert fake_slack.channel_messages("C0GENERAL")[-1]["ts"] == card["ts"]  # no new message

    updated = fake_slack.channel_messages("C0GENERAL")[-1]
    await workspace.interact(press(updated, "action_reopen", "A1"))
    again = await fake_slack.wait_for_call("chat.update", start=fake_slack.calls.index(update) + 1)
    assert "A1 reopened." in texts(again.args["blocks"]) and "Mark done" in texts(again.args["blocks"])


async def test_a_button_in_a_list_redraws_only_its_row(workspace, fake_slack):
    for text in ("First thing", "Second thing"):
        await shared_answer(workspace, fake_slack, "/action", f"add {text}")
    listing = await shared_answer(workspace, fake_slack, "/action", "list")
    rows = [b for b in listing["blocks"] if b.get("block_id", "").startswith("row:")]
    assert [r["accessory"]["value"] for r in rows] == ["A1", "A2"]
    await workspace.interact(press(listing, "action_done", "A2", block_id="row:1"))
    update = await fake_slack.wait_for_call("chat.update")
    blocks = {b.get("block_id"): b for b in update.args["blocks"]}
    assert blocks["row:0"] == rows[0]  # untouched
    assert "A2 · Second thing" in blocks["row:1"]["text"]["text"]
    assert blocks["row:1"]["accessory"]["action_id"] == "action_reopen"
    # the fallback text (notifications, screen readers) says the same as the rows
    a2 = [line for line in update.args["text"].splitlines() if "A2" in line]
    assert a2 and all("open" not in line and "done" in line for line in a2), update.args["text"]


async def test_someone_who_may_not_change_it_is_told_privately(workspace, fake_slack):
    card = await shared_answer(workspace, fake_slack, "/action", "add Ana's own item")
    await workspace.interact(press(card, "action_done", "A1", user="U0BEN"))
    refusal = await fake_slack.wait_for_call("chat.postEphemeral")
    assert refusal.args["user"] == "U0BEN" and "Only the creator" in refusal.args["text"]
    assert fake_slack.calls_to("chat.update") == []


async def test_the_shortcut_turns_a_message_into_an_action_item_linked_to_it(workspace, fake_slack):
    msg = fake_slack.add_message("C0GENERAL", "<@U0BEN> please send the <https://ilo.org/kit|toolkit> &amp; "
                                 "do the due diligence <!here>", user="U0BEN")
    payload = {
        "type": "message_action", "callback_id": "create_action_item", "token": "x",
        "trigger_id": fake_slack.new_trigger_id(), "action_ts": f"{time.time():.6f}",
        "team": {"id": "TFAKE", "domain": "fake-workspace"}, "user": {"id": "U0ANA", "name": "ana"},
        "channel": {"id": "C0GENERAL", "name": "general"}, "message_ts": msg["ts"], "message": msg,
        "response_url": fake_slack.new_response_url(channel="C0GENERAL"),
    }
    assert await workspace.interact(payload) == 200
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert post.args["thread_ts"] == msg["ts"]
    shown = texts(post.args["blocks"])
    text = post.args["text"]
    assert "A1 · @Ben please send the toolkit (https://ilo.org/kit) &amp; do the due diligence @here" in \
        text.replace("\u2060", "")  # reads the same, but a word joiner keeps "@here" from notifying
    assert "<!here>" not in shown and "@here" not in text
    permalink = (await fake_slack.wait_for_call("chat.getPermalink")).response["permalink"]
    assert permalink in shown  # the source is linked


async def test_the_action_item_modal_has_pickers_and_posts_the_result(workspace, fake_slack):
    trigger = fake_slack.new_trigger_id()
    await workspace.slash("/action", "add", trigger_id=trigger)
    opened = await fake_slack.wait_for_call("views.open")
    assert opened.args["trigger_id"] == trigger
    view = opened.args["view"]
    kinds = {b["block_id"]: b["element"]["type"] for b in view["blocks"]}
    assert kinds == {"text": "plain_text_input", "owners": "multi_users_select", "orgs": "plain_text_input",
                     "due": "datepicker", "group": "static_select"}
    group = view["blocks"][-1]["element"]["options"][0]["value"]
    values = {
        "text": {"value": {"type": "plain_text_input", "value": "Review the due diligence report"}},
        "owners": {"value": {"type": "multi_users_select", "selected_users": ["U0BEN", "U0ANA"]}},
        "orgs": {"value": {"type": "plain_text_input", "value": "Secretariat"}},
        "due": {"value": {"type": "datepicker", "selected_date": "2026-12-14"}},
        "group": {"value": {"type": "static_select", "selected_option": {"value": group}}},
    }
    submit = signing.view_submission_payload("action_item_modal", values, user_id="U0ANA",
                                             private_metadata=view["private_metadata"])
    assert await workspace.interact(submit) == 200
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert post.args["channel"] == "C0GENERAL"
    shown = texts(post.args["blocks"])
    assert "A1 · Review the due diligence report" in shown  # "due" in the text stays text
    assert "<@U0BEN>, <@U0ANA>, Secretariat" in shown
    assert "14 Dec 2026" in shown or "14 December 2026" in shown


async def test_the_event_modal_adds_an_event(workspace, fake_slack):
    await workspace.slash("/event", "new", trigger_id=fake_slack.new_trigger_id())
    opened = await fake_slack.wait_for_call("views.open")
    values = {
        "title": {"value": {"type": "plain_text_input", "value": "Supply chains workshop"}},
        "date": {"value": {"type": "datepicker", "selected_date": "2027-05-14"}},
        "time": {"value": {"type": "timepicker", "selected_time": "09:30"}},
        "place": {"value": {"type": "plain_text_input", "value": "Abidjan"}},
    }
    submit = signing.view_submission_payload("event_modal", values, user_id="U0ANA",
                                             private_metadata=opened.args["view"]["private_metadata"])
    await workspace.interact(submit)
    post = await fake_slack.wait_for_call("chat.postMessage")
    shown = texts(post.args["blocks"])
    assert "E1 · Supply chains workshop" in shown and "Abidjan" in shown and "09:30" in shown


async def test_app_home_shows_my_items_events_and_pathfinders_and_is_refreshed_on_open(workspace, fake_slack):
    await shared_answer(workspace, fake_slack, "/action", "add Mine to do owner me")
    await shared_answer(workspace, fake_slack, "/action", "add Someone else's owner <@U0BEN|ben>")
    home_opened = {"type": "app_home_opened", "user": "U0ANA", "channel": "D0ANA", "tab": "home",
                   "event_ts": f"{time.time():.6f}"}
    await workspace.event(home_opened)
    published = await fake_slack.wait_for_call("views.publish")
    assert published.args["user_id"] == "U0ANA"
    shown = texts(published.args["view"]["blocks"])
    assert "Your open action items (1)" in shown and "Mine to do" in shown and "Someone else" not in shown
    assert "Upcoming events" in shown and "Pathfinder countries" in shown and "Nepal" in shown

    # pressing "Mark done" in the Home tab redraws the tab
    row = next(b for b in published.args["view"]["blocks"] if b.get("accessory", {}).get("value") == "A1")
    payload = press({"ts": "1.0"}, "action_done", "A1", block_id=row["block_id"])
    payload["container"] = {"type": "view", "view_id": published.response["view"]["id"]}
    payload.pop("message"), payload.pop("channel")
    await workspace.interact(payload)
    again = await fake_slack.wait_for_call("views.publish", start=fake_slack.calls.index(published) + 1)
    assert "Mine to do" not in texts(again.args["view"]["blocks"])

    # a new item shows the next time the tab is opened
    await shared_answer(workspace, fake_slack, "/action", "add Something new owner me")
    mark = len(fake_slack.calls)
    await workspace.event({**home_opened, "event_ts": f"{time.time():.6f}"})
    third = await fake_slack.wait_for_call("views.publish", start=mark)
    assert "Something new" in texts(third.args["view"]["blocks"])


async def test_the_home_buttons_open_the_modals(workspace, fake_slack):
    payload = signing.block_actions_payload("ui_new_event", "home", user_id="U0ANA",
                                            trigger_id=fake_slack.new_trigger_id())
    payload["container"] = {"type": "view", "view_id": "V1"}
    await workspace.interact(payload)
    opened = await fake_slack.wait_for_call("views.open")
    assert opened.args["view"]["callback_id"] == "event_modal"


async def submit_action_form(workspace, fake_slack, **typed) -> tuple[int, dict]:
    trigger = fake_slack.new_trigger_id()
    await workspace.slash("/action", "add", trigger_id=trigger)
    opened = await fake_slack.wait_for_call("views.open", lambda c: c.args["trigger_id"] == trigger)
    values = {"text": {"value": {"type": "plain_text_input", "value": typed.get("text", "")}}}
    if "group" in typed:
        values["group"] = {"value": {"type": "static_select", "selected_option": {"value": typed["group"]}}}
    submit = signing.view_submission_payload("action_item_modal", values, user_id="U0ANA",
                                             private_metadata=opened.args["view"]["private_metadata"])
    status, answer = await workspace.deliver(signing.interactive_body(submit))
    return status, (__import__("json").loads(answer) if answer else {})


async def test_a_refused_form_stays_open_with_the_error_on_its_field(workspace, fake_slack):
    import asyncio

    for typed, field, says in (({"text": "   "}, "text", "what needs doing"),
                               ({"text": "x" * 2500}, "text", "2500 characters"),
                               ({"text": "Fine text", "group": "no-such-group"}, "group", "no-such-group")):
        status, answer = await submit_action_form(workspace, fake_slack, **typed)
        assert status == 200
        assert answer.get("response_action") == "errors", answer  # Slack keeps the form and what was typed
        assert list(answer["errors"]) == [field] and says in answer["errors"][field]
    await asyncio.sleep(0.2)
    assert not [c for c in fake_slack.calls if c.method in ("chat.postMessage", "chat.postEphemeral")]
    url = await workspace.slash("/action", "list all")
    [listing] = await workspace.answers(url)
    assert "Nothing here." in listing["text"]  # nothing was saved


async def test_an_accepted_form_closes_with_an_empty_ack(workspace, fake_slack):
    status, answer = await submit_action_form(workspace, fake_slack, text="Send the toolkit")
    assert status == 200 and answer == {}
    post = await fake_slack.wait_for_call("chat.postMessage")
    assert "A1 · Send the toolkit" in post.args["text"]


async def test_a_refused_event_form_stays_open_with_the_error_on_its_field(workspace, fake_slack):
    import json

    trigger = fake_slack.new_trigger_id()
    await workspace.slash("/event", "add", trigger_id=trigger)
    opened = await fake_slack.wait_for_call("views.open", lambda c: c.args["trigger_id"] == trigger)
    values = {"title": {"value": {"type": "plain_text_input", "value": "y" * 2500}},
              "date": {"value": {"type": "datepicker", "selected_date": "2027-05-14"}}}
    submit = signing.view_submission_payload("event_modal", values, user_id="U0ANA",
                                             private_metadata=opened.args["view"]["private_metadata"])
    status, answer = await workspace.deliver(signing.interactive_body(submit))
    assert status == 200
    answer = json.loads(answer)
    assert answer["response_action"] == "errors" and "2500" in answer["errors"]["title"]
    assert fake_slack.calls_to("chat.postMessage") == []
