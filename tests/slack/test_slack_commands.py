"""Slash commands typed in Slack, sent to the running bot as signed HTTP requests."""

from __future__ import annotations

from tests.slack import signing
from tests.slack.conftest import SECRET


def texts(blocks: list[dict]) -> str:
    """All the text in some blocks, for reading assertions."""
    out = []
    for block in blocks:
        for key in ("text",):
            if isinstance(block.get(key), dict):
                out.append(block[key]["text"])
        for f in block.get("fields") or []:
            out.append(f["text"])
        for e in block.get("elements") or []:
            if isinstance(e.get("text"), dict):
                out.append(e["text"]["text"])
            elif isinstance(e.get("text"), str):
                out.append(e["text"])
        if isinstance(block.get("accessory"), dict):
            out.append(block["accessory"]["text"]["text"])
    return "\n".join(out)


async def test_action_add_is_acknowledged_then_shared_in_the_channel(workspace):
    url = await workspace.slash("/action", "add Send the toolkit owner <@U0BEN|ben>, UNICEF due 14 Dec")
    [answer] = await workspace.answers(url)
    assert answer["response_type"] == "in_channel"
    shown = texts(answer["blocks"])
    assert "A1 · Send the toolkit" in shown
    assert "<@U0BEN>, UNICEF" in shown  # a real mention for the Slack user
    assert "Mark done" in shown
    assert "Send the toolkit" in answer["text"]  # text fallback


async def test_help_is_only_for_the_asker_and_names_the_slash_commands(workspace):
    url = await workspace.slash("/a87help")
    [answer] = await workspace.answers(url)
    assert answer["response_type"] == "ephemeral"
    assert "/action" in texts(answer["blocks"]) and "/a87help" in texts(answer["blocks"])


async def test_a_mistake_is_answered_privately_and_changes_nothing(workspace):
    url = await workspace.slash("/action", "frobnicate A1")
    [answer] = await workspace.answers(url)
    assert answer["response_type"] == "ephemeral"
    assert '"frobnicate" is not something /action can do.' in answer["text"]
    url = await workspace.slash("/action", "list")
    [answer] = await workspace.answers(url)
    assert "Nothing here." in answer["text"]


async def test_every_configured_slash_command_is_answered_even_when_the_core_lacks_it(workspace):
    names = dict(workspace.app.settings.slack.commands)
    for name, slash in names.items():
        url = await workspace.slash(slash, "")
        [answer] = await workspace.answers(url)
        assert answer["text"], name
        if name not in workspace.app.router.commands and name != "ask":
            assert "I don't know the command" in answer["text"]
            assert answer["response_type"] == "ephemeral"


async def test_ask_takes_a_question_in_plain_words(workspace):
    url = await workspace.slash("/ask", "how is Nepal doing?")
    [answer] = await workspace.answers(url)
    assert "Nepal" in answer["text"] and "7 February 2019" in answer["text"]


async def test_dates_are_read_and_shown_in_the_users_own_zone(workspace, fake_slack):
    # 03:00 UTC on 24 November: still the 23rd in Bogotá, already the 24th in Zurich
    from datetime import UTC, datetime

    workspace.clock.at = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)
    fake_slack.add_user("U0CARLOS", name="carlos", tz="America/Bogota", locale="es-LA")
    url = await workspace.slash("/action", "add Llamar a la OIT due tomorrow", user="U0CARLOS")
    [answer] = await workspace.answers(url)
    url = await workspace.slash("/action", "add Call ILO due tomorrow", user="U0ANA")
    [answer2] = await workspace.answers(url)
    from storage import actions

    async with workspace.app.sessions() as session:
        first, second = await actions.get(session, 1), await actions.get(session, 2)
    assert str(first.due_date) == "2026-11-24" and str(second.due_date) == "2026-11-25"
    [info] = [c for c in fake_slack.calls_to("users.info") if c.args["user"] == "U0CARLOS"]
    assert info.args["include_locale"] in (True, "true", "1", 1)


async def test_user_details_are_cached(workspace, fake_slack):
    for _ in range(3):
        url = await workspace.slash("/action", "list")
        await workspace.answers(url)
    assert len([c for c in fake_slack.calls_to("users.info") if c.args["user"] == "U0ANA"]) == 1


