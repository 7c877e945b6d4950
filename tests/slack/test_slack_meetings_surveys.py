"""Meeting minutes and surveys typed in Slack as slash commands, sent as signed HTTP requests (in Slack
the bot sees only what is addressed to it, so minuted lines come as /meeting note)."""

from __future__ import annotations

from tests.slack import signing
from tests.slack.test_slack_commands import texts


async def test_a_meeting_minuted_with_slash_commands(workspace):
    [started] = await workspace.answers(await workspace.slash("/meeting", "start CEAG monthly call"))
    assert "Meeting M1 started." in texts(started["blocks"])
    await workspace.answers(await workspace.slash("/meeting", "note decision: the toolkit goes out in May"))
    await workspace.answers(await workspace.slash("/meeting", "note info: two workshops are planned", user="U0BEN"))
    [minutes] = await workspace.answers(await workspace.slash("/meeting", "end"))
    shown = texts(minutes["blocks"])
    assert "the toolkit goes out in May" in shown and "two workshops are planned" in shown
    assert "<!channel>" not in shown


async def test_a_survey_created_and_answered_in_a_direct_message(workspace, fake_slack):
    [made] = await workspace.answers(await workspace.slash(
        "/survey", 'create "Workshop feedback" questions Was it useful? (yes, no); What to improve?'))
    assert "Survey S1 created." in texts(made["blocks"])
    await workspace.event(signing.message_event("survey answer S1 1 yes", user="U0BEN", channel="D0BEN"))
    answer = await fake_slack.wait_for_call("chat.postMessage", timeout=10)
    assert "Your answer to S1, question 1: yes" in answer.args["text"]
    [results] = await workspace.answers(await workspace.slash("/survey", "results S1"))
    shown = texts(results["blocks"])
    assert "yes: 1; no: 0" in shown and "<@U0BEN>" not in shown  # without names
