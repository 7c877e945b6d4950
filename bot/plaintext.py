"""Plain-text rendering of a neutral Reply: the console's format and every
platform's notification fallback.

Plain text needs no escaping, with one exception: because it is also the
fallback text of a Slack post and the ``body`` of a Matrix message, text that
would notify people there (``<!channel>``, ``<@U123>``, ``@room``) is defanged
with an invisible word joiner, on the finished text (so two pieces cannot
join into one). A ``Mention`` comes out as "@name", never as a notification.
"""

from __future__ import annotations

import re

from bot.i18n import I18n, Translator
from bot.messages import Link, Mention, Reply, RichText, label_separator

WORD_JOINER = "\u2060"
# <!channel>, <!here>, <!subteam^…>, <#C123>, and user mentions: <@U123>, <@W123> (ids are upper case)
_SLACK_CONTROL = re.compile(r"<(?=[!#]|@[A-Z0-9])")
_BROADCAST = re.compile(r"@(?=(?:room|channel|here|everyone)\b)", re.IGNORECASE)


_BROADCAST_BUT_ROOM = re.compile(r"@(?=(?:channel|here|everyone)\b)", re.IGNORECASE)


def defang(text: str, *, keep_room: bool = False) -> str:
    """``text`` unchanged to the eye, but no longer a mention on Slack or Matrix
    (``keep_room``: except ``@room``, for a Matrix room that allows it)."""
    text = _SLACK_CONTROL.sub("<" + WORD_JOINER, text)
    return (_BROADCAST_BUT_ROOM if keep_room else _BROADCAST).sub("@" + WORD_JOINER, text)


def defang_broadcasts(text: str) -> str:
    """Only the broadcast words (``@channel``, ``@here``, ``@everyone``, ``@room``), for text
    whose ``<`` is already escaped (Slack mrkdwn)."""
    return _BROADCAST.sub("@" + WORD_JOINER, text)


def span_text(span, names: dict[str, str] | None = None) -> str:
    if isinstance(span, Mention):
        shown = span.display or (names or {}).get(span.user_id) or span.native_id
        return shown if shown.startswith("@") else f"@{shown}"
    if isinstance(span, Link):
        return f"{span.label} ({span.url})" if span.label and span.label != span.url else span.url
    return str(span)


def rich_text(text: RichText, names: dict[str, str] | None = None) -> str:
    # defanged once joined: "<" ending one span and "!here>" starting the next must not meet
    return defang("".join(span_text(s, names) for s in text))


def render(reply: Reply, *, i18n: I18n | None = None, names: dict[str, str] | None = None) -> str:
    """The reply as plain text; the words added here ("and N more") are in the reply's language when
    ``i18n`` is given, else in English."""
    tr = i18n.get(reply.lang) if i18n is not None else Translator("en", {})
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    lines.extend(rich_text(p, names) for p in reply.body)
    for f in reply.fields:
        lines.append(f"{f.label}{label_separator(reply.lang)}{rich_text(f.value, names)}")
    for item in reply.items:
        line = f"• {rich_text(item.text, names)}"
        if item.detail:
            line += f" — {rich_text(item.detail, names)}"
        lines.append(line)
    if reply.more:
        hint = f". {reply.more_hint}" if reply.more_hint else ""
        lines.append(f"… {tr.tn('and {n} more', 'and {n} more', reply.more)}{hint}")
    if reply.actions:
        lines.append("[" + "] [".join(a.label for a in reply.actions) + "]")
    if reply.footer:
        lines.append(reply.footer)
    if reply.attachment:
        lines.append(tr.tn("(file: {name}, {n} byte)", "(file: {name}, {n} bytes)", len(reply.attachment.content),
                           name=reply.attachment.filename))
    return defang("\n".join(lines))
