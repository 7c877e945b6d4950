"""Neutral ``Reply`` → Slack Block Kit (with a text fallback), and Slack text → neutral text.

Every user-visible string is escaped for mrkdwn (``&``, ``<``, ``>`` and nothing else), so
stored text can never ping ``<!channel>``, ``<!here>`` or a person. Only ``Mention`` spans of
Slack users become real mentions. Blocks are built with ``slack_sdk.models.blocks`` so Slack's
per-object limits are checked when they are serialised; the block count is capped here.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
    SectionBlock,
)

from bot.messages import Action, Link, ListItem, Mention, Moment, Reply, RichText, Tone, label_separator
from bot.plaintext import WORD_JOINER, defang_broadcasts

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_FIELD_TEXT = 2000
MAX_HEADER_TEXT = 150
MAX_BUTTON_TEXT = 75
MAX_FALLBACK_TEXT = 3900  # Slack truncates longer notification text anyway
ROW_PREFIX = "row:"
SLACK_DATE_FORMAT = "{date_short_pretty} {time}"  # Slack writes it in the reader's locale and zone

_SAFE_URL = re.compile(r"^(https?://|mailto:)[^\s<>|]+$", re.IGNORECASE)
_SLACK_USER = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
_CORE_SLACK_MENTION = re.compile(r"<@slack:([UW][A-Z0-9]+)>")  # a Slack person inside stored text
_SLACK_TOKEN = re.compile(r"<([^<>]+)>")
_TOKEN_OR_BROADCAST = re.compile(r"(<[^<>]*>)|@(?=(?:room|channel|here|everyone)\b)", re.IGNORECASE)


# ---------------------------------------------------------------- escaping and spans


def escape_url(url: str) -> str:
    """An address inside ``<…>``: Slack's three control characters escaped, nothing else."""
    return url.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def escape(text: str) -> str:
    """Escape plain text for mrkdwn: Slack's three control characters, and a word joiner after
    the ``@`` of ``@channel``/``@here``/``@everyone`` (Slack may parse those in mrkdwn)."""
    return defang_broadcasts(escape_url(text))


def span_mrkdwn(span, names: dict[str, str] | None = None) -> str:
    if isinstance(span, Mention):
        if span.platform == "slack" and span.valid:
            return f"<@{span.native_id}>"
        shown = span.display or (names or {}).get(span.user_id) or span.native_id
        return escape(shown if shown.startswith("@") else f"@{shown}")
    if isinstance(span, Link):
        if _SAFE_URL.match(span.url):
            label = span.label or span.url
            return f"<{escape_url(span.url)}|{escape(label)}>"
        return escape(f"{span.label} ({span.url})" if span.label else span.url)
    if isinstance(span, Moment):  # each reader sees it in their own zone; the text is the fallback
        return f"<!date^{int(span.at.timestamp())}^{SLACK_DATE_FORMAT}|{escape(str(span))}>"
    text = str(span)
    if _SAFE_URL.match(text.strip()):
        return f"<{escape_url(text.strip())}>"
    return with_mentions(text)


def with_mentions(text: str) -> str:
    """Escaped text in which a Slack person the core stored (``<@slack:U…>``, from a mention
    typed in Slack) is a real mention again."""
    parts = _CORE_SLACK_MENTION.split(text)  # text, id, text, id, …
    return "".join(f"<@{part}>" if i % 2 else escape(part) for i, part in enumerate(parts))


def mrkdwn(text: RichText) -> str:
    # defanged again once joined ("@" ending one span, "here" starting the next), leaving the
    # bot's own <…> tokens alone (user text has no raw "<")
    return _TOKEN_OR_BROADCAST.sub(lambda m: m.group(1) or "@" + WORD_JOINER, "".join(span_mrkdwn(s) for s in text))


