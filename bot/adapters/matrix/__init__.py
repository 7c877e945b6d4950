"""Matrix: its declaration for the rest of the bot (``PLATFORM``); the adapter is in ``adapter.py``."""

from __future__ import annotations

import re
from typing import Any

from bot.checks import Check
from bot.i18n import N_
from bot.platforms import Platform
from bot.settings import Settings

ROOM_ID = re.compile(r"^![A-Za-z0-9._=/+-]+:[A-Za-z0-9.-]+(?::\d{1,5})?$")
ROOM_ALIAS = re.compile(r"^#[^\s:]+:[A-Za-z0-9.-]+(?::\d{1,5})?$")


def start(settings: Settings, core: Any) -> Any:
    from bot.adapters.matrix.adapter import MatrixAdapter

    return MatrixAdapter(settings.matrix, app=core)


async def doctor(settings: Settings) -> list[Check]:
    from bot.adapters.matrix.doctor import check_matrix, check_matrix_encryption

    return [*await check_matrix(settings.matrix), *await check_matrix_encryption(settings)]


def typed_person(text: str) -> str | None:
    return text if text.startswith("@") else None  # "@alice:example.org" is the id itself


def typed_room(text: str) -> str | None:
    return text if ROOM_ID.match(text) else None


def room_hint(text: str) -> str | None:
    if ROOM_ALIAS.match(text):
        return N_("Please give the room's id (it starts with !, in the room's settings under "
                  "Advanced) rather than its address {alias}.")
    return None


def server_of(native: str) -> str:
    """People and rooms see the profiles of their own homeserver: ``@a:example.org`` → matrix:example.org."""
    return f"matrix:{native.split(':', 1)[1]}" if ":" in native else "matrix"


PLATFORM = Platform(
    name="matrix",
    person_id=re.compile(r"@[A-Za-z0-9._=\-/+]{1,200}:[A-Za-z0-9.\-]{1,200}(?::\d{1,5})?"),
    enabled=lambda settings: settings.matrix.enabled,
    start=start,
    doctor=doctor,
    leader_key=lambda settings: f"matrix:{settings.matrix.user_id}",  # one sync loop per account
    secrets=lambda s: (s.matrix.password, s.matrix.access_token),
    typed_person=typed_person,
    typed_conversation=typed_room,
    conversation_hint=room_hint,
    workspace=server_of,
)
