"""One check for every renderer: user text never comes out as a mention or as markup.

``assert_no_injection(rendered, platform, allowed=...)``:

* ``"plain"`` - plain text (console, Slack fallback ``text``, Matrix ``body``): no Slack
  control sequence (``<!channel>``, ``<!here>``, ``<@U123>``, ``<#C1>``, ``<!subteam^…>``)
  and no broadcast word (``@room``, ``@channel``, ``@here``, ``@everyone``).
* ``"slack"`` - mrkdwn: besides that, no raw ``<`` at all (``&lt;`` is how text shows one),
  so no disguised link ``<https://evil|click>`` either.
* ``"matrix"`` - ``formatted_body`` HTML: no dangerous element, no event-handler attribute,
  no ``javascript:`` URL, no pill or link the renderer did not make, no ``@room``.

``allowed``: exact pieces of markup the bot itself produced on purpose (its Mention and
Link spans rendered by the adapter), removed before checking.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

SLACK_CONTROL = re.compile(r"<(?:[!#]|@[A-Z0-9])")  # Slack ids are upper case: <@U123>, <@W1>
BROADCAST = re.compile(r"@(?:room|channel|here|everyone)\b", re.IGNORECASE)
DANGEROUS_TAGS = {"script", "style", "iframe", "img", "object", "embed", "form", "input", "svg", "math",
                  "link", "meta", "base", "frame", "frameset", "video", "audio", "button", "textarea"}


def _without(rendered: str, allowed: Iterable[str]) -> str:
    for piece in sorted(set(allowed), key=len, reverse=True):
        if piece:
            rendered = rendered.replace(piece, "")
    return rendered


def assert_no_injection(rendered: str, platform: str, *, allowed: Iterable[str] = ()) -> None:
    text = _without(rendered, allowed)
    if platform == "plain":
        _check_plain(text)
    elif platform == "slack":
        _check_plain(text)
        assert "<" not in text, f"raw '<' in Slack mrkdwn (user markup got through): {_around(text, '<')}"
    elif platform == "matrix":
        _check_html(text)
    else:
        raise ValueError(f"unknown platform {platform!r}")


def _check_plain(text: str) -> None:
    found = SLACK_CONTROL.search(text)
    assert found is None, f"Slack control sequence in output: {_around(text, found.group())}"
    found = BROADCAST.search(text)
    assert found is None, f"broadcast mention in output: {_around(text, found.group())}"


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in DANGEROUS_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in ("href", "src") and value and value.strip().lower().startswith(("javascript:", "data:")):
                self.problems.append(f"{tag} {name}={value[:30]}")
            if name == "href" and value:
                self.problems.append(f"link not made by the bot: {value[:60]}")

    def handle_data(self, data):
        self.text.append(data)


def _check_html(html: str) -> None:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    assert not parser.problems, f"HTML injection: {parser.problems[:5]}"
    found = BROADCAST.search("".join(parser.text))
    assert found is None or found.group().lower() != "@room", "@room in Matrix HTML"


def _around(text: str, needle: str) -> str:
    at = text.find(needle)
    return repr(text[max(0, at - 40): at + 40])
