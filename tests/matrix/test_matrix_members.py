"""Greeting people who join a room, on a real Synapse: once per person per room, also after the bot
restarts and the person leaves and comes back; an introduction in a room made for the two people."""

from __future__ import annotations

from datetime import UTC, datetime

from talk import WAIT, room_with_bot


async def greetings(person, room_id: str, bot_id: str) -> list[dict]:
    from nio import RoomMessagesResponse

    resp = await person.client.room_messages(room_id, limit=100)
    assert isinstance(resp, RoomMessagesResponse), resp
    return [e.source for e in resp.chunk if e.sender == bot_id
            and "Welcome to the CEAG room!" in e.source.get("content", {}).get("body", "")
            and e.source.get("content", {}).get("msgtype") == "m.text"]  # greetings, not the answers showing one


async def test_someone_who_joins_is_greeted_once_even_after_a_restart(bot_factory, person_factory):
    bot = await bot_factory(moderators_are_admins=True)
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot)
    set_ = await alice.answer_to(await alice.say(room, "!welcome set Welcome to the CEAG room!"), bot.user_id)
    assert "People who join here will be greeted." in set_["content"]["body"]  # the room's creator moderates it
    await alice.invite(room, bob.user_id)
    await bob.join(room)
    greeting = await alice.wait_for(lambda r, e: r == room and getattr(e, "sender", None) == bot.user_id
                                    and "Welcome to the CEAG room!" in e.source["content"].get("body", "")
                                    and bob.user_id in e.source["content"].get("m.mentions", {}).get("user_ids", []),
                                    WAIT)
    content = greeting.source["content"]
    assert content["msgtype"] == "m.text" and bob.user_id in content["m.mentions"]["user_ids"]  # it notifies bob

    await bot.stop()
    again = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir, clock=bot.clock,
                              moderators_are_admins=True)
    await bob.client.room_leave(room)
    await alice.invite(room, bob.user_id)
    await bob.join(room)
    # an answer to a later message shows the join before it was handled
    await alice.answer_to(await alice.say(room, "!welcome preview"), again.user_id)
    assert len(await greetings(alice, room, bot.user_id)) == 1


async def test_an_introduction_comes_in_a_room_made_for_the_two(bot_factory, person_factory):
    bot = await bot_factory()
    ana, bob = await person_factory("ana"), await person_factory("bob")
    room = await room_with_bot(ana, bot, bob)
    for person in (ana, bob):
        await person.answer_to(await person.say(room, "!profile set themes migration"), bot.user_id)
        await person.answer_to(await person.say(room, "!intros join"), bot.user_id)
    from bot.scheduler import Scheduler

    bot.clock.shift = datetime(2026, 12, 1, 8, 0, 1, tzinfo=UTC) - datetime.now(UTC)  # the 1st, 09:00 in Geneva
    assert await Scheduler(bot.app).run_due() == 1  # sent: the homeserver returned the post's event id
    from storage import deliveries

    async with bot.app.sessions() as session:
        made = await deliveries.get_state(session, "matrix", "dm:" + ",".join(sorted([ana.user_id, bob.user_id])))
    assert made and made != room
    intro_room = bot.adapter.client.rooms[made]
    assert {ana.user_id, bob.user_id} <= set(intro_room.invited_users) | set(intro_room.users)
    assert await Scheduler(bot.app).run_due() == 0  # once
