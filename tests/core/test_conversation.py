"""Help, unknown commands, questions, and what the bot ignores."""

from __future__ import annotations


async def test_help_lists_every_command_and_details_one(chat):
    reply = await chat.say("!help")
    for command in ("!action", "!event", "!pathfinder", "!help"):
        assert command in reply
    detail = await chat.say("!help action")
    # the usage line says that quotes delimit the text (issue 11)
    assert '!action add <text> or "<text>" [owner <@user|organisation>, …] [due <date>] [group <name>]' in detail
    assert "!action list [mine|open|overdue|done|all]" in detail


async def test_unknown_command_suggests_the_closest(chat):
    reply = await chat.say("!pathfindr Nepal")
    assert 'I don\'t know the command "pathfindr".' in reply
    assert "Did you mean: !pathfinder" in reply


async def test_the_prefix_alone_says_a_command_goes_after_it(chat):
    for text in ("!", "! "):
        reply = await chat.say(text)
        assert "A command's name goes right after the prefix." in reply and "!help" in reply, reply
        assert '""' not in reply


async def test_a_question_about_status_gets_the_card(chat):
    reply = await chat.say("what is the status of Nepal?")
    assert "Workshop: 7 February 2019" in reply


async def test_an_off_topic_question_points_to_help(chat):
    reply = await chat.say("what's the weather like?")
    # declined: says which word it did not understand and points to help
    assert "!help" in reply and "weather" in reply and all(r.declined for r in chat.last)


async def test_channel_chatter_without_prefix_or_mention_is_ignored(chat):
    assert await chat.replies("lunch anyone?", is_direct=False) == []
    assert await chat.replies("!pathfinder Nepal", is_direct=False) != []
    assert await chat.replies("status of Nepal", is_direct=False, mentions_bot=True) != []


async def test_a_refused_message_is_refused_in_the_persons_language(chat):
    await chat.say("!lang es")
    assert "carácter de control (U+0007)" in await chat.say("hola\x07 mundo")
    assert "caracteres; el límite es" in await chat.say("!action add " + "x" * 9000)