def clip(text: str, limit: int) -> str:
    """Cut at ``limit`` characters without splitting an escape or a <…> token."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    amp, lt = cut.rfind("&"), cut.rfind("<")
    if amp > cut.rfind(";") and amp > len(cut) - 6:
        cut = cut[:amp]
    if lt > cut.rfind(">"):
        cut = cut[:lt]
    return cut + "…"


def plain(text: str, limit: int) -> str:
    """Text for plain_text objects (headers, buttons, titles): never parsed, only clipped."""
    text = " ".join(text.split()) or "·"
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------- Slack → neutral


def normalise_mentions(text: str) -> str:
    """``<@U123|ana>`` / ``<@U123>`` → ``<@slack:U123>``, the form the core reads as a person."""
    return _SLACK_USER.sub(lambda m: f"<@slack:{m.group(1)}>", text)


def unformat(text: str, user_name: Callable[[str], str | None] | None = None, *,
             keep_mentions: bool = False) -> str:
    """A Slack message's text as readable plain text (for storing it, e.g. from a shortcut):
    mentions become names (or, with ``keep_mentions``, ``<@slack:U…>`` for the core to read),
    links their address, broadcasts a harmless word, and entities are decoded."""

    def token(match: re.Match) -> str:
        inner = match.group(1)
        target, _, label = inner.partition("|")
        if target.startswith("@"):
            uid = target[1:]
            if keep_mentions:
                return f"<@slack:{uid}>"
            return "@" + (label or (user_name(uid) if user_name else None) or uid)
        if target.startswith("#"):
            return "#" + (label or target[1:])
        if target.startswith("!date^"):  # a date Slack formatted for the reader: its fallback text
            return label or target.split("^")[1]
        if target.startswith("!"):
            word = target[1:].split("^")[0]
            return "@" + (label or word).lstrip("@")
        return f"{label} ({target})" if label and label != target else target

    text = _SLACK_TOKEN.sub(token, text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def incoming_text(text: str) -> str:
    """What a person typed (slash command or message text), as the core reads it."""
    return unformat(text, keep_mentions=True)


_CHANNEL_TOKEN = re.compile(r"<#([CG][A-Z0-9]+)(?:\|([^<>]*))?>")


def channel_mentions(text: str) -> tuple[tuple[str, str], ...]:
    """The channels picked from the # list, as ``incoming_text`` shows them ("#random") and their ids."""
    return tuple(("#" + (m.group(2) or m.group(1)), f"slack:{m.group(1)}") for m in _CHANNEL_TOKEN.finditer(text))


# ---------------------------------------------------------------- Reply → blocks


TONE_MARK = {Tone.ERROR: ":warning: ", Tone.SUCCESS: ":white_check_mark: ", Tone.INFO: ""}


def button(action: Action, *, block_value: str | None = None) -> ButtonElement:
    return ButtonElement(
        text=PlainTextObject(text=plain(action.label, MAX_BUTTON_TEXT), emoji=True),
        action_id=action.action_id,
        value=block_value if block_value is not None else action.value,
        style=action.style if action.style in ("primary", "danger") else None,
    )


def item_line(item: ListItem) -> str:
    line = f"• {mrkdwn(item.text)}"
    if item.detail:
        line += f" — {mrkdwn(item.detail)}"
    return line


def sections_for_text(text: str, block_id: str | None = None) -> list[Block]:
    """One section per 3,000 characters (split on line ends where possible)."""
    blocks: list[Block] = []
    rest = text
    while rest:
        if len(rest) <= MAX_SECTION_TEXT:
            chunk, rest = rest, ""
        else:
            cut = rest.rfind("\n", 0, MAX_SECTION_TEXT)
            if cut <= 0:
                chunk, rest = clip(rest, MAX_SECTION_TEXT), ""
            else:
                chunk, rest = rest[:cut], rest[cut + 1 :]
        blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk or " "), block_id=block_id))
        block_id = None
    return blocks


def packed_sections(lines: list[str]) -> list[str]:
    """Lines joined into as few ≤3,000-character section texts as possible."""
    texts: list[str] = []
    current = ""
    for line in lines:
        line = clip(line, MAX_SECTION_TEXT)
        if current and len(current) + 1 + len(line) > MAX_SECTION_TEXT:
            texts.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    if current:
        texts.append(current)
    return texts


def title_blocks(reply: Reply) -> list[Block]:
    if not reply.title:
        return []
    mark = TONE_MARK.get(reply.tone, "")
    if len(reply.title) + len(mark) <= MAX_HEADER_TEXT and not _CORE_SLACK_MENTION.search(reply.title):
        return [HeaderBlock(text=PlainTextObject(text=plain(mark + reply.title, MAX_HEADER_TEXT), emoji=True))]
    return sections_for_text(clip(f"{mark}*{with_mentions(reply.title)}*", MAX_SECTION_TEXT))


