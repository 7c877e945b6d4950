"""Every command that changes something, tried by someone who may not: refused with a
clear reply, nothing changed, and the attempt audited and logged.

The list comes from the router, so a new mutating command fails this test until it
gets an example here (or is listed as open to everyone, with the reason).
"""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select

from bot.app import build_router
from storage import transfer
from storage.audit import AuditEntry
from tests.conftest import Chat

# what the owner (alice) sets up first, then what mallory tries
ATTEMPTS = {
    ("action", "done"): "A1",
    ("action", "reopen"): "A2",
    ("action", "cancel"): "A1",
    ("action", "delete"): "A1",
    ("action", "assign"): "A1 @mallory",
    ("action", "due"): "A1 next Friday",
    ("action", "edit"): "A1 Mallory was here",
    ("event", "edit"): "E1 title Mallory's party",
    ("event", "delete"): "E1",
    ("pathfinder", "update"): "Nepal status action plan adopted",
    ("remind", "cancel"): "R1",
    ("remind", "snooze"): "R1 2h",
    ("observance", "add"): "1 May International Workers' Day",
    ("resource", "delete"): "L1",
    ("campaign", "remove"): "H1",
    ("poll", "close"): "P1",
    ("survey", "close"): "S1",
    ("dashboard", "link"): "",
    ("dashboard", "revoke"): "",
    ("welcome", "set"): "Mallory was here",
    ("welcome", "off"): "",
}
REFUSALS = {
    "action": "Only the creator, an owner or an admin can change",
    "event": "Only the creator or an admin can change",
    "pathfinder": "Only admins can change pathfinder fields.",
    "remind": "Only the person who set R1",
    "observance": "Only an admin can add international days.",
    "resource": "Only whoever shared L1 or an admin can remove it.",
    "campaign": "Only whoever added H1 or an admin can remove it.",
    "poll": "Only whoever created P1 or an admin can close it.",
    "survey": "Only whoever created S1 or an admin can close it.",
    "dashboard": "Only an admin can",
    "welcome": "Only an admin can change the welcome here.",
}
# mutating, but meant for everyone
OPEN_TO_EVERYONE = {
    ("action", "add"): "anyone may record an action item",
    ("event", "add"): "anyone may add an event to the calendar",
    ("pathfinder", "note"): "anyone may add a dated note to a country's timeline",
    ("event", "import"): "anyone may add events to the calendar, from a file as well",
    ("event", "feed"): "anyone in a conversation may get (or renew) its calendar feed",
    ("digest", "subscribe"): "anyone in a conversation may have the weekly digest posted there",
    ("digest", "unsubscribe"): "anyone in a conversation may stop its digest",
    ("observance", "subscribe"): "anyone in a conversation may follow international days there",
    ("observance", "unsubscribe"): "anyone in a conversation may stop following them",
    ("remind", "set"): "anyone may set a reminder",
    ("lang", ""): "anyone may choose their language (a conversation's needs an admin, or a direct message)",
    ("tz", ""): "anyone may choose their time zone (a conversation's needs an admin, or a direct message)",
    ("resource", "add"): "anyone may share a link as a resource",
    ("campaign", "start"): "anyone in a conversation may start a campaign there for an international day",
    ("highlight", ""): "anyone may add a highlight to the conversation's campaign",
    ("champion", ""): "anyone may name a champion for the conversation's campaign",
    ("meeting", "start"): "anyone in a conversation may start minuting a meeting there",
    ("meeting", "note"): "anyone at the meeting may minute a line",
    ("meeting", "overheard"): "anyone at the meeting may minute a line, by saying it",
    ("meeting", "end"): "anyone at the meeting may end it (it only stops the minutes and posts them)",
    ("poll", "create"): "anyone in a conversation may ask it a question",
    ("poll", "vote"): "anyone in a conversation may vote in its polls",
    ("poll", "choose"): "anyone in a conversation may vote in its polls (a native poll's answer)",
    ("survey", "create"): "anyone in a conversation may send it a survey",
    ("survey", "answer"): "anyone may answer a survey of their workspace",
    ("profile", "set"): "anyone may fill in their own profile (only theirs)",
    ("profile", "save"): "anyone may fill in their own profile (only theirs), with the Slack form",
    ("profile", "delete"): "anyone may delete their own profile (only theirs)",
    ("intros", "join"): "anyone may ask to be introduced (only themselves)",
    ("intros", "pause"): "anyone may pause their own introductions",
    ("intros", "leave"): "anyone may stop their own introductions",
}


def mutating_subcommands() -> list[tuple[str, str]]:
    router = build_router()
    return sorted((c.name, s.name) for c in router.commands.values() for s in c.subcommands.values() if s.mutating)


def test_every_mutating_command_has_an_example():
    missing = [f"{c} {s}" for c, s in mutating_subcommands() if (c, s) not in ATTEMPTS | OPEN_TO_EVERYONE]
    assert not missing, f"add an example to ATTEMPTS (or OPEN_TO_EVERYONE) for: {', '.join(missing)}"


async def everything_but_the_audit(chat: Chat) -> dict:
    async with chat.app.sessions() as session:
        tables = (await transfer.export_all(session))["tables"]
    tables.pop("audit_entry")
    tables.pop("user_profile", None)
    tables.pop("channel_profile", None)
    return tables


@pytest.mark.parametrize("command,sub", [a for a in mutating_subcommands() if a in ATTEMPTS],
                         ids=lambda v: v)
async def test_a_stranger_is_refused(chat: Chat, command, sub, caplog):
    assert "recorded" in await chat.say("!action add Send the minutes owner @bob due 3 March 2027", as_user="alice")
    assert "recorded" in await chat.say("!action add Book the room", as_user="alice")
    assert "marked done" in await chat.say("!action done A2", as_user="alice")
    assert "added" in await chat.say("!event add Supply chains workshop on 14 May 2027 at Abidjan", as_user="alice")
    assert "R1" in await chat.say("!remind me tomorrow 9:00 send the minutes", as_user="alice")
    assert "saved" in await chat.say("!resource add https://example.org/guide title Guide", as_user="alice")
    assert "started" in await chat.say("!campaign start World Day Against Child Labour", as_user="alice")
    assert "added" in await chat.say("!highlight Nepal A plan was adopted", as_user="alice")
    assert "created" in await chat.say('!poll create "Day?" options Monday, Friday', as_user="alice")
    assert "created" in await chat.say('!survey create "Feedback" questions Useful? (yes, no)', as_user="alice")
    before = await everything_but_the_audit(chat)

    with caplog.at_level(logging.WARNING, logger="alliance_bot"):
        answer = await chat.say(f"!{command} {sub} {ATTEMPTS[command, sub]}", as_user="mallory")

    assert REFUSALS[command] in answer
    assert await everything_but_the_audit(chat) == before
    async with chat.app.sessions() as session:
        denied = (await session.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied"))).all()
    assert [(e.actor, e.action.split(".")[-1]) for e in denied] == [("console:mallory", sub)]
    assert any("refused" in r.getMessage() and "console:mallory" in r.getMessage() for r in caplog.records)
    assert chat.app.metrics.value("alliance_bot_commands_total",
                                  {"command": f"{command} {sub}", "outcome": "denied"}) == 1
