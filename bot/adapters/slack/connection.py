"""Slack's connection: the token's check, Socket Mode or the HTTP endpoint, readiness, start and stop."""

from __future__ import annotations

import asyncio
import functools
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError

from bot.adapters import OnIncoming
from bot.adapters.slack.base import AUTH_FAILURES, SlackBase, log
from bot.adapters.slack.retries import NETWORK_ERRORS

AUTH_RECHECK_SECONDS = 30.0


class Connection(SlackBase):
    """Auth, health and lifecycle: ``start``/``run``/``stop`` around the Bolt app ``build_bolt`` makes."""

    bolt: AsyncApp | None
    port: int | None
    ready: asyncio.Event
    _stopped: asyncio.Event
    _runner: web.AppRunner | None
    _socket: Any
    _inflight: set[asyncio.Task]
    _auth_checked: float
    _auth_check: asyncio.Task | None
    _authorization: AuthorizeResult | None

    if TYPE_CHECKING:  # in ``SlackAdapter``: every listener, registered on one Bolt app
        def build_bolt(self) -> AsyncApp: ...

    # ------------------------------------------------------------------ auth and health

    async def check_auth(self) -> str:
        """``auth.test`` with the bot token: "ok", "refused" or "unknown" (no answer)."""
        self._auth_checked = time.monotonic()
        try:
            res = await self.client.auth_test()
            self.auth = "ok"
            self._authorization = AuthorizeResult.from_auth_test_response(
                bot_token=self.client.token, auth_test_response=res)
        except SlackApiError as exc:
            error = exc.response.get("error")
            self.auth = "refused" if error in AUTH_FAILURES else "unknown"
            log.error("Slack auth.test failed: %s", error)
        except NETWORK_ERRORS as exc:
            self.auth = "unknown"
            log.warning("Slack auth.test got no answer: %r", exc)
        return self.auth

    async def authorize(self) -> AuthorizeResult | None:
        """Bolt's authorization for a request: the one checked at start, so no request waits on
        ``auth.test`` before its ack (Bolt's default calls it again on the first request).
        Only if Slack did not answer at start is it asked now."""
        if self._authorization is None and self.auth != "refused":
            await self.check_auth()
        return self._authorization

    def is_connected(self) -> bool:
        """Ready to work: Socket Mode connected (or the HTTP endpoint listening) and the token accepted.

        An auth state left unknown (Slack did not answer at start) is checked again in the
        background, at most every ``AUTH_RECHECK_SECONDS``.
        """
        if self._stopped.is_set() or not self.ready.is_set():
            return False
        if self.auth == "unknown" and time.monotonic() - self._auth_checked > AUTH_RECHECK_SECONDS \
                and (self._auth_check is None or self._auth_check.done()):
            self._auth_check = asyncio.ensure_future(self.check_auth())
        if self.auth != "ok":
            return False
        if self.settings.mode == "http":
            return self._runner is not None
        client = getattr(self._socket, "client", None)
        session = getattr(client, "current_session", None)
        return (client is not None and not client.closed and not getattr(client, "stale", False)
                and session is not None and not session.closed)

    # ------------------------------------------------------------------ lifecycle

    def tracked(self, listener):
        """Run a listener as in-flight work, so ``stop`` lets it finish (bounded) first."""

        @functools.wraps(listener)
        async def run(*args, **kwargs):
            task = asyncio.current_task()
            if task is not None:
                self._inflight.add(task)
            try:
                return await listener(*args, **kwargs)
            finally:
                if task is not None:
                    self._inflight.discard(task)

        return run

    async def start(self, on_incoming: OnIncoming) -> None:
        self.on_incoming = on_incoming
        self.bolt = self.build_bolt()
        await self.check_auth()
        if self.settings.mode == "http":
            web_app = web.Application()
            web_app.router.add_post(self.settings.http_path, self._http_endpoint)
            web_app.router.add_get("/healthz", self._health)
            self._runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1.0)
            await self._runner.setup()
            site = web.TCPSite(self._runner, self.settings.http_host, self.settings.http_port)
            await site.start()
            self.port = self._runner.addresses[0][1]
            log.info("Slack HTTP endpoint on %s:%s%s", self.settings.http_host, self.port, self.settings.http_path)
        else:
            from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

            if not self.settings.app_token:
                raise RuntimeError("Slack Socket Mode needs ALLIANCE_BOT_SLACK__APP_TOKEN")
            self._socket = AsyncSocketModeHandler(self.bolt, app_token=self.settings.app_token.get_secret_value())
            await self._socket.connect_async()
            log.info("Slack Socket Mode connected")
        self.ready.set()

    async def run(self, on_incoming: OnIncoming) -> None:
        await self.start(on_incoming)
        await self._stopped.wait()

    async def stop(self) -> None:
        if self._auth_check is not None and not self._auth_check.done():
            self._auth_check.cancel()
        if self._inflight:  # let answers being written finish, within bounds
            await asyncio.wait(set(self._inflight), timeout=self.settings.api_timeout_seconds * 3)
        if self._socket is not None:
            await self._socket.close_async()
            self._socket = None
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._webhook_http is not None:
            await self._webhook_http.close()
            self._webhook_http = None
        self._stopped.set()

    async def _http_endpoint(self, request: web.Request) -> web.Response:
        assert self.bolt is not None
        response = await self.bolt.async_dispatch(await to_bolt_request(request))
        return await to_aiohttp_response(response)

    async def _health(self, request: web.Request) -> web.Response:
        return web.Response(text="ok")

    async def on_bolt_error(self, error: Exception, body: dict) -> None:
        log.error("Slack listener failed: %s", error, exc_info=error)
