"""The dashboard page: server-rendered, autoescaped HTML that reads without JavaScript."""

from __future__ import annotations

from babel import negotiate_locale
from jinja2 import Environment, PackageLoader, select_autoescape

from bot.dashboard import DashboardView
from bot.i18n import SUPPORTED


class DashboardPages:
    """The template environment, made once per web server."""

    def __init__(self) -> None:
        self.env = Environment(loader=PackageLoader("bot.dashboard", "templates"),
                               autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)

    def render(self, view: DashboardView, *, here: str, languages: dict[str, str]) -> str:
        """``here``: the page's last path segment (links to the picture and feed are relative to it)."""
        return self.env.get_template("dashboard.html").render(view=view, t=view.labels, here=here,
                                                              languages=languages)


def page_language(query_lang: str | None, accept_language: str | None) -> str:
    """``?lang=`` when it names a supported language, else the best of the browser's Accept-Language, else en."""
    if query_lang and query_lang.lower()[:2] in SUPPORTED:
        return query_lang.lower()[:2]
    wanted: list[tuple[float, str]] = []
    for position, part in enumerate((accept_language or "").split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                continue
        if tag and quality > 0:
            wanted.append((-quality + position * 1e-6, tag.replace("_", "-")))
    preferred = [tag for _, tag in sorted(wanted)]
    found = negotiate_locale(preferred, list(SUPPORTED), sep="-") or negotiate_locale(
        [tag.split("-")[0] for tag in preferred], list(SUPPORTED), sep="-")
    return found or "en"
