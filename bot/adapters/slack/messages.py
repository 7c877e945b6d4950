"""Messages and slash commands: mentions, direct messages, a member joining, shared files, '/commands'."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError

from bot.adapters.slack.base import log
from bot.adapters.slack.posting import Posting
from bot.adapters.slack.retries import NETWORK_ERRORS
from bot.messages import Attachment, Reply, Tone, Visibility

if TYPE_CHECKING:
    from bot.forms import Form

IGNORED_SUBTYPES_EXCEPT = (None, "file_share", "thread_broadcast")
MAX_ATTACHMENT_BYTES = 1_000_000  # a file shared with a message is read up to this size (a calendar)


class Messages(Posting):
    """Listeners for what people write to the bot and for its slash commands."""

    if TYPE_CHECKING:  # in ``Interactions``: "/event add" alone opens the form
        async def open_modal(self, form: Form, trigger_id: str, *, user: str, channel: str) -> None: ...

    # ------------------------------------------------------------------ messages

    def _from_people(self, event: dict, context: dict) -> bool:
        if event.get("bot_id") or event.get("subtype") not in IGNORED_SUBTYPES_EXCEPT:
            return False
        user = event.get("user")
        return bool(user) and user != context.get("bot_user_id")

    async def on_mention(self, body: dict, event: dict, context: dict) -> None:
        if not self._from_people(event, context):
            return
        bot = context.get("bot_user_id") or ""
        text = re.sub(rf"<@{re.escape(bot)}(?:\|[^>]*)?>", " ", event.get("text") or "").strip()
        await self.answer(event, text, mentioned=True, event_id=body.get("event_id"))

    async def on_member_joined(self, body: dict, event: dict, context: dict) -> None:
        """Someone joined a channel the bot is in: the channel's greeting, if it has one (once per person)."""
        user, channel = str(event.get("user") or ""), str(event.get("channel") or "")
        if not user or not channel or user == context.get("bot_user_id"):
            return

        incoming = await self.incoming(user, channel, "", delivery_id=body.get("event_id"))
        for reply in await self.app.member_joined(incoming):  # the core greets once per delivery
            await self._post(channel, reply)

    async def on_message(self, body: dict, event: dict, context: dict) -> None:
        if event.get("channel_type") != "im" or not self._from_people(event, context):
            return  # channel messages reach the bot as app_mention
        await self.answer(event, event.get("text") or "", mentioned=False, event_id=body.get("event_id"))

    async def shared_file(self, event: dict) -> Attachment | None:
        """The first file shared with the message (e.g. a calendar for ``event import``), read with
        the bot token; None if there is none, it is too large, or Slack would not hand it over."""
        file = next(iter(event.get("files") or []), None)
        url = (file or {}).get("url_private_download") or (file or {}).get("url_private")
        if file is None or not url or (file.get("size") or 0) > MAX_ATTACHMENT_BYTES or not self.settings.bot_token:
            return None
        headers = {"Authorization": f"Bearer {self.settings.bot_token.get_secret_value()}"}
        try:
            timeout = aiohttp.ClientTimeout(total=self.settings.api_timeout_seconds * 4)
            async with aiohttp.ClientSession(timeout=timeout) as http, http.get(url, headers=headers) as res:
                content = await res.content.read(MAX_ATTACHMENT_BYTES + 1)
                if res.status != 200 or res.content_type == "text/html" or len(content) > MAX_ATTACHMENT_BYTES:
                    log.warning("could not read the file %s shared in %s (HTTP %s, %s)", file.get("id"),
                                event.get("channel"), res.status, res.content_type)
                    return None
        except NETWORK_ERRORS as exc:
            log.warning("could not read the file %s shared in %s: %r", file.get("id"), event.get("channel"), exc)
            return None
        return Attachment(file.get("name") or "file", content, file.get("mimetype") or "application/octet-stream")

    async def answer(self, event: dict, text: str, *, mentioned: bool, event_id: str | None) -> None:
        channel, user = event["channel"], event["user"]
        thread_ts = event.get("thread_ts") or event["ts"]
        attachment = await self.shared_file(event)
        incoming = await self.incoming(user, channel, text, mentions_bot=mentioned, message_id=event["ts"],
                                       thread_id=thread_ts, is_direct=event.get("channel_type") == "im",
                                       correlation_id=event_id, delivery_id=event_id,
                                       attachment=attachment)
        try:
            replies = await self.handle(incoming)
            for i, reply in enumerate(replies):
                if reply.visibility == Visibility.PRIVATE and not incoming.is_direct:
                    await self._ephemeral(channel, user, reply, thread_ts=thread_ts, incoming=incoming)
                else:
                    key = f"{event_id or event['ts']}:{i}"
                    await self._post(channel, reply, thread_ts=thread_ts, key=key, incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not answer %s in %s: %r", user, channel, exc)
            await self._apologise(incoming, channel=channel, user=user, thread_ts=thread_ts)

    # ------------------------------------------------------------------ slash commands

    def _command_listener(self, name: str):
        async def listener(ack, command: dict, request) -> None:
            await ack()  # first, always: Slack's 3-second deadline
            if not await self.replayed(request):
                await self.on_command(name, command)

        listener.__name__ = f"slash_{name}"
        return listener

    async def on_command(self, name: str, command: dict) -> None:
        user, channel = command["user_id"], command["channel_id"]
        text = command.get("text") or ""
        form = next((f for f in self.app.forms if f.command == name and text.strip().lower() in f.opens_on), None)
        if form is not None:  # "/event add" alone: the form
            await self.open_modal(form, command.get("trigger_id") or "", user=user, channel=channel)
            return
        incoming = await self.incoming(user, channel, text, command=name)
        response_url = command.get("response_url") or ""
        try:
            replies = await self.handle(incoming)
            if not replies:  # e.g. an empty question: say how to ask rather than stay silent
                hint = self.tr(incoming).t("Ask me a question after {ask}, for example: {ask} how is Nepal doing?",
                                           ask=command.get("command") or "/ask")
                replies = [Reply(body=((hint,),), visibility=Visibility.PRIVATE)]
            for reply in replies:
                shared = reply.visibility == Visibility.CHANNEL and reply.tone != Tone.ERROR
                body = {**self.message(reply, incoming), "response_type": "in_channel" if shared else "ephemeral"}
                try:
                    accepted = await self._respond(response_url, body)
                except NETWORK_ERRORS as exc:
                    if isinstance(exc, aiohttp.ClientConnectorError):
                        raise  # never reached Slack: say sorry
                    # sent, but Slack's acknowledgement was lost: the answer may well have landed,
                    # and an apology after an answer is worse than a log line
                    log.warning("response_url for %s: no acknowledgement (%r); the answer may have landed",
                                command.get("command"), exc)
                    return
                if not accepted:
                    raise SlackRequestError("response_url refused the answer")
                if reply.attachment:
                    await self._upload(channel if shared else await self._dm_channel(user), reply)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not answer %s for %s: %r", command.get("command"), user, exc)
            await self._apologise(incoming, channel=channel, user=user, response_url=response_url)
