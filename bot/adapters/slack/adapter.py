"""Slack: slash commands, mentions and DMs, buttons, a message shortcut, modals and App Home.

One ``slack_bolt`` ``AsyncApp`` in the bot's asyncio loop, reached through Socket Mode
(default) or the Events API over HTTP served by aiohttp. Every payload becomes a neutral
``Incoming``; every ``Reply`` comes back as Block Kit with a text fallback (``render.py``).

Rules this module keeps:

* acknowledge first, answer afterwards (Slack's 3-second deadline), so nothing waits on
  the database or the Web API before ``ack()``;
* an event (by ``event_id``) has its effect once, also when Slack redelivers it while the
  first delivery is still running, and after a restart (the core claims each ``delivery_id``);
* a post never goes out twice: the bot's posts carry a key in their message metadata,
  and after a lost answer the conversation is read back before posting again;
* a Web API failure that outlasts the retries is logged and, where someone is waiting,
  answered with a short apology; it never stops the listener.
"""

from __future__ import annotations

import asyncio
import functools
import re
import time
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters import Core, OnIncoming
from bot.adapters.slack import views
from bot.adapters.slack.base import AUTH_FAILURES, Person, log
from bot.adapters.slack.interactions import Interactions
from bot.adapters.slack.messages import Messages
from bot.adapters.slack.retries import NETWORK_ERRORS, retry_handlers
from bot.settings import SlackSection

COMMAND_BUTTON = re.compile(r"^(?!ui_)[a-z]+_[a-z]+$")  # "action_done" → !action done <value>


AUTH_RECHECK_SECONDS = 30.0


class SlackAdapter(Interactions, Messages):
    platform = "slack"

    def __init__(self, settings: SlackSection, app: Core) -> None:
        self.settings = settings
        self.app = app
        token = settings.bot_token.get_secret_value() if settings.bot_token else None
        timeout = settings.api_timeout_seconds
        # Reads and idempotent writes (updates, views) may be repeated after a connection error;
        # new posts may not: the answer may be lost after Slack posted (see ``_post``).
        # (slack_sdk annotates the timeout as an int; aiohttp, which it is handed to, takes a float)
        self.client = AsyncWebClient(token=token, base_url=settings.api_base_url,
                                     timeout=timeout,  # type: ignore[arg-type]
                                     retry_handlers=retry_handlers(connection_errors=True, on_retry=self._retried))
        self.post_client = AsyncWebClient(token=token, base_url=settings.api_base_url,
                                          timeout=timeout,  # type: ignore[arg-type]
                                          retry_handlers=retry_handlers(connection_errors=False,
                                                                        on_retry=self._retried))
        self.on_incoming: OnIncoming | None = None
        self.bolt: AsyncApp | None = None
        self.port: int | None = None  # HTTP mode: the port actually bound
        self.ready = asyncio.Event()
        self._stopped = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._socket: Any = None
        self._people: dict[str, tuple[float, Person]] = {}
        self._inflight: set[asyncio.Task] = set()
        #: "ok", "refused" (the token was rejected) or "unknown" (auth.test got no answer)
        self.auth = "unknown"
        self._auth_checked = 0.0
        self._auth_check: asyncio.Task | None = None
        #: what ``auth.test`` said at start, handed to Bolt for every request (see ``authorize``)
        self._authorization: AuthorizeResult | None = None
        #: one HTTP session for every response_url answer: kept-alive connections, not one per answer
        self._webhook_http: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------ reporting

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

    def build_bolt(self) -> AsyncApp:
        http = self.settings.mode == "http"
        secret = self.settings.signing_secret.get_secret_value() if self.settings.signing_secret else None
        if http and not secret:
            raise RuntimeError("Slack HTTP mode needs ALLIANCE_BOT_SLACK__SIGNING_SECRET")
        async def authorize() -> AuthorizeResult | None:
            return await self.authorize()

        # Bolt's own client carries no token: each request gets the one from ``authorize``
        bolt_client = AsyncWebClient(base_url=self.settings.api_base_url,
                                     timeout=self.settings.api_timeout_seconds,  # type: ignore[arg-type]  # as above
                                     retry_handlers=retry_handlers(connection_errors=True, on_retry=self._retried))
        bolt = AsyncApp(client=bolt_client, signing_secret=secret, request_verification_enabled=http,
                        process_before_response=False, logger=log,
                        # Bolt's annotation wants an AuthorizeResult; its code takes None as "not installed"
                        authorize=authorize)  # type: ignore[arg-type]
        for name, slash in self.settings.commands:
            bolt.command(slash)(self.tracked(self._command_listener(name)))
        bolt.event("app_mention")(self.tracked(self.on_mention))
        bolt.event("message")(self.tracked(self.on_message))
        bolt.event("app_home_opened")(self.tracked(self.on_home_opened))
        bolt.event("member_joined_channel")(self.tracked(self.on_member_joined))
        bolt.action(COMMAND_BUTTON)(self.tracked(self.on_command_button))
        for form in self.app.forms:  # the command families' forms (bot.forms), each a modal
            bolt.view(form.key)(self.tracked(self.on_modal_submit))
            if form.on_home:
                bolt.action(views.new_button(form))(self.tracked(self.on_new_button))
            if form.step:  # and a Workflow Builder step (the manifest's "functions")
                bolt.function(form.step)(self.tracked(self.on_workflow_step))
        for shortcut in self.app.message_actions:  # message shortcuts (listed in the manifest)
            bolt.shortcut(shortcut.key)(self.tracked(self.on_message_shortcut))
        bolt.error(self.on_bolt_error)
        return bolt

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
