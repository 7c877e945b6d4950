"""Handler modules declare what they offer; the router finds them without a list to edit."""

from __future__ import annotations

import sys
import textwrap

import pytest

from bot.app import build_router
from bot.messages import Action, ListItem, Reply, action_command, reaction_key, reactions_of, rich
from bot.router import Router, handler_modules


def test_a_new_module_in_a_package_of_handlers_is_found_with_its_commands(tmp_path, monkeypatch):
    package = tmp_path / "extra_handlers"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "greetings.py").write_text(textwrap.dedent('''
        from bot.messages import Reply, rich
        from bot.router import Family, command, posts

        HELP_POSITION = 5
        GREET_FAMILY = Family("greet", "Say hello", when_empty="hello")

        @command("greet", "hello", usage="hello", summary="Hello")
        async def hello(ctx, args):
            return Reply(body=(rich("hello"),))

        @posts("greeting")
        async def render_greeting(ctx, occurrence):
            return None
    '''))
    monkeypatch.syspath_prepend(str(tmp_path))
    import extra_handlers

    try:
        router = Router().load(handler_modules(extra_handlers))
        assert list(router.commands) == ["greet"]
        assert router.resolve("greet", "").subcommand.name == "hello"  # a bare !greet, as declared
        assert set(router.posts) == {"greeting"}
        assert Router().commands == {}  # declaring changed no state: another router starts empty
    finally:
        for name in [m for m in sys.modules if m.startswith("extra_handlers")]:
            del sys.modules[name]


def test_every_handler_module_is_found_and_help_keeps_its_order():
    router = build_router()
    assert list(router.commands)[:4] == ["action", "event", "pathfinder", "remind"]
    assert {"poll", "survey", "meeting", "profile", "help"} <= set(router.commands)
    assert router.ask is not None
    assert {"reminder", "observance", "digest", "event", "nudge", "campaign", "poll", "follow_up", "intro"} \
        <= set(router.posts)
    assert router.overheard  # the meeting minutes hear "decision: …" lines
    # a command imported by another module (the minutes reuse action add) is registered once, where it lives
    assert router.commands["action"].subcommands["add"].handler.__module__ == "handlers.actions"
    assert all(s.handler.__module__ == "handlers.meetings" for s in router.commands["meeting"].subcommands.values())


def test_reactions_run_what_the_message_offered():
    card = Reply(
        items=(ListItem(rich("1. Monday"), actions=(Action("Vote", "poll_vote", "3 1", emoji="1\u20e3"),)),),
        actions=(Action("Mark done", "action_done", "A12", emoji="✅"), Action("Snooze", "remind_snooze", "R1 1h")),
        reactions=(Action("Reopen", "action_reopen", "A12", emoji="↩️"),),
    )
    offered = reactions_of(card)
    assert offered == {"1\u20e3": "poll_vote 3 1", "✅": "action_done A12", "↩": "action_reopen A12"}
    assert reaction_key("↩️") in offered and reaction_key("✅️") in offered  # with or without the selector
    assert action_command(Action("", "poll_vote", "3 1")) == ("poll", "vote 3 1")


def test_an_emoji_that_would_stand_for_several_commands_stands_for_none():
    """A list of open items has a ✅ button on each row: a ✅ on the list must not pick one of them."""
    rows = tuple(ListItem(rich(f"A{n}"), actions=(Action("Mark done", "action_done", f"A{n}", emoji="✅"),))
                 for n in (1, 2, 3))
    assert reactions_of(Reply(items=rows)) == {}
    assert reactions_of(Reply(items=rows[:1])) == {"✅": "action_done A1"}


@pytest.mark.parametrize("name", ["polls", "actions"])
def test_the_handler_modules_hold_no_register_function(name):
    import importlib

    assert not hasattr(importlib.import_module(f"handlers.{name}"), "register")
