"""Slack: its declaration for the rest of the bot (``PLATFORM``); the adapter is in ``adapter.py``."""

from __future__ import annotations

import re
from typing import Any

from bot.checks import Check
from bot.platforms import Platform
from bot.settings import Settings


def start(settings: Settings, core: Any) -> Any:
    from bot.adapters.slack.adapter import SlackAdapter

    return SlackAdapter(settings.slack, core)


async def doctor(settings: Settings) -> list[Check]:
    from bot.adapters.slack.doctor import check_slack

    return await check_slack(settings.slack)


PLATFORM = Platform(
    name="slack",
    # people are picked from Slack's @ list and arrive as <@U…>; a typed "@name" is not one of them
    person_id=re.compile(r"[UW][A-Z0-9]{1,30}"),
    enabled=lambda settings: settings.slack.enabled,
    start=start,
    doctor=doctor,
    secrets=lambda s: (s.slack.bot_token, s.slack.app_token, s.slack.signing_secret),
    command_labels=lambda settings: dict(settings.slack.commands),
)
