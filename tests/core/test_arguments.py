"""Typed arguments declared with a command (issue 15): the handler gets their values, and what does not
read is refused with the usage written from the declaration."""

from __future__ import annotations

import types

import pytest

from bot.arguments import Ref, Rest
from bot.messages import Reply
from bot.router import Router, command


async def test_an_id_that_does_not_read_is_refused_with_the_declared_usage(chat):
    await chat.say('!poll create "Which day?" options Monday, Tuesday')
    refused = await chat.say("!poll results banana")
    assert '"banana" is not an id like P12.' in refused and "Usage: !poll results <id>" in refused
    missing = await chat.say("!poll close")
    assert "Please give an id like P12." in missing and "Usage: !poll close <id>" in missing
    assert "Your vote on P1: Tuesday." in await chat.say("!poll vote p1 2")  # any way an id is written
    assert "Your vote on P1: Monday." in await chat.say("!poll vote #1 1")


async def test_help_shows_the_usage_written_from_the_declaration(chat):
    shown = await chat.say("!help poll")
    assert "vote <id> <number>" in shown and "results <id>" in shown
    assert "choose <id> <number> [<number> …]" in shown


class Said:
    """A stand-in context: only what reading an argument uses."""

    def t(self, message: str, /, **values: object) -> str:
        return message.format(**values)


@pytest.mark.parametrize("text, expected", [
    ("P7 3", (7, "3")),
    ("  p7   two words ", (7, "two words")),
    ("#7", (7, "")),
])
async def test_each_argument_is_a_word_and_the_last_the_rest_of_the_line(text, expected):
    got = []

    @command("thing", "do", args=(Ref("P"), Rest("<what>")), summary="")
    async def do(ctx, thing_id: int, what: str) -> Reply:
        got.append((thing_id, what))
        return Reply(body=())

    router = Router().load([types.SimpleNamespace(__name__=do.__module__, do=do)])  # as a handler module
    subcommand = router.commands["thing"].subcommands["do"]
    assert subcommand.usage == "do <id> <what>"
    await subcommand.handler(Said(), text)
    assert got == [expected]


async def test_someone_elses_item_is_refused_before_its_date_or_owners_are_read(chat):
    await chat.say("!action add Send the toolkit")
    not_yours = "Only the creator, an owner or an admin can change A1."
    assert not_yours in await chat.say("!action due A1 blorf", as_user="bob")
    assert not_yours in await chat.say("!action due A1 1 Jan 2001", as_user="bob")  # no "confirm" round trip first
    assert not_yours in await chat.say("!action assign A1 @nobody:x", as_user="bob")
    assert "There is no action item A99." in await chat.say("!action due A99 blorf")
    assert "Usage: !action due <id> <date>" in await chat.say("!action due banana tomorrow")
    moved = await chat.say("!action due A1 27 November 2026")
    assert "A1 is now due" in moved and "27" in moved
    assert "A1 now belongs to the owners below." in await chat.say("!action assign A1 UNICEF, ILO")
