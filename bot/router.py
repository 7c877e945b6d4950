"""Maps a command and subcommand to its handler; anything else goes to Q&A.

A handler module declares what it offers at module level, and ``build_router`` finds it there:

    HELP_POSITION = 130  # where these commands come in !help
    POLL_FAMILY = Family("poll", N_("Polls: create, vote, results, close"), aliases={"new": "create"})

    @command("poll", "create", usage='create "<question>" options <a>, <b>', summary=N_("Ask a question"))
    async def create(ctx: Context, args: str) -> Reply: ...

A ``UsageError`` raised anywhere becomes one helpful reply here.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import ModuleType
from typing import TYPE_CHECKING, TypeVar

from bot.arguments import Argument, read_arguments
from bot.context import Context
from bot.errors import UsageError
from bot.forms import Form, HomeSection, MessageAction
from bot.i18n import N_
from bot.messages import Reply
from bot.planning import PLANS, Planner

if TYPE_CHECKING:
    from storage.occurrences import Claimed

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
class Family:
    """A command family as a handler module declares it: its name, what it is for, and how a bare or
    unknown first word is read."""

    name: str
    summary: str
    when_empty: str | None = None  # subcommand used for a bare "!action"
    otherwise: str | None = None  # subcommand used when the first word is not one ("!pathfinder Nepal")
    aliases: Mapping[str, str] = field(default_factory=dict)  # "ls" → "list"


@dataclass(frozen=True)
class Overhear:
    """Lines said in a conversation without addressing the bot that a handler still wants to see
    ("decision: …" during a meeting): matching ``pattern``, they run ``name sub <line>``."""

    pattern: re.Pattern[str]
    name: str
    sub: str


# writes a scheduled post of one kind (a reminder, a digest) when it falls due: its Reply, or None to skip it
PostWriter = Callable[[Context, "Claimed"], Awaitable[Reply | None]]
H = TypeVar("H", bound=Handler)
T = TypeVar("T", bound=Callable[..., Awaitable[Reply | list[Reply]]])  # a handler, with typed arguments or not
P = TypeVar("P", bound=PostWriter)
Greeter = Callable[[Context], Awaitable[Reply | None]]
G = TypeVar("G", bound=Greeter)
COMMAND_SPEC = "command_spec"  # the attribute ``command`` puts on a handler: (command, Subcommand)
FALLBACK = "answers_questions"  # the attribute ``fallback`` puts on the handler of everything else
POSTS = "writes_posts_of_kind"  # the attribute ``posts`` puts on a scheduled post's writer
GREETS = "greets_new_members"  # the attribute ``greets`` puts on what welcomes someone who joined


def command(name: str, sub: str = "", *, summary: str, usage: str | None = None, args: Sequence[Argument] = (),
            mutating: bool = False) -> Callable[[T], T]:
    """Declare a module-level function as the handler of ``!name sub``.

    Without ``args`` the handler gets the text after the subcommand: ``async def add(ctx, args: str)``.
    With typed ``args`` (``bot.arguments``) it gets their values, ``async def vote(ctx, poll_id: int,
    number: str)``, and ``usage`` may be left out: it is written from them ("vote <id> <number>"). An
    argument that does not read is refused with that usage."""
    def mark(handler: T) -> T:
        shown = usage if usage is not None else " ".join([sub, *(a.usage for a in args)]).strip()
        run: Handler = handler if not args else _reading(handler, args, f"{name} {sub}".strip())
        setattr(handler, COMMAND_SPEC, (name, Subcommand(sub, run, shown, summary, mutating)))
        return handler

    return mark


def _reading(handler: Callable[..., Awaitable[Reply | list[Reply]]], declared: Sequence[Argument],
             command_words: str) -> Handler:
    async def run(ctx: Context, text: str) -> Reply | list[Reply]:
        try:
            values = read_arguments(ctx, declared, text)
        except UsageError as exc:
            exc.usage = exc.usage or command_words  # shown with the usage written from the declaration
            raise
        return await handler(ctx, *values)

    return run


def fallback(handler: H, *, command: str | None = None) -> H:
    """Declare the handler of anything that is not a command (questions); ``command``, if given, is the
    command that asks it explicitly (a Slack ``/ask``)."""
    setattr(handler, FALLBACK, command or True)
    return handler


def posts(kind: str) -> Callable[[P], P]:
    """Declare a module-level function as the writer of scheduled posts of ``kind`` (an occurrence's kind)."""
    def mark(writer: P) -> P:
        setattr(writer, POSTS, kind)
        return writer

    return mark


def greets(greeter: G) -> G:
    """Declare what welcomes someone who joined a conversation the bot is in (None: no greeting there)."""
    setattr(greeter, GREETS, True)
    return greeter


def suggest(word: str, choices: list[str], limit: int = 2) -> list[str]:
    """The choices closest to a mistyped word ("lsit" → "list")."""
    if not word:
        return []
    from rapidfuzz import process  # on first use: it costs a start 4 MiB

    found = process.extract(word.lower(), choices, limit=limit, score_cutoff=60)
    return [choice for choice, _score, _index in found]


def handler_modules(package: ModuleType) -> list[ModuleType]:
    """Every module of a package of handlers, in the order their commands come in !help."""
    modules = [importlib.import_module(f"{package.__name__}.{found.name}")
               for found in pkgutil.iter_modules(package.__path__)]
    return sorted(modules, key=lambda m: (getattr(m, "HELP_POSITION", 1000), m.__name__))


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
        self.ask_command: str | None = None  # the command that asks a question explicitly ("ask")
        #: lines said in a conversation without addressing the bot that a handler still wants to see
        #: (e.g. "decision: …" during a meeting): pattern → (command, subcommand)
        self.overheard: list[tuple[re.Pattern[str], tuple[str, str]]] = []
        #: scheduled posts' kind ("reminder") → what writes them
        self.posts: dict[str, PostWriter] = {}
        #: what plans the scheduled posts (``bot.planning.plans``), in the handler modules' order
        self.planners: list[Planner] = []
        #: what welcomes someone who joined a conversation (``greets``), if a module declares it
        self.greet: Greeter | None = None
        #: what platforms draw besides commands (``bot.forms``): forms, actions on a message, home sections
        self.forms: list[Form] = []
        self.message_actions: list[MessageAction] = []
        self.home_sections: list[HomeSection] = []

    # registration ---------------------------------------------------------
    def define(self, name: str, summary: str, *, when_empty=None, otherwise=None, aliases=None) -> Command:
        command = self.commands.setdefault(name, Command(name))
        command.summary = summary
        command.when_empty = when_empty
        command.otherwise = otherwise
        command.aliases.update(aliases or {})
        return command

    def load(self, modules: Iterable[ModuleType]) -> Router:
        """Take what each module declares at module level: its families, handlers, overheard lines, forms,
        message actions and home sections."""
        for module in modules:
            for value in vars(module).values():
                if isinstance(value, Family):
                    self.define(value.name, value.summary, when_empty=value.when_empty, otherwise=value.otherwise,
                                aliases=dict(value.aliases))
                elif isinstance(value, Overhear):
                    self.overhear(value.pattern, value.name, value.sub)
                elif isinstance(value, Form):
                    self.forms.append(value)
                elif isinstance(value, MessageAction):
                    self.message_actions.append(value)
                elif isinstance(value, HomeSection):
                    self.home_sections.append(value)
                elif callable(value) and getattr(value, "__module__", None) == module.__name__:
                    if getattr(value, FALLBACK, False):
                        self.ask = value
                        asked_by = getattr(value, FALLBACK)
                        self.ask_command = asked_by if isinstance(asked_by, str) else None
                    if getattr(value, POSTS, None) is not None:
                        self.posts[getattr(value, POSTS)] = value
                    if getattr(value, PLANS, False):
                        self.planners.append(value)
                    if getattr(value, GREETS, False):
                        self.greet = value
                    spec = getattr(value, COMMAND_SPEC, None)
                    if spec is not None:
                        name, subcommand = spec
                        self.commands.setdefault(name, Command(name)).subcommands[subcommand.name] = subcommand
        return self

    def overhear(self, pattern: re.Pattern[str], name: str, sub: str) -> None:
        """Route channel lines matching ``pattern`` (not addressed to the bot) to ``name sub <line>``."""
        self.overheard.append((pattern, (name, sub)))

    def overheard_route(self, text: str) -> tuple[str, str] | None:
        for pattern, (name, sub) in self.overheard:
            if pattern.match(text):
                return name, f"{sub} {text.strip()}"
        return None

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
        if not name:  # "!" alone
            raise UsageError(N_("A command's name goes right after the prefix."), usage="help")
        if command is None:
            raise UsageError(
                N_('I don\'t know the command "{name}".'),
                values={"name": name},
                suggestions=suggest(name, list(self.commands)),
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
            suggestions=[f"{name} {s}" for s in suggest(word, list(command.subcommands))],
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
