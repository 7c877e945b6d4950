"""Slack: slash commands, mentions and DMs, buttons, a message shortcut, modals and App Home.

One ``slack_bolt`` ``AsyncApp`` in the bot's asyncio loop, reached through Socket Mode
(default) or the Events API over HTTP served by aiohttp. Every payload becomes a neutral
``Incoming``; every ``Reply`` comes back as Block Kit with a text fallback (``render.py``).

``SlackAdapter`` here combines ``Connection`` (connection.py), ``Interactions``
(interactions.py) and ``Messages`` (messages.py), which build on ``Posting`` (posting.py) and
``SlackBase`` (base.py); the Web API retry handlers are in retries.py.

Rules the adapter keeps:

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
import re
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters import Core, OnIncoming
from bot.adapters.slack import views
from bot.adapters.slack.base import REPLAY_PLATFORM, REPLAY_WINDOW, Person, log
from bot.adapters.slack.connection import Connection
from bot.adapters.slack.interactions import Interactions
from bot.adapters.slack.messages import Messages
from bot.adapters.slack.replay import ReplayGuard
from bot.adapters.slack.retries import retry_handlers
from bot.settings import SlackSection

COMMAND_BUTTON = re.compile(r"^(?!ui_)[a-z]+_[a-z]+$")  # "action_done" → !action done <value>


class SlackAdapter(Connection, Interactions, Messages):
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
        self._replays = ReplayGuard(app, REPLAY_PLATFORM, REPLAY_WINDOW)
        self._inflight: set[asyncio.Task] = set()
        #: "ok", "refused" (the token was rejected) or "unknown" (auth.test got no answer)
        self.auth = "unknown"
        self._auth_checked = 0.0
        self._auth_check: asyncio.Task | None = None
        #: what ``auth.test`` said at start, handed to Bolt for every request (see ``authorize``)
        self._authorization: AuthorizeResult | None = None
        #: one HTTP session for every response_url answer: kept-alive connections, not one per answer
        self._webhook_http: aiohttp.ClientSession | None = None

    # ------------------------------------------------------------------ the Bolt app and its listeners

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
