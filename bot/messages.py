"""Neutral messages: what adapters hand to the router and what handlers hand back.

Nothing here knows about Slack, Matrix or the console. Every string in a
``Reply`` is plain user-visible text; adapters escape it for their own format.
The only markup-like things are ``Mention`` and ``Link`` spans, which each
adapter renders in its own way (a real Slack mention, a Matrix pill, a name).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Literal, Union

from bot.platforms import is_person_id

_LINK = re.compile(r"https?://[^\s<>|\"'`\\]+", re.IGNORECASE)


# C0 controls except tab, newline and carriage return; DEL; C1 controls (terminals act on some); and lone
# surrogates (what undecodable bytes or a JSON "\\udcff" become), which no database or terminal can encode
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def first_control_char(text: str) -> str | None:
    found = CONTROL_CHARS.search(text)
    return found.group() if found else None


def strip_control_chars(text: str) -> str:
    return CONTROL_CHARS.sub("", text)


def is_web_link(url: str) -> bool:
    """The one rule for every stored link: an http(s) address with a host, nothing else."""
    if not _LINK.fullmatch(url):
        return False
    host = url.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    return bool(host.rpartition("@")[2])


@dataclass(frozen=True)
class Mention:
    """A person on a platform, by platform-qualified id (``slack:U123``)."""

    user_id: str
    display: str | None = None

    @property
    def valid(self) -> bool:
        """A real platform id; renderers show anything else as text, never as a mention."""
        return is_person_id(self.user_id)

    @property
    def platform(self) -> str:
        return self.user_id.split(":", 1)[0]

    @property
    def native_id(self) -> str:
        return self.user_id.split(":", 1)[1] if ":" in self.user_id else self.user_id


@dataclass(frozen=True)
class Link:
    url: str
    label: str


class Moment(str):
    """An instant, written for the reader (``str``: "14 May 2027, 21:00 CEST") and carrying the
    instant itself (``at``, aware), so a platform that can show each reader their own time (Slack's
    ``<!date^…>``) does; everywhere else it is the text it is."""

    at: datetime

    def __new__(cls, text: str, at: datetime) -> Moment:
        if at.tzinfo is None:
            raise ValueError("a Moment needs an aware datetime")
        made = super().__new__(cls, text)
        made.at = at
        return made

    # copies and pickles keep the instant (str's stub allows only the text: __new__ here takes two)
    def __getnewargs__(self) -> tuple[str, datetime]:  # type: ignore[override]
        return str(self), self.at


Span = Union[str, Mention, Link]
"""One piece of rich text: plain text, a mention or a link."""

RichText = tuple[Span, ...]


def rich(*spans: Span | None | Literal[False]) -> RichText:
    """Build rich text, dropping empty pieces."""
    return tuple(s for s in spans if s is not None and s is not False and s != "")


@dataclass(frozen=True)
class Field:
    label: str
    value: RichText


@dataclass(frozen=True)
class Action:
    """A button: ``action_id`` names the command and subcommand ("action_done"), ``value`` its argument."""

    label: str
    action_id: str
    value: str
    style: str | None = None  # "primary" | "danger" | None
    # where a platform has reactions, this emoji on the posted message does the same ("✅" → done)
    emoji: str | None = None


@dataclass(frozen=True)
class ListItem:
    text: RichText
    detail: RichText = ()
    actions: tuple[Action, ...] = ()


class Visibility(StrEnum):
    CHANNEL = "channel"  # shared result, everyone in the conversation sees it
    PRIVATE = "private"  # only the asker (ephemeral on Slack)


class Tone(StrEnum):
    INFO = "info"
    SUCCESS = "success"
    ERROR = "error"


@dataclass(frozen=True)
class Attachment:
    """A file sent with a reply. An image carries its text alternative and its size in pixels."""

    filename: str
    content: bytes
    mimetype: str
    alt_text: str = ""
    size: tuple[int, int] | None = None  # (width, height) of an image

    @property
    def is_image(self) -> bool:
        return self.mimetype.startswith("image/")


@dataclass(frozen=True)
class Ballot:
    """A question people answer by choosing options: platforms with native polls (Matrix) show it as one."""

    question: str
    options: tuple[str, ...]
    max_selections: int = 1
    # the command an answer runs, with the chosen option numbers after its value ("poll_choose", "3")
    answer: Action | None = None


@dataclass(frozen=True)
class Subject:
    """What a reply is about, so reactions and buttons can find it again."""

    kind: str  # "action_item" | "event" | "pathfinder"
    ref: str  # human id, e.g. "A12"


@dataclass
class Reply:
    title: str | None = None
    body: tuple[RichText, ...] = ()  # paragraphs
    fields: tuple[Field, ...] = ()
    items: tuple[ListItem, ...] = ()
    more: int = 0  # items left out, shown as "and N more"
    more_hint: str | None = None  # how to see the rest
    actions: tuple[Action, ...] = ()
    footer: str | None = None
    visibility: Visibility = Visibility.CHANNEL
    tone: Tone = Tone.INFO
    attachment: Attachment | None = None
    subject: Subject | None = None
    lang: str | None = None  # the language it is written in ("fr"): adapters write their own words in it
    ballot: Ballot | None = None  # a poll to show natively where the platform can (its votes come back as commands)
    declined: bool = False  # the bot did not answer the question (it says what it understood and what not)
    notify: bool = False  # posted on the bot's own to reach people (a reminder): platforms notify, not just show
    # commands a reaction to the posted message runs besides its buttons' ("↩️" reopens a card's item)
    reactions: tuple[Action, ...] = ()


@dataclass(frozen=True)
class Incoming:
    """One message from a person, whatever the platform."""

    platform: str  # "console" | "slack" | "matrix"
    user_id: str  # platform-qualified: "slack:U123", "matrix:@a:example.org"
    channel_id: str  # platform-qualified conversation id
    text: str
    is_direct: bool = False  # a direct-message conversation
    mentions_bot: bool = False
    user_name: str | None = None
    message_id: str | None = None
    thread_id: str | None = None
    permalink: str | None = None
    locale: str | None = None  # e.g. "fr-FR" from the platform profile
    timezone: str | None = None  # IANA zone from the platform profile
    is_room_admin: bool = False  # e.g. Matrix moderator when config allows
    command: str | None = None  # set when the platform already split the command (Slack slash)
    correlation_id: str | None = None
    # the platform's id for this delivery when the platform may deliver it again (a retried event):
    # the core handles each id once, and marks it done in the same commit as the command's effects
    delivery_id: str | None = None
    # conversations the person pointed to, as the text shows them → their platform-qualified ids
    # ("#random" → "slack:C0RANDOM"): the adapter reads its platform's syntax, the core reads this
    channel_mentions: tuple[tuple[str, str], ...] = ()
    attachment: Attachment | None = field(default=None, compare=False)  # a file sent with the message
    # what a form the platform showed was filled in with (field → text), read by the command in place of
    # its text: {"text": "Draft the toolkit", "due": "2019-05-24"}
    form: dict[str, str] | None = field(default=None, compare=False, hash=False)


@dataclass(frozen=True)
class Target:
    """Where the bot posts on its own (reminders, digests)."""

    platform: str
    channel_id: str
    thread_id: str | None = None


def action_command(action: Action) -> tuple[str, str]:
    """(command, text) that a button or reaction runs: "action_done" + "A12" → ("action", "done A12")."""
    name, _, sub = action.action_id.partition("_")
    return name, " ".join(p for p in (sub, action.value) if p)


def reaction_key(emoji: str) -> str:
    """An emoji as reactions are compared: without the variation selector some clients add or drop."""
    return emoji.replace("\ufe0f", "").strip()


def reactions_of(reply: Reply) -> dict[str, str]:
    """Emoji → the command ("action_done A12") of each action in a reply that has one. An emoji that
    would stand for several commands (✅ on a list of items, one per row) stands for none."""
    actions = [*reply.reactions, *reply.actions, *(a for item in reply.items for a in item.actions)]
    offered: dict[str, set[str]] = {}
    for a in actions:
        if a.emoji:
            offered.setdefault(reaction_key(a.emoji), set()).add(f"{a.action_id} {a.value}".strip())
    return {emoji: next(iter(commands)) for emoji, commands in offered.items() if len(commands) == 1}


def label_separator(lang: str | None) -> str:
    """What joins a field's label to its value: French puts a (no-break) space before the colon."""
    return "\u00a0: " if lang == "fr" else ": "
