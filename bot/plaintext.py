"""Plain-text rendering of a neutral Reply: the console's format and every
platform's notification fallback. Plain text needs no escaping."""

from __future__ import annotations

from bot.messages import Link, Mention, Reply, RichText


def span_text(span, names: dict[str, str] | None = None) -> str:
    if isinstance(span, Mention):
        shown = span.display or (names or {}).get(span.user_id) or span.native_id
        return shown if shown.startswith("@") else f"@{shown}"
    if isinstance(span, Link):
        return f"{span.label} ({span.url})" if span.label and span.label != span.url else span.url
    return str(span)


def rich_text(text: RichText, names: dict[str, str] | None = None) -> str:
    return "".join(span_text(s, names) for s in text)


def render(reply: Reply, *, more_label: str = "and {n} more", names: dict[str, str] | None = None) -> str:
    lines: list[str] = []
    if reply.title:
        lines.append(reply.title)
    lines.extend(rich_text(p, names) for p in reply.body)
    for f in reply.fields:
        lines.append(f"{f.label}: {rich_text(f.value, names)}")
    for item in reply.items:
        line = f"• {rich_text(item.text, names)}"
        if item.detail:
            line += f" — {rich_text(item.detail, names)}"
        lines.append(line)
    if reply.more:
        lines.append(f"… {more_label.format(n=reply.more)}" + (f". {reply.more_hint}" if reply.more_hint else ""))
    if reply.actions:
        lines.append("[" + "] [".join(a.label for a in reply.actions) + "]")
    if reply.footer:
        lines.append(reply.footer)
    if reply.attachment:
        lines.append(f"(file: {reply.attachment.filename}, {len(reply.attachment.content)} bytes)")
    return "\n".join(lines)
