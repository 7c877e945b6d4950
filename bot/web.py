"""A small HTTP endpoint (aiohttp) for what the bot serves on the web: read-only calendar feeds and
the dashboard page with its timeline picture. Its address is ``[web]`` in the settings; health and
metrics stay on the ops server, never here."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING, cast

from aiohttp import web

from bot import ical
from storage import events, subscriptions

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger("alliance_bot.web")
BOT_APP = web.AppKey("bot_app", object)
PAGES = web.AppKey("dashboard_pages", object)
# the token is in the address: never sent on as a referrer, never indexed; the page loads nothing but
# its own picture and inline style
PAGE_HEADERS = {"Cache-Control": "private, no-store", "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex",
                "X-Content-Type-Options": "nosniff",
                "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; "
                                           "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"}
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def _bot(request: web.Request) -> BotApp:
    return cast("BotApp", request.app[BOT_APP])


async def calendar_feed(request: web.Request) -> web.Response:
    app = _bot(request)
    token = request.match_info["token"]
    if not _TOKEN.match(token):
        raise web.HTTPNotFound()
    async with app.sessions() as session:
        feed = await subscriptions.by_token(session, token)
        if feed is None:
            raise web.HTTPNotFound()
        found = await events.find(session, events.between(None, None))
        body = ical.export(found, name="Alliance 8.7", now=app.clock.now())
    return web.Response(body=body, content_type="text/calendar", charset="utf-8",
                        headers={"Cache-Control": "private, max-age=300"})


async def _dashboard_allowed(request: web.Request) -> str:
    """The page's last path segment when the request may see the dashboard; 404 otherwise (an unknown,
    malformed or revoked token looks exactly like a page that does not exist)."""
    app = _bot(request)
    token = request.match_info.get("token")
    if token is None:
        if not app.settings.dashboard.public:
            raise web.HTTPNotFound()
        return "dashboard"
    if not _TOKEN.match(token):
        raise web.HTTPNotFound()
    async with app.sessions() as session:
        found = await subscriptions.by_token(session, token, kind=subscriptions.DASHBOARD)
    if found is None:
        raise web.HTTPNotFound()
    return token


async def dashboard_page(request: web.Request) -> web.Response:
    from bot.dashboard.page import DashboardPages, page_language
    from handlers.dashboard import LANGUAGE_NAMES, collect

    here = await _dashboard_allowed(request)
    app = _bot(request)
    lang = page_language(request.query.get("lang"), request.headers.get("Accept-Language"))
    tr = app.i18n.get(lang)
    async with app.sessions() as session:
        view = await collect(session, tr, app.clock.now().date(), show_people=app.settings.dashboard.show_people)
    pages = request.app[PAGES]
    assert isinstance(pages, DashboardPages)
    html = pages.render(view, here=here, languages=LANGUAGE_NAMES)
    return web.Response(text=html, content_type="text/html", charset="utf-8",
                        headers={**PAGE_HEADERS, "Content-Language": lang, "Vary": "Accept-Language"})


async def dashboard_timeline(request: web.Request) -> web.Response:
    from bot.dashboard.page import page_language
    from handlers.dashboard import timeline_picture

    await _dashboard_allowed(request)
    app = _bot(request)
    tr = app.i18n.get(page_language(request.query.get("lang"), request.headers.get("Accept-Language")))
    async with app.sessions() as session:
        picture = await timeline_picture(session, tr)
    return web.Response(body=picture.content, content_type="image/png", headers=PAGE_HEADERS)


async def dashboard_calendar(request: web.Request) -> web.Response:
    await _dashboard_allowed(request)
    app = _bot(request)
    async with app.sessions() as session:
        found = await events.find(session, events.between(None, None))
        body = ical.export(found, name="Alliance 8.7", now=app.clock.now())
    return web.Response(body=body, content_type="text/calendar", charset="utf-8", headers=PAGE_HEADERS)


def make_web_app(app: BotApp) -> web.Application:
    from bot.dashboard.page import DashboardPages

    web_app = web.Application()
    web_app[BOT_APP] = app
    web_app[PAGES] = DashboardPages()
    web_app.router.add_get("/calendar/{token}.ics", calendar_feed)
    web_app.router.add_get("/dashboard", dashboard_page)
    web_app.router.add_get("/dashboard/timeline.png", dashboard_timeline)
    web_app.router.add_get("/dashboard/calendar.ics", dashboard_calendar)
    web_app.router.add_get("/dashboard/{token}", dashboard_page)
    web_app.router.add_get("/dashboard/{token}/timeline.png", dashboard_timeline)
    web_app.router.add_get("/dashboard/{token}/calendar.ics", dashboard_calendar)
    return web_app


class WebServer:
    def __init__(self, app: BotApp) -> None:
        self.app = app
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        self._runner = web.AppRunner(make_web_app(self.app), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.app.settings.web.host, self.app.settings.web.port)
        await site.start()
        log.info("web endpoint on %s:%s", self.app.settings.web.host, self.app.settings.web.port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
