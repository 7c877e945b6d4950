"""A campaign and a survey on a real Synapse: started, fed and answered from the room."""

from __future__ import annotations

from talk import room_with_bot


async def test_a_campaign_is_started_and_fed_from_a_room(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    started = await alice.answer_to(await alice.say(room, "!campaign start World Day Against Child Labour"),
                                    bot.user_id)
    assert "Campaign C1 started." in started["content"]["body"]
    added = await bob.answer_to(await bob.say(room, "!highlight Nepal A national plan was adopted"), bot.user_id)
    assert "Highlight H1 added to C1." in added["content"]["body"]
    listed = await alice.answer_to(await alice.say(room, "!campaign list"), bot.user_id)
    assert "1 highlights, 0 champions" in listed["content"]["body"]


async def test_a_survey_is_answered_from_a_room(bot_factory, person_factory):
    bot = await bot_factory()
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    made = await alice.answer_to(await alice.say(
        room, '!survey create "Feedback" questions Was it useful? (yes, no); What to improve?'), bot.user_id)
    assert "Survey S1 created." in made["content"]["body"]
    answered = await bob.answer_to(await bob.say(room, "!survey answer S1 1 yes"), bot.user_id)
    assert "Your answer to S1, question 1: yes" in answered["content"]["body"]
    results = await alice.answer_to(await alice.say(room, "!survey results S1"), bot.user_id)
    assert "yes: 1; no: 0" in results["content"]["body"] and bob.user_id not in results["content"]["body"]
