"""What every part of the Slack adapter reads: settings, clients, people, incoming messages, rendering, counts."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters import Core, OnIncoming
from bot.adapters.slack import render
from bot.adapters.slack.replay import ReplayGuard
from bot.adapters.slack.retries import NETWORK_ERRORS
from bot.messages import Incoming, Reply
from bot.settings import SlackSection

log = logging.getLogger("alliance_bot.slack")

REPLAY_PLATFORM = "slack-request"  # signatures of handled HTTP requests (``Core.first_requests``)
REPLAY_WINDOW = timedelta(minutes=10)  # Bolt refuses requests older than five minutes
AUTH_FAILURES = ("invalid_auth", "not_authed", "token_revoked", "token_expired", "account_inactive")


@dataclass(frozen=True)
class Person:
    name: str | None = None
    timezone: str | None = None
    locale: str | None = None
    is_bot: bool = False


class SlackBase:
    """The attributes ``SlackAdapter.__init__`` sets, and the helpers every listener uses."""

    platform: str
    settings: SlackSection
    app: Core
    client: AsyncWebClient
    on_incoming: OnIncoming | None
    auth: str
    _people: dict[str, tuple[float, Person]]
    _replays: ReplayGuard  # signatures noted together (``replay.py``)
    _webhook_http: aiohttp.ClientSession | None  # opened by ``Posting``, closed by ``Connection.stop``

    # ------------------------------------------------------------------ reporting

    def _retried(self, reason: str) -> None:
        self.app.metrics.retry(self.platform, reason)

    def _delivered(self, outcome: str) -> None:
        self.app.metrics.delivery(self.platform, outcome)

    def _noticed(self, exc: Exception) -> None:
        """A Web API answer that says the token no longer works makes the adapter not ready."""
        if isinstance(exc, SlackApiError) and exc.response.get("error") in AUTH_FAILURES:
            self.auth = "refused"

    # ------------------------------------------------------------------ people

    async def person(self, user_id: str) -> Person:
        """Name, time zone and locale from ``users.info``, cached for ``user_cache_seconds``."""
        now = time.monotonic()
        cached = self._people.get(user_id)
        if cached and cached[0] > now:
            return cached[1]
        try:
            res = await self.client.users_info(user=user_id, include_locale=True)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.warning("users.info %s failed: %s", user_id, exc)
            return cached[1] if cached else Person()
        user = res.get("user") or {}
        profile = user.get("profile") or {}
        found = Person(
            name=profile.get("display_name") or user.get("real_name") or user.get("name"),
            timezone=user.get("tz"),
            locale=user.get("locale"),
            is_bot=bool(user.get("is_bot")),
        )
        self._people[user_id] = (now + self.settings.user_cache_seconds, found)
        return found

    async def incoming(self, user_id: str, channel_id: str, text: str, **fields: Any) -> Incoming:
        who = await self.person(user_id)
        return Incoming(
            platform="slack",
            user_id=f"slack:{user_id}",
            user_name=who.name,
            channel_id=f"slack:{channel_id}",
            text=render.incoming_text(text),
            channel_mentions=render.channel_mentions(text),
            locale=who.locale,
            timezone=who.timezone,
            is_direct=fields.pop("is_direct", channel_id.startswith("D")),
            **fields,
        )

    def tr(self, incoming: Incoming | None = None):
        return self.app.i18n.get((incoming and incoming.locale) or self.app.settings.bot.locale)

    def more_label(self, incoming: Incoming | None, *, locale: str | None = None):
        tr = self.app.i18n.get(locale) if locale else self.tr(incoming)
        return lambda n: tr.tn("and {n} more", "and {n} more", n)

    async def handle(self, incoming: Incoming) -> list[Reply]:
        assert self.on_incoming is not None
        return await self.on_incoming(incoming)

    # ------------------------------------------------------------------ rendering

    def message(self, reply: Reply, incoming: Incoming | None = None) -> dict:
        # the words added here ("and N more") are in the reply's language, else the asker's Slack locale
        label = self.more_label(incoming, locale=reply.lang)
        tr = self.app.i18n.get(reply.lang) if reply.lang else self.tr(incoming)
        blocks = render.render_blocks(reply, more_label=label,
                                      rest_hint=tr.t("Ask for a narrower list to see the rest."))
        return {"text": render.fallback_text(reply, more_label=label), "blocks": render.to_dicts(blocks)}

    # ------------------------------------------------------------------ signed requests

    async def replayed(self, request: Any) -> bool:
        """True for a second delivery of one signed HTTP request (the same signature, which covers
        the timestamp and the body): someone replaying it within Bolt's five minutes. Remembered in
        the database, so it holds across processes; events are kept once by ``event_id`` instead.
        Signatures arriving together are written together (``ReplayGuard``)."""
        signature = next(iter((getattr(request, "headers", None) or {}).get("x-slack-signature") or []), None)
        if not signature:
            return False  # Socket Mode: an authenticated connection, nothing to replay
        fresh = await self._replays.first(signature[:255])
        if not fresh:
            log.warning("a signed request was delivered again; ignored (replay)")
        return not fresh
