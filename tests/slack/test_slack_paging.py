"""A long list is paged: the first page with a button on every row, and a "More" button that
shows the next page in place (in a message and in the Home tab)."""

from __future__ import annotations

import time

from tests.slack import signing
from tests.slack.test_slack_surfaces import seed_large


def rows(blocks: list[dict]) -> list[dict]:
    return [b for b in blocks if b.get("type") == "section" and isinstance(b.get("accessory"), dict)]


def more_button(blocks: list[dict]) -> tuple[dict, dict] | None:
    for block in blocks:
        for el in block.get("elements") or []:
            if el.get("type") == "button" and el["text"]["text"] == "More":
                return block, el
    return None


async def test_a_300_item_list_pages_in_place_with_a_button_on_every_row(workspace, fake_slack):
    await seed_large(workspace.app)
    url = await workspace.slash("/action", "list")
    await workspace.answers(url)
    message = fake_slack.channel_messages("C0GENERAL")[-1]
    first = rows(message["blocks"])
    assert len(first) == 20 and all(r["accessory"]["text"]["text"] for r in first)  # each row keeps its button
    refs = [r["accessory"]["value"] for r in first]
    assert len(set(refs)) == 20 and "A1" in refs  # the earliest due first

    seen = set(refs)
    for page in (2, 3):
        block, button = more_button(message["blocks"])
        mark = len(fake_slack.calls)
        payload = signing.block_actions_payload(button["action_id"], button["value"], user_id="U0ANA",
                                                block_id=block["block_id"], message_ts=message["ts"], message=message)
        assert await workspace.interact(payload) == 200
        update = await fake_slack.wait_for_call("chat.update", start=mark)
        assert update.ok and update.args["ts"] == message["ts"]  # in place, no new message
        message = fake_slack.channel_messages("C0GENERAL")[-1]
        shown = [r["accessory"]["value"] for r in rows(message["blocks"])]
        assert len(set(shown)) == 20 and not seen & set(shown)  # the next 20, none seen before
        seen |= set(shown)
        assert f"{shown[0]} " in message["text"]  # the fallback follows the page


async def test_the_home_tab_pages_its_list_in_place(workspace, fake_slack):
    await seed_large(workspace.app)
    await workspace.event({"type": "app_home_opened", "user": "U0ANA", "channel": "D0ANA", "tab": "home",
                           "event_ts": f"{time.time():.6f}"})
    home = await fake_slack.wait_for_call("views.publish")
    blocks = home.args["view"]["blocks"]
    assert len([r for r in rows(blocks) if r["accessory"]["value"].startswith("A")]) == 20
    block, button = more_button(blocks)
    payload = signing.block_actions_payload(button["action_id"], button["value"], user_id="U0ANA",
                                            block_id=block["block_id"])
    payload["container"] = {"type": "view", "view_id": home.response["view"]["id"]}
    payload.pop("message"), payload.pop("channel")
    mark = len(fake_slack.calls)
    await workspace.interact(payload)
    again = await fake_slack.wait_for_call("views.publish", start=mark)
    assert again.ok
    values = [r["accessory"]["value"] for r in rows(again.args["view"]["blocks"])]
    first = {r["accessory"]["value"] for r in rows(blocks) if r["accessory"]["value"].startswith("A")}
    second = {v for v in values if v.startswith("A")}
    assert len(second) == 20 and not first & second
