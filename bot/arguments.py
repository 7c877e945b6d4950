"""Typed arguments a command declares: ``@command("poll", "vote", args=(Ref("P"), Rest("<number>")))``.

The router reads them from the text in order (each a word, the last one the rest of the line) and
calls the handler with their values: ``async def vote(ctx, poll_id: int, number: str)``. A value that
does not read is refused with what was wrong and the command's usage, written from the declaration.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from bot.context import Context
from bot.errors import UsageError


class Argument(Protocol):
    @property
    def usage(self) -> str:
        """How it is written in the command's usage: "<id>"."""

    def read(self, ctx: Context, text: str) -> object:
        """Its value, or a ``UsageError`` saying what was wrong."""


def parse_ref(ctx: Context, text: str, prefix: str) -> int:
    """ "A12", "a12", "#12" or "12" → 12."""
    match = re.fullmatch(rf"\s*(?:{prefix}|#)?(\d{{1,9}})\s*", text, re.IGNORECASE)
    if not match:
        message = (
            ctx.t('"{text}" is not an id like {example}.', text=text.strip(), example=f"{prefix}12")
            if text.strip()
            else ctx.t("Please give an id like {example}.", example=f"{prefix}12")
        )
        raise UsageError(message)
    return int(match.group(1))


def stored_ref(ref: str, prefix: str) -> int:
    """The number of a reference the bot stored itself (an occurrence's "R12" → 12); a ValueError
    when it is not one, as for any corrupt row."""
    match = re.fullmatch(rf"{prefix}(\d{{1,9}})", ref)
    if not match:
        raise ValueError(f"not a {prefix} reference: {ref!r}")
    return int(match.group(1))


@dataclass(frozen=True)
class Ref:
    """An id like ``P12`` (also ``p12``, ``#12``, ``12``): the handler gets the number."""

    prefix: str
    usage: str = "<id>"

    def read(self, ctx: Context, text: str) -> int:
        return parse_ref(ctx, text, self.prefix)


@dataclass(frozen=True)
class Rest:
    """The rest of the line as typed (stripped), read further by the handler."""

    usage: str

    def read(self, ctx: Context, text: str) -> str:
        return text.strip()


def read_arguments(ctx: Context, declared: Sequence[Argument], text: str) -> list[object]:
    """The declared arguments' values from ``text``: one word each, the last one the rest of the line."""
    values: list[object] = []
    for number, argument in enumerate(declared):
        if number == len(declared) - 1:
            word, text = text, ""
        else:
            word, _, text = text.strip().partition(" ")
        values.append(argument.read(ctx, word))
    return values
