"""The replies for what went wrong: a plain error, and a usage error with the command's usage,
suggestions and examples, each command written as it is typed on the platform ("/action", "!action")."""

from __future__ import annotations

from collections.abc import Mapping

from bot.errors import NotFound, UsageError
from bot.i18n import Translator
from bot.messages import Reply, Tone, Visibility, rich
from bot.router import Command


def error_reply(message: str, lang: str | None = None) -> Reply:
    return Reply(body=(rich(message),), tone=Tone.ERROR, visibility=Visibility.PRIVATE, lang=lang)


def usage_reply(exc: UsageError, tr: Translator, *, commands: Mapping[str, Command], labels: Mapping[str, str],
                prefix: str) -> Reply:
    def label(words: str) -> str:
        first, _, rest = words.partition(" ")
        if first in commands:
            return f"{labels.get(first) or prefix + first} {rest}".strip()
        return words

    def shown(key: str, value: object) -> object:
        # a command named in the message reads as it is typed here ("/action", "!action")
        return label(value) if key == "name" and isinstance(value, str) and value in commands else tr.value(value)

    message = exc.message if exc.values is None else tr.t(
        exc.message, **{key: shown(key, value) for key, value in exc.values.items()})
    body = [rich(message)]
    if exc.suggestions:
        body.append(rich(tr.t("Did you mean: {options}?", options=", ".join(label(s) for s in exc.suggestions))))
    if exc.usage and isinstance(exc, NotFound):
        body.append(rich(tr.t("Try {command}.", command=label(exc.usage))))
    elif exc.usage:
        name, _, sub = exc.usage.partition(" ")
        command = commands.get(name)
        if command and sub in command.subcommands:
            body.append(rich(tr.t("Usage: {usage}", usage=label(f"{name} {command.subcommands[sub].usage}"))))
        else:
            body.append(rich(tr.t("See {help}.", help=label(exc.usage))))
    if exc.examples:
        body.append(rich(tr.t("Examples: {examples}", examples=tr.t(exc.examples))))  # in the reader's language
    return Reply(body=tuple(body), tone=Tone.ERROR, visibility=Visibility.PRIVATE, lang=tr.lang)