def render_blocks(
    reply: Reply,
    *,
    max_blocks: int = MAX_MESSAGE_BLOCKS,
    more_label: Callable[[int], str] = lambda n: f"and {n} more",
    rest_hint: str = "",
    scope: str = "",
) -> list[Block]:
    """Blocks for a reply, never more than ``max_blocks``.

    ``scope`` starts every block id, so several replies in one view (the Home tab) never
    repeat a block id: Slack refuses a message or view that does.

    List items get one section each (with their button) when that fits; otherwise they are
    packed several to a section, and what still does not fit is cut with "and N more" and a
    hint how to see the rest.
    """
    head: list[Block] = title_blocks(reply)
    for i, paragraph in enumerate(reply.body):
        text = mrkdwn(paragraph)
        if i == 0 and not reply.title and reply.tone in TONE_MARK:
            text = TONE_MARK[reply.tone] + text
        head.extend(sections_for_text(text))
    field_texts = [clip(f"*{escape(f.label)}*\n{mrkdwn(f.value)}", MAX_FIELD_TEXT) for f in reply.fields]
    for start in range(0, len(field_texts), 10):
        head.append(SectionBlock(fields=[MarkdownTextObject(text=t) for t in field_texts[start : start + 10]]))

    tail: list[Block] = []
    if reply.actions:
        for start in range(0, len(reply.actions), 25):
            tail.append(ActionsBlock(elements=[button(a) for a in reply.actions[start : start + 25]],
                                     block_id=f"{scope}actions:{start}"))
    if reply.footer:
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=clip(escape(reply.footer), MAX_FIELD_TEXT))]))

    # one block is kept for "and N more"
    room = max_blocks - len(head) - len(tail) - 1
    if room < 1:  # a pathological reply: keep the top of it
        head, tail = head[: max_blocks - 2], []
        room = 1
    items: list[Block] = []
    left_out = reply.more
    one_each = sum(1 + (len(i.actions) > 1) for i in reply.items)
    if one_each <= room:
        for index, item in enumerate(reply.items):
            block_id = f"{scope}{ROW_PREFIX}{index}"
            text = clip(item_line(item), MAX_SECTION_TEXT)
            if len(item.actions) == 1:
                items.append(SectionBlock(text=MarkdownTextObject(text=text), block_id=block_id,
                                          accessory=button(item.actions[0])))
            else:
                items.append(SectionBlock(text=MarkdownTextObject(text=text), block_id=block_id))
                if item.actions:
                    items.append(ActionsBlock(elements=[button(a) for a in item.actions[:25]],
                                              block_id=f"{block_id}:actions"))
    else:
        texts = packed_sections([item_line(i) for i in reply.items])
        shown_texts = texts[:room]
        items = [SectionBlock(text=MarkdownTextObject(text=t)) for t in shown_texts]
        shown = sum(t.count("\n") + 1 for t in shown_texts)
        cut_here = len(reply.items) - shown
        left_out += cut_here
    if left_out:
        hint = reply.more_hint or rest_hint
        more = f"… {escape(more_label(left_out))}" + (f". {escape(hint)}" if hint else "")
        items.append(ContextBlock(elements=[MarkdownTextObject(text=clip(more, MAX_FIELD_TEXT))]))
    blocks = head + items + tail
    assert len(blocks) <= max_blocks
    return blocks


def row_block(card: Reply, block_id: str) -> Block:
    """One list row redrawn from an item's new card (after a button press in a list)."""
    summary = " · ".join(mrkdwn(f.value) for f in card.fields[:3])
    text = f"• *{with_mentions(card.title or '')}*" + (f" — {summary}" if summary else "")
    accessory = button(card.actions[0]) if card.actions else None
    return SectionBlock(text=MarkdownTextObject(text=clip(text, MAX_SECTION_TEXT)), block_id=block_id,
                        accessory=accessory)


def fallback_text(reply: Reply, *, more_label: Callable[[int], str] = lambda n: f"and {n} more") -> str:
    """The top-level ``text``: notifications and screen readers. Escaped like the blocks."""
    lines: list[str] = []
    if reply.title:
        lines.append(with_mentions(reply.title))
    lines.extend(mrkdwn(p) for p in reply.body)
    lines.extend(f"{escape(f.label)}{label_separator(reply.lang)}{mrkdwn(f.value)}" for f in reply.fields)
    lines.extend(item_line(i) for i in reply.items)
    if reply.more:
        lines.append(f"… {escape(more_label(reply.more))}")
    text = "\n".join(lines) or escape(reply.footer or "") or "…"
    return clip(text, MAX_FALLBACK_TEXT)


def text_of_blocks(blocks: list[dict]) -> str:
    """A message's fallback ``text`` read back from its blocks (after a row was redrawn)."""
    lines: list[str] = []
    for block in blocks:
        text = block.get("text")
        if isinstance(text, dict) and text.get("text"):
            lines.append(text["text"] if text.get("type") == "mrkdwn" else escape(text["text"]))
        lines.extend(f["text"] for f in block.get("fields") or [] if isinstance(f, dict) and f.get("text"))
        if block.get("type") == "context":
            lines.extend(e["text"] for e in block.get("elements") or [] if isinstance(e, dict) and e.get("text"))
    return clip("\n".join(lines) or "…", MAX_FALLBACK_TEXT)


def plain_reply(reply: Reply, limit: int = 300) -> str:
    """A short reply as plain text (a form field's error): the title or first paragraph, no markup."""
    def span_text(span) -> str:
        if isinstance(span, Mention):
            return span.display or "@" + span.native_id
        if isinstance(span, Link):
            return span.label or span.url
        return str(span)

    first = "".join(span_text(s) for s in reply.body[0]) if reply.body else ""
    return plain(first or reply.title or "…", limit)


def to_dicts(blocks: list[Block]) -> list[dict]:
    """Serialise (which runs slack_sdk's validation of every block)."""
    return [b.to_dict() for b in blocks]
