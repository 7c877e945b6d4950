"""A poll in Slack: created with /poll through signed HTTP, voted with its buttons (one per option row,
so each block's action_id stays unique, as Block Kit requires), the vote confirmed privately."""

from __future__ import annotations

from tests.slack.test_slack_commands import texts
from tests.slack.test_slack_interactive import press, shared_answer


async def test_voting_with_the_buttons_of_a_poll(workspace, fake_slack):
    card = await shared_answer(workspace, fake_slack, "/poll", 'create "Next CEAG call?" options Monday, Friday')
    assert "P1 · Next CEAG call?" in texts(card["blocks"])
    rows = [b for b in card["blocks"] if b.get("block_id", "").startswith("row:")]
    assert [r["accessory"]["value"] for r in rows] == ["1 1", "1 2"]
    assert {r["accessory"]["action_id"] for r in rows} == {"poll_vote"}
    await workspace.interact(press(card, "poll_vote", "1 2", user="U0BEN", block_id=rows[1]["block_id"]))
    mine = await fake_slack.wait_for_call("chat.postEphemeral")
    assert mine.args["user"] == "U0BEN" and "Your vote on P1: Friday." in mine.args["text"]
    [results] = await workspace.answers(await workspace.slash("/poll", "results P1"))
    assert "Friday — 1 vote" in texts(results["blocks"])
