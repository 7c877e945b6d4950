"""Small helpers the Matrix conversation tests share (no tests in here)."""

from __future__ import annotations

WAIT = 30.0  # seconds: the bound on every wait for the homeserver or the bot


def replies_to(source: dict) -> str | None:
    """The event id a message replies to, from its event dict."""
    relation = source.get("content", {}).get("m.relates_to") or {}
    return (relation.get("m.in_reply_to") or {}).get("event_id")


async def room_with_bot(alice, bot, *others, encrypted: bool = False) -> str:
    """A room alice creates with the bot (and others) in it, once the bot knows it."""
    room_id = await alice.create_room(bot.user_id, *(p.user_id for p in others), encrypted=encrypted)
    for person in others:
        await person.join(room_id)
    await alice.wait_for_membership(room_id, bot.user_id)
    await bot.adapter.wait_until(lambda adapter: room_id in adapter.client.rooms, WAIT)
    return room_id
