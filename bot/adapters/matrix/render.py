"""Matrix messages as the core reads and writes them: HTML a person sent → the text of a command
(pills become user ids, reply fallbacks disappear), and a neutral Reply → a plain body, an HTML
``formatted_body`` and the users it mentions, every string escaped."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from html.parser import HTMLParser
from urllib.parse import quote

from bot.messages import Action, Link, Mention, Reply, RichText, action_command, label_separator
from bot.plaintext import defang, span_text

PLATFORM = "matrix"


def _localpart(user_id: str) -> str:
    return user_id[1:].split(":", 1)[0] if user_id.startswith("@") else user_id


_PILL = re.compile(r"^https://matrix\.to/#/(@[^/?]+)")
_LINKABLE = re.compile(r"(?i)(?:https?://|mailto:)\S+$")  # anything else is shown as text


class _CommandText(HTMLParser):
    """HTML → the text the core reads: pills become ``@user:server``, reply
    fallbacks (``<mx-reply>``) disappear, everything else is its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0
        self._pill = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "mx-reply":
            self._skip += 1
        elif tag == "a" and not self._skip:
            match = _PILL.match(dict(attrs).get("href") or "")
            if match:
                self.parts.append(match.group(1).replace("%40", "@").replace("%3A", ":"))
                self._pill += 1
        elif tag in ("br", "p", "li", "div") and self.parts:
            self.parts.append("\n" if tag == "br" else " ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "mx-reply" and self._skip:
            self._skip -= 1
        elif tag == "a" and self._pill:
            self._pill -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and not self._pill:
            self.parts.append(data)

    @classmethod
    def read(cls, formatted: str) -> str:
        parser = cls()
        parser.feed(formatted)
        parser.close()
        return "".join(parser.parts)


class MatrixRenderer:
    """Neutral Reply → (plain ``body``, HTML ``formatted_body``, mentioned user ids).

    Every string is escaped for HTML; mentions become pills in HTML and display
    names in the plain body; ``@room`` is defused unless room mentions are allowed.
    """

    def __init__(self, *, name_of: Callable[[str], str], allow_room_mentions: bool, prefix: str,
                 more_label: Callable[[int], str]) -> None:
        self.name_of = name_of
        self.allow_room_mentions = allow_room_mentions
        self.prefix = prefix
        self.more_label = more_label
        self.mentions: set[str] = set()
        self.room_mention = False

    def text(self, s: str) -> str:
        if re.search(r"@room\b", s, re.IGNORECASE):
            if self.allow_room_mentions:
                self.room_mention = True
            else:  # a word joiner keeps it readable but stops it from pinging the room
                s = re.sub(r"@(room)\b", "@\u2060\\1", s, flags=re.IGNORECASE)
        return s

    def spans(self, rich_text: RichText) -> tuple[str, str]:
        plain, markup = [], []
        for span in rich_text:
            if isinstance(span, Mention) and span.platform == PLATFORM and span.valid:
                user = span.native_id
                name = self.text(span.display or self.name_of(user))
                self.mentions.add(user)
                plain.append(name)
                markup.append(f'<a href="https://matrix.to/#/{quote(user, safe="@:")}">{html.escape(name)}</a>')
            elif isinstance(span, Link) and _LINKABLE.match(span.url):
                label = self.text(span.label or span.url)
                plain.append(span_text(Link(span.url, label)))
                markup.append(f'<a href="{html.escape(span.url)}">{html.escape(label)}</a>')
            else:
                s = self.text(span_text(span))
                plain.append(s)
                markup.append(html.escape(s))
        return "".join(plain), "".join(markup)

    def command(self, action_id: str, value: str) -> str:
        """A button is a command: "action_done" + "A12" → "!action done A12"."""
        name, text = action_command(Action("", action_id, value))
        return " ".join(p for p in (f"{self.prefix}{name}", text) if p)

    def render(self, reply: Reply) -> tuple[str, str]:
        plain: list[str] = []
        markup: list[str] = []
        if reply.title:
            title = self.text(reply.title)
            plain.append(title)
            markup.append(f"<p><strong>{html.escape(title)}</strong></p>")
        for paragraph in reply.body:
            p, m = self.spans(paragraph)
            plain.append(p)
            markup.append(f"<p>{m}</p>")
        if reply.fields:
            lines = []
            for f in reply.fields:
                label = self.text(f.label)
                p, m = self.spans(f.value)
                plain.append(f"{label}{label_separator(reply.lang)}{p}")
                lines.append(f"<strong>{html.escape(label)}</strong>{label_separator(reply.lang)}{m}")
            markup.append("<p>" + "<br>".join(lines) + "</p>")
        if reply.items:
            lines = []
            for item in reply.items:
                p, m = self.spans(item.text)
                if item.detail:
                    dp, dm = self.spans(item.detail)
                    p, m = f"{p} — {dp}", f"{m} — {dm}"
                plain.append(f"• {p}")
                lines.append(f"<li>{m}</li>")
            markup.append("<ul>" + "".join(lines) + "</ul>")
        if reply.more:
            more = self.more_label(reply.more) + (f". {self.text(reply.more_hint)}" if reply.more_hint else "")
            plain.append(f"… {more}")
            markup.append(f"<p><em>… {html.escape(more)}</em></p>")
        if reply.actions:
            shown = []
            for a in reply.actions:
                emoji = f" {a.emoji}" if a.emoji else ""  # reacting with it does the same
                shown.append((self.text(a.label), self.command(a.action_id, self.text(a.value)), emoji))
            plain.append(" · ".join(f"{label}: {cmd}{emoji}" for label, cmd, emoji in shown))
            markup.append("<p>" + " · ".join(
                f"{html.escape(label)}: <code>{html.escape(cmd)}</code>{emoji}" for label, cmd, emoji in shown
            ) + "</p>")
        if reply.footer:
            footer = self.text(reply.footer)
            plain.append(footer)
            markup.append(f"<p><em>{html.escape(footer)}</em></p>")
        # the body is also what bridges (to Slack, say) relay: no mention that works there either
        return defang("\n".join(plain), keep_room=self.room_mention), "".join(markup)
