"""A small HTTP endpoint (aiohttp) for what the bot serves on the web: read-only calendar
feeds now; health and metrics can share it later. Its address is ``[web]`` in the settings."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from aiohttp import web

from bot import ical
from storage import events, subscriptions

if TYPE_CHECKING:
    from bot.app import BotApp

log = logging.getLogger("alliance_bot.web")
BOT_APP = web.AppKey("bot_app", object)
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")


def feed_url(settings, token: str) -> str:
    base = settings.web.base_url.rstrip("/") or f"http://{settings.web.host}:{settings.web.port}"
    return f"{base}/calendar/{token}.ics"


async def calendar_feed(request: web.Request) -> web.Response:
    app: BotApp = request.app[BOT_APP]
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


def make_web_app(app: BotApp) -> web.Application:
    web_app = web.Application()
    web_app[BOT_APP] = app
    web_app.router.add_get("/calendar/{token}.ics", calendar_feed)
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
