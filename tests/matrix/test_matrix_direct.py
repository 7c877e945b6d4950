"""Direct chats are the rooms marked direct (``m.direct``), not every room with two members."""

from __future__ import annotations

from talk import room_with_bot


async def test_a_two_member_room_not_marked_direct_is_an_ordinary_room(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)  # alice and the bot, but not a direct chat

    chatter = await alice.say(room, "ok")
    question = await alice.say(room, "lunch is at noon")
    asked = await alice.say(room, "!pathfinder show Uganda")  # a command is still answered
    assert "Uganda" in (await alice.answer_to(asked, bot.user_id))["content"]["body"]
    await bot.adapter.wait_until(lambda a: a.last_handled.get(room) == asked, 30)
    answered = {n["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
                for n in await alice.notices_from(room, bot.user_id)}
    assert chatter not in answered and question not in answered


async def test_a_direct_chat_is_known_from_m_direct_also_after_a_restart(bot_factory, person_factory):
    first = await bot_factory()
    alice = await person_factory("alice")
    direct = await alice.create_room(first.user_id, name="", direct=True)
    await alice.wait_for_membership(direct, first.user_id)
    await first.adapter.wait_until(lambda a: a.is_direct(direct), 30)
    assert "Uganda" in (await alice.answer_to(await alice.say(direct, "What about Uganda?"),
                                              first.user_id))["content"]["body"]
    await first.stop()

    again = await bot_factory(user=(first.user_id, first.password), data_dir=first.data_dir)
    assert again.adapter.is_direct(direct)  # read back from the account data, not remembered locally
    asked = await alice.say(direct, "action list")  # a bare command word works in a direct chat
    assert "Open action items" in (await alice.answer_to(asked, again.user_id))["content"]["body"]
