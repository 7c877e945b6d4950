"""Questions about action items see every change at once, whatever was asked before."""

from __future__ import annotations


async def test_questions_follow_action_items_as_they_change(chat):
    await chat.say("!action add Translate the communications toolkit owner UNICEF group communications")
    await chat.say("!action add Book the room for the Abidjan workshop owner ILO")
    assert "UNICEF" in await chat.say("who owns the communications toolkit translation action")

    await chat.say("!action edit A1 Print the pathfinder brochure for partners")
    answer = await chat.say("who owns the pathfinder brochure action")
    assert "A1" in answer and "UNICEF" in answer

    await chat.say("!action assign A2 IOM")
    assert "Book the room" in await chat.say("what is open for IOM?")

    await chat.say("!action done A2")
    assert "Book the room" not in await chat.say("what is open for IOM?")
    assert "Print the pathfinder brochure" in await chat.say("what is open for UNICEF?")
