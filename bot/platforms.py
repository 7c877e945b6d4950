"""What the rest of the bot knows of each chat platform, declared in the platform's own folder.

A platform's module in ``bot/adapters/`` (a package's ``__init__.py``, or ``console.py``) sets
``PLATFORM = Platform(...)``: how a person's id looks there, how people and conversations are written
by hand, which settings turn it on, its secrets, its doctor check and how to start its adapter. The
runner, the doctor, the log filter and the handlers read these declarations, so adding a platform
touches only its folder, its settings section and the docs. Declarations import no platform SDK:
``start`` and ``doctor`` import theirs when called.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pydantic import SecretStr

    from bot.checks import Check
    from bot.settings import Settings

ADAPTERS_PACKAGE = "bot.adapters"


def _never(_settings: Settings) -> bool:
    return False


def _nothing(_settings: Settings) -> Sequence[SecretStr | str | None]:
    return ()


def _no_labels(_settings: Settings) -> dict[str, str]:
    return {}


def _not_by_hand(_text: str) -> str | None:
    return None


@dataclass(frozen=True)
class Platform:
    name: str
    person_id: re.Pattern[str]  # a person's native id; anything else is never shown as a mention
    enabled: Callable[[Settings], bool] = _never
    start: Callable[[Settings, Any], Any] | None = None  # (settings, Core) → its Adapter
    doctor: Callable[[Settings], Awaitable[list[Check]]] | None = None
    # one process at a time per account (a sync loop): the lease's name, or None when any number may run
    leader_key: Callable[[Settings], str | None] | None = None
    secrets: Callable[[Settings], Sequence[SecretStr | str | None]] = _nothing
    command_labels: Callable[[Settings], dict[str, str]] = _no_labels  # "action" → "/action"
    # a person typed by hand ("@alice:example.org") → the native id to check, or None where people are
    # only picked from the platform's list (Slack)
    typed_person: Callable[[str], str | None] = _not_by_hand
    # a conversation typed by hand ("!abc:example.org") → its native id, or None
    typed_conversation: Callable[[str], str | None] = _not_by_hand
    # for a conversation written in a way that cannot be used (a Matrix room's address), what to write
    # instead: a message to translate, with {alias} for what was written
    conversation_hint: Callable[[str], str | None] = _not_by_hand
    # the workspace a person or conversation (by native id) belongs to: who may see whose profile
    workspace: Callable[[str], str] | None = None

    def is_person(self, native: str) -> bool:
        return self.person_id.fullmatch(native) is not None

    def workspace_of(self, native: str) -> str:
        return self.workspace(native) if self.workspace is not None else self.name


@lru_cache(maxsize=1)
def platforms() -> Mapping[str, Platform]:
    """Every platform declared in ``bot/adapters/``, by name (found once, then kept)."""
    package = importlib.import_module(ADAPTERS_PACKAGE)
    found: dict[str, Platform] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        declared = getattr(importlib.import_module(f"{ADAPTERS_PACKAGE}.{info.name}"), "PLATFORM", None)
        if isinstance(declared, Platform):
            found[declared.name] = declared
    return MappingProxyType(found)


def platform_of(qualified_id: str) -> tuple[Platform | None, str]:
    """``matrix:@a:example.org`` → (the Matrix platform, ``@a:example.org``); an unknown prefix → None."""
    name, _, native = qualified_id.partition(":")
    return platforms().get(name), native


def is_person_id(user_id: str) -> bool:
    """``slack:U123``, ``matrix:@a:example.org``, ``console:alice``: a well-formed platform user id."""
    platform, native = platform_of(user_id)
    return platform is not None and platform.is_person(native)
