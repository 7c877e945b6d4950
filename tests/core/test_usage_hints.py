"""Every usage hint people are shown reads as written: the Slack manifest's hints and the examples
of "!help <command>" (issue 11)."""

from __future__ import annotations

from pathlib import Path

import yaml

import bot.adapters.slack.adapter as slack_adapter
from bot.messages import Tone
from bot.settings import SlackCommandNames
from handlers.help import EXAMPLES

MANIFEST = Path(slack_adapter.__file__).with_name("manifest.yaml")
PLACEHOLDERS = {"[command]"}


def manifest_hints() -> list[tuple[str, str]]:
    """(command, hint) for each alternative of each slash command's usage hint."""
    by_slash = {slash: name for name, slash in dict(SlackCommandNames()).items()}
    manifest = yaml.safe_load(MANIFEST.read_text())
    found = []
    for command in manifest["features"]["slash_commands"]:
        for hint in command.get("usage_hint", "").split(" | "):
            if hint and hint not in PLACEHOLDERS:
                found.append((by_slash[command["command"]], hint))
    return found


async def says_ok(chat, text: str) -> None:
    replies = await chat.replies(text, as_user="admin")
    assert replies, text
    for reply in replies:
        assert reply.tone != Tone.ERROR, (text, reply)


async def test_every_slack_usage_hint_is_read_as_written(database_url, app_factory):
    from tests.conftest import Chat

    app, clock = await app_factory(database_url, meeting_report=True)
    chat = Chat(app, clock)
    hints = manifest_hints()
    assert ("remind", "me tomorrow 9:00 send the toolkit") in hints and ("digest", "preview") in hints
    for command, hint in hints:
        if command == "ask":
            await says_ok(chat, hint)
        else:
            await says_ok(chat, f"!{command} {hint}")


async def test_every_help_example_is_read_as_written_and_shown(chat):
    for command, examples in EXAMPLES.items():
        shown = await chat.say(f"!help {command}")
        for example in examples:
            assert f"!{command} {example}" in shown
            await says_ok(chat, f"!{command} {example}")
    assert '"quotes"' in await chat.say("!help action") and '"confirm"' in await chat.say("!help event")


def examples_in(text: str) -> list[str]:
    return [e.strip('"') for e in text.split('", "')]


def test_the_date_and_time_examples_of_every_language_are_read_as_written():
    from datetime import UTC, datetime, time

    from bot.dates import DATE_EXAMPLES, DateReader
    from bot.i18n import I18n
    from bot.recurrence import WHEN_EXAMPLES, read_schedule

    now = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    i18n = I18n()
    for lang in ("en", "fr", "es"):
        tr = i18n.get(lang)
        dates, whens = examples_in(tr.t(DATE_EXAMPLES)), examples_in(tr.t(WHEN_EXAMPLES))
        assert len(dates) == 9 and len(whens) == 9
        if lang != "en":
            assert tr.t(DATE_EXAMPLES) != DATE_EXAMPLES and tr.t(WHEN_EXAMPLES) != WHEN_EXAMPLES
        for example in dates:
            DateReader().read(example, tz="Europe/Zurich", now=now)
        for example in whens:
            schedule, what = read_schedule(f"{example} x", tz="Europe/Zurich", now=now, default_time=time(9),
                                           languages=["en", "fr", "es"])
            assert what == "x", (lang, example)
