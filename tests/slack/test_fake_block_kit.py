"""The fake Slack refuses what Slack refuses in Block Kit (limits from Slack's Block Kit reference),
through the real ``AsyncWebClient``: ``invalid_blocks`` for messages, ``invalid_arguments`` for views."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError


def section(text: str = "x", block_id: str | None = None, **extra) -> dict:
    block = {"type": "section", "text": {"type": "mrkdwn", "text": text}, **extra}
    if block_id is not None:
        block["block_id"] = block_id
    return block


def button(text: str = "Go", action_id: str = "go", value: str = "v") -> dict:
    return {"type": "button", "text": {"type": "plain_text", "text": text}, "action_id": action_id, "value": value}


BROKEN = {
    "duplicate block_id": [section(block_id="row:0"), section(block_id="row:0")],
    "51 blocks": [section() for _ in range(51)],
    "section text 3001": [section("x" * 3001)],
    "11 fields": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f"}] * 11}],
    "field 2001": [{"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2001}]}],
    "empty section text": [section("")],
    "button text 76": [section(accessory=button("b" * 76))],
    "button value 2001": [section(accessory=button(value="v" * 2001))],
    "action_id 256": [section(accessory=button(action_id="a" * 256))],
    "block_id 256": [section(block_id="b" * 256)],
    "26 buttons": [{"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(26)]}],
    "duplicate action_id in a block": [{"type": "actions", "elements": [button(), button()]}],
    "11 context elements": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}],
    "header 151": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}],
    "mrkdwn header": [{"type": "header", "text": {"type": "mrkdwn", "text": "h"}}],
    "button style": [section(accessory=button() | {"style": "green"})],
}


@pytest.mark.parametrize("name", sorted(BROKEN))
async def test_a_message_slack_would_refuse_is_refused(fake_slack, slack_client, name):
    with pytest.raises(SlackApiError) as err:
        await slack_client.chat_postMessage(channel="C0GENERAL", text="fallback", blocks=BROKEN[name])
    assert err.value.response["error"] == "invalid_blocks"
    assert fake_slack.channel_messages("C0GENERAL") == []


async def test_the_limits_themselves_are_accepted(fake_slack, slack_client):
    at_limit = [section("x" * 3000, block_id="b" * 255, accessory=button("b" * 75, "a" * 255, "v" * 2000)),
                {"type": "section", "fields": [{"type": "mrkdwn", "text": "f" * 2000}] * 10},
                {"type": "actions", "elements": [button(action_id=f"a{i}") for i in range(25)]},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 10},
                {"type": "header", "text": {"type": "plain_text", "text": "h" * 150}}]
    at_limit += [section() for _ in range(50 - len(at_limit))]
    res = await slack_client.chat_postMessage(channel="C0GENERAL", text="fallback", blocks=at_limit)
    assert res["ok"]


async def test_a_home_tab_with_a_repeated_block_id_is_refused(fake_slack, slack_client):
    fake_slack.add_user("U0ANA")
    view = {"type": "home", "blocks": [section(block_id="row:0"), {"type": "divider"}, section(block_id="row:0")]}
    with pytest.raises(SlackApiError) as err:
        await slack_client.views_publish(user_id="U0ANA", view=view)
    assert err.value.response["error"] == "invalid_arguments"
    assert "duplicate block_id" in str(err.value.response["response_metadata"])


async def test_a_view_takes_100_blocks_and_no_more(fake_slack, slack_client):
    fake_slack.add_user("U0ANA")
    assert (await slack_client.views_publish(user_id="U0ANA", view={"type": "home",
                                                                    "blocks": [section()] * 100}))["ok"]
    with pytest.raises(SlackApiError) as err:
        await slack_client.views_publish(user_id="U0ANA", view={"type": "home", "blocks": [section()] * 101})
    assert err.value.response["error"] == "invalid_arguments"


async def test_a_response_url_answer_with_broken_blocks_is_refused(fake_slack):
    import aiohttp

    url = fake_slack.new_response_url(channel="C0GENERAL")
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"text": "x", "blocks": BROKEN["duplicate block_id"]}) as res:
            assert res.status == 400
    assert fake_slack.posts_to(url) == []
