"""What a command family offers besides typed commands, declared at module level in its handler
module and drawn by each platform as it can: a form (a Slack modal), an action on someone's message
(a Slack message shortcut), a section of a person's home view (Slack's App Home).

Adapters render these generically and never name a domain command; the router collects them
(``Router.forms``, ``Router.message_actions``, ``Router.home_sections``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

# text: one line; long_text: several lines; people: people picked from the platform's list;
# date, time: pickers; group: one of the action groups (never a near match)
FieldKind = Literal["text", "long_text", "people", "date", "time", "group"]


@dataclass(frozen=True)
class FormField:
    name: str  # its id in the form, and the key the command reads from ``Incoming.form``
    label: str  # N_-marked, translated where drawn
    kind: FieldKind = "text"
    required: bool = False
    hint: str = ""  # an example shown while empty, N_-marked
    max_length: int | None = None
    # several fields may fill one key of ``Incoming.form``, joined by ", " in order ("owners" picked
    # and "orgs" typed both fill "owner"); a typed list is split on commas
    into: str | None = None

    @property
    def key(self) -> str:
        return self.into or self.name


@dataclass(frozen=True)
class Form:
    """Filled in and saved, a form runs ``command verb`` with its fields as ``Incoming.form``."""

    key: str  # its id on the platforms ("event_modal")
    command: str
    verb: str
    title: str  # N_-marked: "New event"
    fields: tuple[FormField, ...]
    # what typed after the command opens the form instead of running it ("/event add")
    opens_on: tuple[str, ...] = ()
    on_home: bool = False  # a button on the home view opens it
    step: str | None = None  # its id as a step in a platform's workflow builder (Slack's manifest functions)
    keep_empty: tuple[str, ...] = ()  # keys passed even when empty, so the command says what is missing

    @property
    def primary(self) -> str:
        """The field a refusal is shown on when it names none of the others."""
        return self.fields[0].name

    def answers(self, values: dict[str, str | list[str]]) -> dict[str, str]:
        """The form's values by field name (people as mentions, ``<@platform:id>``) → ``Incoming.form``."""
        joined: dict[str, list[str]] = {}
        for field in self.fields:
            value = values.get(field.name) or ""
            if isinstance(value, list):
                parts = [v for v in value if v]
            elif field.into is not None:
                parts = [p.strip() for p in value.split(",") if p.strip()]
            else:
                parts = [value.strip()] if value.strip() else []
            joined.setdefault(field.key, []).extend(parts)
        return {key: ", ".join(parts) for key, parts in joined.items() if parts or key in self.keep_empty}


@dataclass(frozen=True)
class MessageAction:
    """An action on someone's message: its text goes to ``command sub`` (as the form's text), linked to it."""

    key: str  # its id on the platforms (a Slack shortcut's callback id, listed in the manifest)
    command: str
    sub: str
    # the words that, written in reply to a message, do the same where a platform has no shortcuts
    # (Matrix), N_-marked and accepted in every language
    reply_words: str | None = None


@dataclass(frozen=True)
class HomeSection:
    """A section of a person's home view: the reply to ``command text``, as they would get it in a DM.
    Sections come in the order of the handler modules (``HELP_POSITION``)."""

    command: str
    text: str
