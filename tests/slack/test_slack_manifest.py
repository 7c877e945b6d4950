"""The app manifest creates the app the adapter expects, with least privilege."""

from __future__ import annotations

from pathlib import Path

import yaml

import bot.adapters.slack.adapter as slack_adapter
from bot.app import build_router
from bot.settings import SlackCommandNames

MANIFEST = Path(slack_adapter.__file__).with_name("manifest.yaml")
# Slack's own slash commands: a custom command with one of these names would never be reached.
BUILT_IN = {"/remind", "/status", "/invite", "/who", "/away", "/active", "/dnd", "/feed", "/msg", "/dm", "/me",
            "/shrug", "/topic", "/leave", "/join", "/mute", "/open", "/search", "/collapse", "/expand", "/apps",
            "/archive", "/call", "/shortcuts", "/prefs", "/remove", "/kick", "/rename", "/help", "/giphy",
            "/feedback", "/star", "/mention", "/purpose", "/discover"}


def test_the_manifest_matches_what_the_adapter_listens_for():
    manifest = yaml.safe_load(MANIFEST.read_text())
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    assert commands == set(dict(SlackCommandNames()).values())
    assert not commands & BUILT_IN
    assert all(c["should_escape"] for c in manifest["features"]["slash_commands"])  # @names arrive as ids
    shortcuts = manifest["features"]["shortcuts"]
    assert all(s["type"] == "message" for s in shortcuts)
    assert {s["callback_id"] for s in shortcuts} == {a.key for a in build_router().message_actions}
    settings = manifest["settings"]
    assert set(settings["event_subscriptions"]["bot_events"]) == {"app_home_opened", "app_mention", "message.im",
                                                                  "function_executed", "member_joined_channel"}
    assert settings["interactivity"]["is_enabled"] and settings["socket_mode_enabled"]
    assert manifest["features"]["app_home"]["home_tab_enabled"]
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "app_mentions:read", "chat:write", "commands", "im:history", "im:write", "users:read",
        "channels:history", "groups:history", "files:write", "files:read",
        "mpim:write", "channels:read", "groups:read",  # introductions and greetings (issue 16)
    }