async def test_forged_tampered_and_stale_requests_get_401_and_do_nothing(workspace, fake_slack):
    url = fake_slack.new_response_url(channel="C0GENERAL")
    body = signing.slash_command_body("/action", "add Forged item", user_id="U0ANA", response_url=url)
    for headers in (
        signing.forged_headers(body),
        signing.stale_headers(SECRET, body),
        signing.future_headers(SECRET, body),
        signing.signed_headers(SECRET, body.replace("Forged", "Tampered")),
        {"Content-Type": signing.FORM},
    ):
        status, _ = await workspace.deliver(body, headers)
        assert status == 401
    url = await workspace.slash("/action", "list")
    [answer] = await workspace.answers(url)
    assert "Nothing here." in answer["text"]
    assert fake_slack.posts_to(fake_slack.new_response_url()) == []


async def test_the_command_is_acknowledged_before_the_answer_is_worked_out(workspace, fake_slack):
    fake_slack.inject("users.info", "timeout", hold=1.0)  # looking the person up is slow today
    url = fake_slack.new_response_url(channel="C0GENERAL")
    body = signing.slash_command_body("/action", "list", user_id="U0ANA", response_url=url)
    status, ack = await workspace.deliver(body)
    assert status == 200 and ack == ""  # the empty ack came back first …
    assert fake_slack.posts_to(url) == []
    [answer] = await workspace.answers(url)  # … the answer followed through the response_url
    assert "Nothing here." in answer["text"]


async def test_slack_can_verify_the_request_url(workspace):
    status, body = await workspace.deliver(signing.url_verification_body("xyzzy"))
    assert status == 200 and "xyzzy" in body


async def test_a_person_mentioned_in_an_items_text_or_an_event_title_shows_as_a_mention(workspace, fake_slack):
    import time

    url = await workspace.slash("/action", "add Call <@U0BEN|ben> about the report owner me")
    [card] = await workspace.answers(url)
    url = await workspace.slash("/event", "add Lunch with <@U0BEN|ben> on 14 May 2027")
    [event] = await workspace.answers(url)
    url = await workspace.slash("/action", "list")
    [listing] = await workspace.answers(url)
    await workspace.event({"type": "app_home_opened", "user": "U0ANA", "channel": "D0ANA", "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
    home = await fake_slack.wait_for_call("views.publish")
    for shown in (texts(card["blocks"]), card["text"], texts(event["blocks"]), event["text"],
                  texts(listing["blocks"]), texts(home.args["view"]["blocks"])):
        assert "<@U0BEN>" in shown, shown
        assert "slack:" not in shown and "&lt;@" not in shown


async def test_every_command_the_help_shows_can_be_typed_in_slack(workspace):
    import re
    from pathlib import Path

    import yaml

    import bot.adapters.slack.adapter as slack_adapter

    manifest = yaml.safe_load(Path(slack_adapter.__file__).with_name("manifest.yaml").read_text())
    typable = {c["command"] for c in manifest["features"]["slash_commands"]}
    url = await workspace.slash("/a87help")
    [answer] = await workspace.answers(url)
    shown = set(re.findall(r"(?<![\w<])[/!][a-z0-9]+\b", texts(answer["blocks"])))
    assert shown and shown <= typable, shown - typable


async def test_ask_suggests_a_command_that_shows_what_it_recognised(workspace):
    await workspace.answers(await workspace.slash("/action", "add Share the toolkit owner UNICEF"))
    url = await workspace.slash("/ask", "what about UNICEF?")
    [answer] = await workspace.answers(url)
    assert "Try /a87help, or type /a87help" not in answer["text"]
    assert answer["text"].count("/a87help") <= 1
    assert "UNICEF" in answer["text"]  # what was recognised is said


async def test_usage_in_french_names_the_command_as_typed(workspace, fake_slack):
    fake_slack.add_user("U0ZOE", name="zoe", tz="Europe/Paris", locale="fr-FR")
    url = await workspace.slash("/action", "frobnicate", user="U0ZOE")
    [answer] = await workspace.answers(url)
    assert "ce que /action sait faire" in answer["text"], answer["text"]


async def test_a_personal_reminder_is_confirmed_privately(workspace, fake_slack):
    url = await workspace.slash("/a87remind", "me tomorrow 9:00 send the toolkit")
    [answer] = await workspace.answers(url)
    assert answer["response_type"] == "ephemeral" and "R1" in answer["text"]
    assert fake_slack.channel_messages("C0GENERAL") == []
    url = await workspace.slash("/a87remind", "here tomorrow 9:00 send the toolkit")
    [answer] = await workspace.answers(url)
    assert answer["response_type"] == "in_channel"  # a reminder for the channel is shared there
