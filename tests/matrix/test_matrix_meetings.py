"""Meeting minutes on a real Synapse: lines said in the room during a meeting are minuted without
addressing the bot, and the minutes name who spoke."""

from __future__ import annotations

from talk import room_with_bot


async def test_lines_said_in_a_room_during_a_meeting_are_minuted(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    started = await alice.answer_to(await alice.say(room, "!meeting start Pathfinder check-in"), bot.user_id)
    assert "Meeting M1 started." in started["content"]["body"]
    await bob.say(room, "decision: Nepal's update goes in the June digest")
    await alice.say(room, "info: two workshops are planned")
    await bob.say(room, "thanks all")  # ordinary talk
    minutes = (await alice.answer_to(await alice.say(room, "!meeting end"), bot.user_id))["content"]
    assert "Minutes: Pathfinder check-in" in minutes["body"]
    assert "Nepal's update goes in the June digest" in minutes["body"]
    assert "two workshops are planned" in minutes["body"] and "thanks all" not in minutes["body"]
    assert "Decisions (1)" in minutes["body"] and "Information (1)" in minutes["body"]


async def test_a_poll_is_voted_by_reacting_with_a_keycap_digit(bot_factory, person_factory):
    bot = await bot_factory()
    alice, carol = await person_factory("alice"), await person_factory("carol")
    room = await room_with_bot(alice, bot, carol)
    card = await alice.answer_to(await alice.say(room, '!poll create "Next call?" options Monday, Friday'),
                                 bot.user_id)
    assert "P1 · Next call?" in card["content"]["body"]
    await carol.react(room, card["event_id"], "2️⃣")
    await alice.react(room, card["event_id"], "👍")  # not a vote
    await carol.wait_for(lambda r, e: "Your vote on P1: Friday." in e.source.get("content", {}).get("body", ""))
    shown = await alice.answer_to(await alice.say(room, "!poll results P1"), bot.user_id)
    body = shown["content"]["body"]
    assert "2. Friday — 1 vote" in body and "1. Monday — 0 votes" in body


async def test_replying_save_as_resource_shares_the_link_of_the_message_replied_to(bot_factory, person_factory):
    from nio import RoomSendResponse

    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    original = await alice.say(room, "Our guide for country teams: https://example.org/guide")
    sent = await bob.client.room_send(room, "m.room.message", {  # a reply as current clients send it: no fallback
        "msgtype": "m.text", "body": "save as resource", "m.relates_to": {"m.in_reply_to": {"event_id": original}}},
        ignore_unverified_devices=True)
    assert isinstance(sent, RoomSendResponse)
    answer = (await bob.answer_to(sent.event_id, bot.user_id))["content"]["body"]
    assert "Resource L1 saved." in answer and "https://example.org/guide" in answer
    assert "Our guide for country teams" in answer
    found = await alice.answer_to(await alice.say(room, "!resource find guide"), bot.user_id)
    assert "Our guide for country teams" in found["content"]["body"]


async def test_a_poll_is_also_a_native_matrix_poll_whose_answers_count(bot_factory, person_factory):
    from nio import RoomSendResponse

    bot = await bot_factory()
    alice, carol = await person_factory("alice"), await person_factory("carol")
    room = await room_with_bot(alice, bot, carol)
    await alice.say(room, '!poll create "Next call?" options Monday, Friday')
    start = await carol.wait_for(lambda r, e: e.source.get("type") == "org.matrix.msc3381.poll.start")
    assert start.sender == bot.user_id
    poll = start.source["content"]["org.matrix.msc3381.poll.start"]
    assert poll["question"]["org.matrix.msc1767.text"] == "Next call?" and poll["max_selections"] == 1
    assert [a["org.matrix.msc1767.text"] for a in poll["answers"]] == ["Monday", "Friday"]
    friday = next(a["id"] for a in poll["answers"] if a["org.matrix.msc1767.text"] == "Friday")
    sent = await carol.client.room_send(room, "org.matrix.msc3381.poll.response", {  # as Element answers
        "org.matrix.msc3381.poll.response": {"answers": [friday]},
        "m.relates_to": {"rel_type": "m.reference", "event_id": start.event_id}}, ignore_unverified_devices=True)
    assert isinstance(sent, RoomSendResponse)
    await carol.wait_for(lambda r, e: "Your vote on P1: Friday." in e.source.get("content", {}).get("body", ""))
    shown = await alice.answer_to(await alice.say(room, "!poll results P1"), bot.user_id)
    assert "2. Friday — 1 vote" in shown["content"]["body"]


async def test_a_keycap_on_the_native_poll_votes_as_on_the_card(bot_factory, person_factory):
    """A client without native polls shows the numbered fallback: reacting with a number there votes."""
    bot = await bot_factory()
    alice, carol = await person_factory("alice"), await person_factory("carol")
    room = await room_with_bot(alice, bot, carol)
    await alice.say(room, '!poll create "Next call?" options Monday, Friday')
    start = await carol.wait_for(lambda r, e: e.source.get("type") == "org.matrix.msc3381.poll.start")
    await carol.react(room, start.event_id, "2️⃣")
    await carol.wait_for(lambda r, e: "Your vote on P1: Friday." in e.source.get("content", {}).get("body", ""))
    await carol.react(room, start.event_id, "ballot")  # any text can be a reaction: this one is no vote
    shown = await alice.answer_to(await alice.say(room, "!poll results P1"), bot.user_id)
    assert "2. Friday — 1 vote" in shown["content"]["body"], shown["content"]["body"]
