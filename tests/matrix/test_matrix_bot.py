"""The bot on a real Synapse, talked to from separate matrix-nio clients."""

from __future__ import annotations

import html

from nio import RoomGetStateEventResponse, RoomPutStateResponse

from bot.messages import Reply, Target, rich
from talk import room_with_bot


def pill(user_id: str, name: str) -> str:
    return f'<a href="https://matrix.to/#/{user_id}">{html.escape(name)}</a>'


async def test_a_command_is_answered_with_an_html_notice_that_mentions_people(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    bob_name = bob.user_id[1:].split(":")[0]

    asked = await alice.say(room, f"!action add Send the toolkit owner {bob_name} due 14 May",
                            html=f"!action add Send the toolkit owner {pill(bob.user_id, bob_name)} due 14 May")
    answer = await alice.answer_to(asked, bot.user_id)

    content = answer["content"]
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert "A1 · Send the toolkit" in content["body"]
    assert "Action item A1 recorded." in content["body"]
    assert f"Owners: {bob_name}" in content["body"]  # the display name in plain text
    assert pill(bob.user_id, bob_name) in content["formatted_body"]  # a pill in HTML
    assert content["m.mentions"] == {"user_ids": [bob.user_id]}
    assert "!action done A1" in content["body"]  # buttons become the commands they stand for

    listed = await alice.answer_to(await alice.say(room, "!action list mine"), bot.user_id)
    assert "Nothing here." in listed["content"]["body"]  # bob owns it, not alice
    listed = await bob.answer_to(await bob.say(room, "!action list mine"), bot.user_id)
    assert "A1 Send the toolkit" in listed["content"]["body"]


async def test_user_text_is_escaped_and_never_pings_the_room(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)

    asked = await alice.say(room, '!action add <b>Fix</b> the "site" & tell @room')
    content = (await alice.answer_to(asked, bot.user_id))["content"]

    assert "&lt;b&gt;Fix&lt;/b&gt; the &quot;site&quot; &amp; tell" in content["formatted_body"]
    assert "<b>Fix</b>" not in content["formatted_body"]
    assert '<b>Fix</b> the "site" & tell' in content["body"]
    assert "@room" not in content["body"] and "@room" not in content["formatted_body"]
    assert "room" not in content["m.mentions"]


async def test_room_mentions_only_when_configured(bot_factory, person_factory):
    bot = await bot_factory(allow_room_mentions=True)
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)

    content = (await alice.answer_to(await alice.say(room, "!action add tell @room"), bot.user_id))["content"]

    assert "tell @room" in content["body"]
    assert content["m.mentions"]["room"] is True


