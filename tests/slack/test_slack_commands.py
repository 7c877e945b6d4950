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
