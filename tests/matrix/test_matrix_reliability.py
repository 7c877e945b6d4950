"""Restarts, a homeserver that goes away, encrypted rooms: the bot on a real Synapse."""

from __future__ import annotations

import logging
from datetime import timedelta

from nio import MegolmEvent, RoomMessageNotice

from storage import deliveries
from talk import replies_to, room_with_bot


async def test_a_restart_answers_nothing_twice_and_loses_nothing_younger_than_the_limit(
    bot_factory, person_factory
):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    token_before = bot.adapter.sync_token

    before = await alice.say(room, "!action add Answered before the restart")
    await alice.answer_to(before, bot.user_id)
    await bot.stop()
    # As if the bot had died after answering but before saving its sync token:
    # the homeserver will deliver that message again.
    async with bot.app.sessions.begin() as session:
        await deliveries.set_state(session, "matrix", "sync_token", token_before)
    await bot.app.close()

    while_down = await alice.say(room, "!action add Sent while the bot was down")
    bot = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir, clock=bot.clock)
    answer = await alice.answer_to(while_down, bot.user_id)
    assert "Action item A2 recorded." in answer["content"]["body"]

    answered = [replies_to(n) for n in await alice.notices_from(room, bot.user_id)]
    assert answered.count(before) == 1
    assert answered.count(while_down) == 1

    # A command older than max_command_age_seconds (10 minutes) when the bot comes back is skipped.
    await bot.stop()
    stale = await alice.say(room, "!action add Too old to answer")
    bot.clock.shift = timedelta(minutes=11)  # the bot comes back eleven minutes later
    bot = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir, clock=bot.clock)
    bot.clock.shift = timedelta(0)

    listed = await alice.answer_to(await alice.say(room, "!action list"), bot.user_id)
    assert "A2 Sent while the bot was down" in listed["content"]["body"]
    assert "Too old" not in listed["content"]["body"]
    answered = [replies_to(n) for n in await alice.notices_from(room, bot.user_id)]
    assert stale not in answered
    assert answered.count(before) == 1 and answered.count(while_down) == 1


async def test_after_a_busy_outage_every_young_command_is_answered_once(bot_factory, person_factory):
    """More commands arrive while the bot is down than one sync carries (50 a room)."""
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    await bot.stop()

    asked = [await alice.say(room, f"!action add Backlog item {n}") for n in range(1, 56)]
    bot = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir)

    answered = [replies_to(n) for n in await alice.notices_from(room, bot.user_id)]
    assert [answered.count(event_id) for event_id in asked] == [1] * len(asked)


async def test_the_very_first_start_skips_room_history(bot_factory, person_factory, synapse):
    alice = await person_factory("alice")
    bot_user = (synapse.register_user(f"bot-{alice.user_id[7:15]}", "pw-first-start"), "pw-first-start")
    room = await alice.create_room(bot_user[0])
    old = await alice.say(room, "!action add Said before the bot ever ran")

    bot = await bot_factory(user=bot_user)  # joins on its first sync; history is not answered
    await alice.wait_for_membership(room, bot.user_id)
    listed = await alice.answer_to(await alice.say(room, "!action list"), bot.user_id)
    assert "Nothing here." in listed["content"]["body"]
    assert old not in [replies_to(n) for n in await alice.notices_from(room, bot.user_id)]


async def test_a_homeserver_that_goes_away_is_retried_and_the_bot_resumes(
    bot_factory, person_factory, synapse, caplog
):
    bot = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    await alice.answer_to(await alice.say(room, "!action add Before the outage"), bot.user_id)

    caplog.set_level(logging.WARNING, logger="alliance_bot.matrix")
    synapse.stop()
    try:
        await bot.adapter.wait_until(lambda adapter: adapter.sync_failures >= 2, 30)
    finally:
        synapse.start()
    await bot.adapter.wait_until(lambda adapter: adapter.sync_failures == 0, 90)
    assert "homeserver unreachable" in caplog.text
    assert not bot.task.done()

    listed = await alice.answer_to(await alice.say(room, "!action list"), bot.user_id)
    assert "A1 Before the outage" in listed["content"]["body"]


async def test_an_encrypted_room_round_trip(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice", encrypted=True)
    room = await room_with_bot(alice, bot, encrypted=True)

    await alice.say(room, "!action add Keep this between us")
    answer = await alice.wait_for(lambda r, e: r == room and getattr(e, "sender", "") == bot.user_id
                                  and isinstance(e, (RoomMessageNotice, MegolmEvent)))

    assert isinstance(answer, RoomMessageNotice)  # it came encrypted, and alice could decrypt it
    assert "Action item A1 recorded." in answer.body
    assert answer.decrypted
    raw = await alice.client.room_messages(room, limit=20)
    assert any(isinstance(e, MegolmEvent) or getattr(e, "decrypted", False) for e in raw.chunk)


async def test_without_encryption_support_the_bot_says_once_that_it_cannot_read_the_room(
    bot_factory, person_factory
):
    bot = await bot_factory(encryption=False)
    alice = await person_factory("alice", encrypted=True)
    room = await room_with_bot(alice, bot, encrypted=True)

    await alice.say(room, "!action list")
    notice = await alice.wait_for(lambda r, e: r == room and isinstance(e, RoomMessageNotice))
    assert "end-to-end encrypted" in notice.body

    second = await alice.say(room, "!help")
    await bot.adapter.wait_until(lambda adapter: adapter.last_handled.get(room) == second, 30)
    notices = await alice.notices_from(room, bot.user_id)
    assert len(notices) == 1