async def test_questions_need_a_mention_in_a_room_but_not_in_a_direct_chat(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    bot_name = bot.user_id[1:].split(":")[0]

    unaddressed = await alice.say(room, "What about Uganda?")
    by_pill = await alice.say(room, f"{bot_name}: what about Uganda?",
                              html=f"{pill(bot.user_id, bot_name)}: what about Uganda?",
                              mentions=[bot.user_id])
    assert "Uganda" in (await alice.answer_to(by_pill, bot.user_id))["content"]["body"]
    by_name = await alice.say(room, f"{bot_name}, is Uganda a pathfinder?")
    assert "Uganda" in (await alice.answer_to(by_name, bot.user_id))["content"]["body"]
    by_id = await alice.say(room, f"{bot.user_id} Uganda?")
    assert "Uganda" in (await alice.answer_to(by_id, bot.user_id))["content"]["body"]
    await bot.adapter.wait_until(lambda a: a.last_handled.get(room) == by_id, 30)
    notices = await alice.notices_from(room, bot.user_id)
    assert unaddressed not in {n["content"].get("m.relates_to", {}).get("m.in_reply_to", {}).get("event_id")
                               for n in notices}

    direct = await alice.create_room(bot.user_id, name="", direct=True)
    await alice.wait_for_membership(direct, bot.user_id)
    asked = await alice.say(direct, "What about Uganda?")
    answer = (await alice.answer_to(asked, bot.user_id))["content"]
    assert answer["body"].startswith("Uganda")
    asked = await alice.say(direct, "action list")  # a bare command word works in a direct chat
    assert "Open action items" in (await alice.answer_to(asked, bot.user_id))["content"]["body"]


async def test_a_question_in_a_thread_is_answered_in_that_thread(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)

    root = await alice.say(room, "Planning the Uganda workshop")
    asked = await alice.say(room, "!pathfinder show Uganda", thread=root)
    relation = (await alice.answer_to(asked, bot.user_id))["content"]["m.relates_to"]
    assert relation["rel_type"] == "m.thread"
    assert relation["event_id"] == root

    outside = await alice.say(room, "!pathfinder show Uganda")
    relation = (await alice.answer_to(outside, bot.user_id))["content"]["m.relates_to"]
    assert relation == {"m.in_reply_to": {"event_id": outside}}


async def test_reactions_mark_an_action_item_done_and_reopen_it(bot_factory, person_factory):
    bot = await bot_factory()
    alice, carol = await person_factory("alice"), await person_factory("carol")
    room = await room_with_bot(alice, bot, carol)
    card = await alice.answer_to(await alice.say(room, "!action add Book the venue"), bot.user_id)

    refused = await carol.react(room, card["event_id"], "✅")
    answer = await carol.answer_to(card["event_id"], bot.user_id)  # the bot answers on its card
    assert "Only the creator, an owner or an admin can change A1." in answer["content"]["body"]
    del refused

    await alice.react(room, card["event_id"], "✅️")
    done = await alice.wait_for(lambda r, e: "A1 marked done." in e.source.get("content", {}).get("body", ""))
    assert done.sender == bot.user_id

    await alice.react(room, card["event_id"], "↩️")
    await alice.wait_for(lambda r, e: "A1 reopened." in e.source.get("content", {}).get("body", ""))
    shown = await alice.answer_to(await alice.say(room, "!action show A1"), bot.user_id)
    assert "Status: open" in shown["content"]["body"]


async def test_a_done_reaction_on_a_list_of_items_marks_none_of_them(bot_factory, person_factory):
    """Each row of a list has its own "Mark done": a ✅ on the whole list must not pick one."""
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    for text in ("Book the venue", "Send the agenda"):
        await alice.answer_to(await alice.say(room, f"!action add {text}"), bot.user_id)
    listed = await alice.answer_to(await alice.say(room, "!action list"), bot.user_id)
    assert "A1" in listed["content"]["body"] and "A2" in listed["content"]["body"]
    await alice.react(room, listed["event_id"], "✅")
    # the list of open items, read after the reaction (events are handled in order): both still there
    shown = await alice.answer_to(await alice.say(room, "!action list"), bot.user_id)
    assert "A1" in shown["content"]["body"] and "A2" in shown["content"]["body"], shown["content"]["body"]


async def test_room_moderators_count_as_admins_when_configured(bot_factory, person_factory):
    bot = await bot_factory(moderators_are_admins=True)
    alice, bob, carol = [await person_factory(n) for n in ("alice", "bob", "carol")]
    room = await room_with_bot(alice, bot, bob, carol)
    await alice.answer_to(await alice.say(room, "!action add Draft the agenda"), bot.user_id)

    levels = await alice.client.room_get_state_event(room, "m.room.power_levels")
    assert isinstance(levels, RoomGetStateEventResponse), levels
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), bob.user_id: 50}
    put = await alice.client.room_put_state(room, "m.room.power_levels", content)
    assert isinstance(put, RoomPutStateResponse), put

    answer = await carol.answer_to(await carol.say(room, "!action done A1"), bot.user_id)
    assert "Only the creator, an owner or an admin" in answer["content"]["body"]
    answer = await bob.answer_to(await bob.say(room, "!action done A1"), bot.user_id)
    assert "A1 marked done." in answer["content"]["body"]


async def test_moderators_are_not_admins_by_default(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    await alice.answer_to(await alice.say(room, "!action add Draft the agenda"), bot.user_id)
    levels = await alice.client.room_get_state_event(room, "m.room.power_levels")
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), bob.user_id: 50}
    await alice.client.room_put_state(room, "m.room.power_levels", content)

    answer = await bob.answer_to(await bob.say(room, "!action done A1"), bot.user_id)
    assert "Only the creator, an owner or an admin" in answer["content"]["body"]


async def test_the_bot_joins_only_rooms_allowed_inviters_invite_it_to(bot_factory, person_factory):
    alice, mallory = await person_factory("alice"), await person_factory("mallory")
    bot = await bot_factory(allowed_inviters=[alice.user_id])

    welcome = await alice.create_room(bot.user_id)
    await alice.wait_for_membership(welcome, bot.user_id, "join")
    elsewhere = await mallory.create_room(bot.user_id)
    await mallory.wait_for_membership(elsewhere, bot.user_id, "leave")  # declined

    asked = await alice.say(welcome, "!action list")
    assert "Open action items" in (await alice.answer_to(asked, bot.user_id))["content"]["body"]


async def test_a_scheduled_post_with_a_key_is_posted_once_even_across_a_restart(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    reminder = Reply(title="Reminder", body=(rich("The workshop starts in one hour."),))
    target = Target("matrix", f"matrix:{room}")

    first = await bot.adapter.send(target, reminder, key="occurrence:42")
    again = await bot.adapter.send(target, reminder, key="occurrence:42")
    assert again == first
    await bot.stop()
    bot = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir)
    after_restart = await bot.adapter.send(target, reminder, key="occurrence:42")
    assert after_restart == first
    other = await bot.adapter.send(target, reminder, key="occurrence:43")
    assert other != first

    bodies = [n["content"]["body"] for n in await alice.notices_from(room, bot.user_id)]
    assert bodies.count("Reminder\nThe workshop starts in one hour.") == 2  # occurrences 42 and 43
