"""Maps a command and subcommand to its handler; anything else goes to Q&A.

Handlers register with ``@router.command("action", "add", usage=..., summary=...)``.
A ``UsageError`` raised anywhere becomes one helpful reply here.
"""

from __future__ import annotations

import re

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from rapidfuzz import process

from bot.context import Context
from bot.errors import UsageError
from bot.i18n import N_
from bot.messages import Reply

Handler = Callable[[Context, str], Awaitable[Reply | list[Reply]]]


@dataclass
class Subcommand:
    name: str
    handler: Handler
    usage: str  # without the command label: "add <text> [due <date>]"
    summary: str
    mutating: bool = False


@dataclass
class Command:
    name: str
    summary: str = ""
    subcommands: dict[str, Subcommand] = field(default_factory=dict)
    when_empty: str | None = None  # subcommand used for a bare "!action"
    otherwise: str | None = None  # subcommand used when the first word is not one ("!pathfinder Nepal")
    aliases: dict[str, str] = field(default_factory=dict)  # "ls" → "list"

    @property
    def description(self) -> str:
        """What the command is for: its own summary, or that of its only subcommand."""
        if self.summary or len(self.subcommands) != 1:
            return self.summary
        return next(iter(self.subcommands.values())).summary


@dataclass(frozen=True)
class Route:
    command: Command
    subcommand: Subcommand
    args: str


def split_first(text: str) -> tuple[str, str]:
    parts = text.strip().split(None, 1)
    if not parts:
        return "", ""
    return parts[0], parts[1].strip() if len(parts) > 1 else ""


class Router:
    def __init__(self) -> None:
        self.commands: dict[str, Command] = {}
        self.ask: Handler | None = None
        #: lines said in a conversation without addressing the bot that a handler still wants to see
        #: (e.g. "decision: …" during a meeting): pattern → (command, subcommand)
        self.overheard: list[tuple[re.Pattern[str], tuple[str, str]]] = []

    # registration ---------------------------------------------------------
    def define(self, name: str, summary: str, *, when_empty=None, otherwise=None, aliases=None) -> Command:
        command = self.commands.setdefault(name, Command(name))
        command.summary = summary
        command.when_empty = when_empty
        command.otherwise = otherwise
        command.aliases.update(aliases or {})
        return command

    def command(self, name: str, sub: str = "", *, usage: str, summary: str, mutating: bool = False):
        def register(handler: Handler) -> Handler:
            command = self.commands.setdefault(name, Command(name))
            command.subcommands[sub] = Subcommand(sub, handler, usage, summary, mutating)
            return handler

        return register

    def overhear(self, pattern: re.Pattern[str], name: str, sub: str) -> None:
        """Route channel lines matching ``pattern`` (not addressed to the bot) to ``name sub <line>``."""
        self.overheard.append((pattern, (name, sub)))

    def overheard_route(self, text: str) -> tuple[str, str] | None:
        for pattern, (name, sub) in self.overheard:
            if pattern.match(text):
                return name, f"{sub} {text.strip()}"
        return None

    def fallback(self, handler: Handler) -> Handler:
        self.ask = handler
        return handler

    # routing --------------------------------------------------------------
    def command_name(self, text: str, prefix: str, *, bare_words: bool) -> tuple[str, str] | None:
        """Find "<prefix>name rest"; in DMs and mentions also "name rest"."""
        stripped = text.strip()
        if prefix and stripped.startswith(prefix):
            word, rest = split_first(stripped[len(prefix) :])
            return word.lower(), rest
        if bare_words:
            word, rest = split_first(stripped)
            if word.lower() in self.commands and self._reads_as_command(word.lower(), rest):
                return word.lower(), rest
        return None

    def _reads_as_command(self, name: str, rest: str) -> bool:
        """Without the prefix, "action items owned by IOM" is a question that starts with a command's
        name: it is read as the command only when what follows is one of its subcommands or close to
        one ("action dnoe A3" still gets "did you mean")."""
        try:
            self.resolve(name, rest)
        except UsageError as exc:
            return bool(exc.suggestions)
        return True

    def resolve(self, name: str, args: str) -> Route:
        command = self.commands.get(name)
        if command is None:
            raise UsageError(
                N_('I don\'t know the command "{name}".'),
                values={"name": name},
                suggestions=self.suggest(name, list(self.commands)),
                usage="help",
            )
        if "" in command.subcommands and len(command.subcommands) == 1:
            return Route(command, command.subcommands[""], args)
        word, rest = split_first(args)
        word_key = command.aliases.get(word.lower(), word.lower())
        if not word and command.when_empty:
            return Route(command, command.subcommands[command.when_empty], "")
        if word_key in command.subcommands:
            return Route(command, command.subcommands[word_key], rest)
        if command.otherwise:
            return Route(command, command.subcommands[command.otherwise], args)
        raise UsageError(
            N_('"{word}" is not something {name} can do.') if word else N_("{name} needs a subcommand."),
            values={"word": word, "name": name},
            suggestions=[f"{name} {s}" for s in self.suggest(word, list(command.subcommands))],
            usage=f"help {name}",
        )

    def resolve_known(self, name: str, args: str) -> Route | None:
        """As ``resolve``, but None when ``args`` begins with none of the command's subcommands (and it
        has no catch-all): the words may be a question rather than a mistyped command."""
        command = self.commands.get(name)
        if command is not None and not command.otherwise and not (
                "" in command.subcommands and len(command.subcommands) == 1):
            word, _rest = split_first(args)
            if word and command.aliases.get(word.lower(), word.lower()) not in command.subcommands:
                return None
        return self.resolve(name, args)

    @staticmethod
    def suggest(word: str, choices: list[str], limit: int = 2) -> list[str]:
        if not word:
            return []
        found = process.extract(word.lower(), choices, limit=limit, score_cutoff=60)
        return [choice for choice, _score, _index in found]
