"""``/healthz``, ``/livez`` and ``/metrics`` over HTTP for the people who run the bot.

``ops_routes(app)`` gives the routes, so another aiohttp application can add
them to its own router; ``ops_application(app)`` wraps them in an application
of their own; ``OpsServer`` serves that on the configured local address.
"""

from __future__ import annotations

import logging

from aiohttp import web

from bot.observability import check_health

log = logging.getLogger("alliance_bot.ops")


def ops_routes(bot) -> list[web.RouteDef]:
    """Routes for ``bot`` (a ``BotApp``): add them with ``web_app.add_routes(...)``."""

    async def healthz(_request: web.Request) -> web.Response:
        health = await check_health(bot.engine, bot.adapters, timeout=bot.settings.ops.health_timeout_seconds)
        return web.json_response(health.as_json(), status=200 if health.ready else 503)

    async def livez(_request: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "live": True})

    async def metrics(request: web.Request) -> web.Response:
        body, content_type = bot.metrics.exposition(request.headers.get("Accept", ""))
        return web.Response(body=body, headers={"Content-Type": content_type})

    return [web.get("/healthz", healthz), web.get("/livez", livez), web.get("/metrics", metrics)]


def ops_application(bot) -> web.Application:
    application = web.Application()
    application.add_routes(ops_routes(bot))
    return application


class OpsServer:
    """Serves an aiohttp application on host:port; ``port`` is the bound one (useful with 0)."""

    def __init__(self, application: web.Application, host: str, port: int) -> None:
        self.application = application
        self.host = host
        self.port = port
        self._runner: web.AppRunner | None = None

    async def start(self) -> OpsServer:
        self._runner = web.AppRunner(self.application, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port)
        await site.start()
        if self._runner.addresses:
            self.port = self._runner.addresses[0][1]
        log.info("ops server on http://%s:%d (/healthz, /livez, /metrics)", self.host, self.port)
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
