"""Posting to Slack: each post once (tagged and read back), ephemeral answers, response_url answers, files."""

from __future__ import annotations

import asyncio
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.adapters.slack.base import SlackBase, log
from bot.adapters.slack.retries import NETWORK_ERRORS, retry_handlers
from bot.messages import Incoming, Reply, Target

POST_EVENT_TYPE = "alliance_bot_post"
ALT_TEXT_LIMIT = 1000  # files.getUploadURLExternal refuses a longer image description (alt_txt_too_large)
FIND_POST_PAGES = 3
POST_ATTEMPTS = 3


class Posting(SlackBase):
    """Writes to Slack for every listener: posts, ephemeral messages, response_url answers, uploads."""

    post_client: AsyncWebClient

    # ------------------------------------------------------------------ posting

    async def _dm_channel(self, user_id: str) -> str:
        res = await self.client.conversations_open(users=user_id)
        return res["channel"]["id"]

    async def _find_post(self, channel: str, thread_ts: str | None, key: str) -> str | None:
        """The ts of the bot's post tagged with ``key`` in this conversation, if any."""
        cursor = None
        for _ in range(FIND_POST_PAGES):
            try:
                if thread_ts:
                    res = await self.client.conversations_replies(channel=channel, ts=thread_ts, limit=200,
                                                                  include_all_metadata=True, cursor=cursor)
                else:
                    res = await self.client.conversations_history(channel=channel, limit=200,
                                                                  include_all_metadata=True, cursor=cursor)
            except SlackApiError as exc:
                log.warning("could not read %s back to check for %s: %s", channel, key, exc.response.get("error"))
                return None
            for msg in res.get("messages") or []:
                meta = msg.get("metadata") or {}
                if meta.get("event_type") == POST_EVENT_TYPE and (meta.get("event_payload") or {}).get("key") == key:
                    return msg["ts"]
            cursor = (res.get("response_metadata") or {}).get("next_cursor")
            if not cursor:
                return None
        return None

    async def _post(self, channel: str, reply: Reply, *, thread_ts: str | None = None, key: str | None = None,
                    check_first: bool = False, incoming: Incoming | None = None) -> str:
        """chat.postMessage once: tagged with ``key``, read back after a lost answer."""
        if channel.startswith(("U", "W")):
            channel = await self._dm_channel(channel)
        payload: dict[str, Any] = {"channel": channel, **self.message(reply, incoming), "unfurl_links": False}
        if thread_ts:
            payload["thread_ts"] = thread_ts
        if key:
            payload["metadata"] = {"event_type": POST_EVENT_TYPE, "event_payload": {"key": key}}
        ts = await self._find_post(channel, thread_ts, key) if key and check_first else None
        if ts:
            self._delivered("duplicate")  # a retried send that had already landed
        last: Exception | None = None
        for attempt in range(POST_ATTEMPTS):
            if ts:
                break
            try:
                ts = (await self.post_client.chat_postMessage(**payload))["ts"]
                self._delivered("ok")
            except NETWORK_ERRORS as exc:
                last = exc
                log.warning("chat.postMessage to %s: no answer (%r); checking before trying again", channel, exc)
                if key:
                    ts = await self._find_post(channel, thread_ts, key)
                if ts:
                    self._delivered("ok")  # it had landed; only the answer was lost
                elif attempt + 1 < POST_ATTEMPTS:
                    self._retried("timeout" if isinstance(exc, (asyncio.TimeoutError, TimeoutError)) else "connection")
                    await asyncio.sleep(0.5 * 2**attempt)
            except SlackApiError as exc:
                self._delivered("failed")
                self._noticed(exc)
                raise
        if not ts:
            self._delivered("failed")
            raise last or RuntimeError("chat.postMessage failed")
        if reply.attachment:
            await self._upload(channel, reply, thread_ts=thread_ts or ts)
        return ts

    async def _upload(self, channel: str, reply: Reply, *, thread_ts: str | None = None) -> None:
        assert reply.attachment is not None
        file = reply.attachment
        extra: dict[str, Any] = {"alt_txt": file.alt_text[:ALT_TEXT_LIMIT]} if file.is_image and file.alt_text else {}
        await self.post_client.files_upload_v2(channel=channel, content=file.content, filename=file.filename,
                                               title=file.filename, thread_ts=thread_ts, **extra)

    async def _ephemeral(self, channel: str, user: str, reply: Reply, *, thread_ts: str | None = None,
                         incoming: Incoming | None = None) -> None:
        payload: dict[str, Any] = {"channel": channel, "user": user, **self.message(reply, incoming)}
        if thread_ts:
            payload["thread_ts"] = thread_ts
        try:
            await self.post_client.chat_postEphemeral(**payload)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            self._delivered("failed")
            self._noticed(exc)
            raise
        self._delivered("ok")
        if reply.attachment:  # files cannot be ephemeral: send it to the person's DM
            await self._upload(await self._dm_channel(user), reply)

    async def _respond(self, response_url: str, body: dict) -> bool:
        if self._webhook_http is None or self._webhook_http.closed:
            # slack_sdk applies its timeout only to sessions it makes itself: this one carries it
            self._webhook_http = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.settings.api_timeout_seconds))
        webhook = AsyncWebhookClient(response_url, timeout=int(self.settings.api_timeout_seconds) or 1,
                                     session=self._webhook_http,
                                     retry_handlers=retry_handlers(connection_errors=False, on_retry=self._retried))
        try:
            res = await webhook.send_dict(body)
        except NETWORK_ERRORS:
            self._delivered("failed")
            raise
        if res.status_code != 200:
            log.error("response_url answered %s: %s", res.status_code, res.body)
        self._delivered("ok" if res.status_code == 200 else "failed")
        return res.status_code == 200

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        """Post on the bot's own initiative; a retried send with the same key posts once."""
        channel = target.channel_id.removeprefix("slack:")
        if channel.startswith("dm:"):  # a direct message to these people together (an introduction)
            res = await self.client.conversations_open(users=channel.removeprefix("dm:"))
            channel = res["channel"]["id"]
        thread = target.thread_id.removeprefix("slack:") if target.thread_id else None
        return await self._post(channel, reply, thread_ts=thread, key=key, check_first=key is not None)

    async def _apologise(self, incoming: Incoming, *, channel: str, user: str, thread_ts: str | None = None,
                         response_url: str | None = None) -> None:
        text = self.tr(incoming).t("Sorry, I could not answer just now. Please try again in a minute.")
        try:
            if response_url and await self._respond(response_url, {"text": text, "response_type": "ephemeral"}):
                return
            await self.post_client.chat_postEphemeral(channel=channel, user=user, text=text, thread_ts=thread_ts)
        except Exception as exc:  # Slack itself is unreachable: the log is all that is left
            log.error("could not even apologise to %s in %s: %r", user, channel, exc)
