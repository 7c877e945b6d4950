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
import json
import re
import time
from typing import Any

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.app.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters import Core, OnIncoming
from bot.adapters.slack import render, views
from bot.adapters.slack.base import AUTH_FAILURES, Person, log
from bot.adapters.slack.posting import Posting
from bot.adapters.slack.retries import NETWORK_ERRORS, retry_handlers
from bot.forms import Form
from bot.messages import Attachment, Incoming, Reply, Tone, Visibility
from bot.settings import SlackSection

COMMAND_BUTTON = re.compile(r"^(?!ui_)[a-z]+_[a-z]+$")  # "action_done" → !action done <value>
IGNORED_SUBTYPES_EXCEPT = (None, "file_share", "thread_broadcast")
FORM_ANSWER_SECONDS = 2.0  # a form's command may run this long before the ack (Slack waits 3 s)
MAX_ATTACHMENT_BYTES = 1_000_000  # a file shared with a message is read up to this size (a calendar)


AUTH_RECHECK_SECONDS = 30.0


def _ids(value: Any) -> list[str]:
    """A workflow input of users: a list of ids or one id."""
    if isinstance(value, str):
        return [value] if value else []
    return [str(v) for v in value or [] if v]


class SlackAdapter(Posting):
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

    # ------------------------------------------------------------------ signed requests

    def _from_people(self, event: dict, context: dict) -> bool:
        if event.get("bot_id") or event.get("subtype") not in IGNORED_SUBTYPES_EXCEPT:
            return False
        user = event.get("user")
        return bool(user) and user != context.get("bot_user_id")

    # ------------------------------------------------------------------ messages

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

    # ------------------------------------------------------------------ buttons

    async def on_command_button(self, ack, body: dict, action: dict, request) -> None:
        await ack()
        if await self.replayed(request):
            return
        command, _, sub = action["action_id"].partition("_")
        user = body["user"]["id"]
        container = body.get("container") or {}
        channel = (body.get("channel") or {}).get("id") or container.get("channel_id") or user
        if container.get("type") == "view" and sub == "list":  # "More" in the Home tab: the next page there
            await self.publish_home(user, pages={command: f"list {action.get('value') or ''}".strip()})
            return
        incoming = await self.incoming(user, channel, f"{sub} {action.get('value') or ''}".strip(), command=command)
        try:
            replies = await self.handle(incoming)
            if not replies:
                return
            reply = replies[0]
            if container.get("type") == "view":  # App Home: redraw it
                if reply.tone == Tone.ERROR:
                    await self._post(user, reply, incoming=incoming)
                await self.publish_home(user)
                return
            if reply.tone == Tone.ERROR or reply.visibility == Visibility.PRIVATE:
                await self._ephemeral(channel, user, reply, incoming=incoming,
                                      thread_ts=(body.get("message") or {}).get("thread_ts"))
                return
            await self.redraw(body, action, reply, incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not answer a button press by %s: %r", user, exc)
            await self._apologise(incoming, channel=channel, user=user)

    async def redraw(self, body: dict, action: dict, reply: Reply, incoming: Incoming) -> None:
        """Update the message the button was in: the whole card, or just the list row pressed."""
        container = body.get("container") or {}
        original = body.get("message") or {}
        block_id = action.get("block_id") or ""
        new = self.message(reply, incoming)
        if block_id.startswith(render.ROW_PREFIX) and original.get("blocks"):
            row = render.row_block(reply, block_id.split(":actions")[0]).to_dict()
            blocks = []
            for block in original["blocks"]:
                if block.get("block_id") == row["block_id"]:
                    blocks.append(row)
                elif block.get("block_id") != f"{row['block_id']}:actions":
                    blocks.append(block)
            new = {"text": render.text_of_blocks(blocks), "blocks": blocks}  # the fallback says what the rows say
        if container.get("is_ephemeral"):
            await self._respond(body["response_url"], {**new, "replace_original": True})
        else:
            await self.client.chat_update(channel=container.get("channel_id") or body["channel"]["id"],
                                          ts=container.get("message_ts") or original["ts"], **new)

    # ------------------------------------------------------------------ shortcut and modals

    async def on_message_shortcut(self, ack, shortcut: dict, request) -> None:
        """A message shortcut: the message's text goes to the command the shortcut stands for
        (``Core.message_actions``), linked to the message, and the answer is posted in its thread."""
        await ack()
        if await self.replayed(request):
            return
        declared = next(a for a in self.app.message_actions if a.key == shortcut["callback_id"])
        command, sub = declared.command, declared.sub
        user = shortcut["user"]["id"]
        channel = (shortcut.get("channel") or {}).get("id") or ""
        message = shortcut.get("message") or {}
        incoming = await self.incoming(user, channel, sub, command=command)
        try:
            permalink = ""
            try:
                permalink = (await self.client.chat_getPermalink(channel=channel, message_ts=message["ts"]))["permalink"]
            except SlackApiError as exc:
                log.warning("no permalink for %s/%s: %s", channel, message.get("ts"), exc.response.get("error"))
            raw = message.get("text") or ""
            names = {uid: (await self.person(uid)).name for uid in set(re.findall(r"<@([UW][A-Z0-9]+)", raw))}
            text = render.unformat(raw, names.get)
            incoming = await self.incoming(user, channel, sub, command=command, permalink=permalink,
                                           form={"text": text})
            thread_ts = message.get("thread_ts") or message.get("ts")
            for i, reply in enumerate(await self.handle(incoming)):
                if reply.visibility == Visibility.PRIVATE or reply.tone == Tone.ERROR:
                    await self._ephemeral(channel, user, reply, thread_ts=thread_ts, incoming=incoming)
                else:
                    await self._post(channel, reply, thread_ts=thread_ts, key=f"shortcut:{shortcut.get('action_ts')}:{i}",
                                     incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not run the %s shortcut for %s: %r", command, user, exc)
            await self._apologise(incoming, channel=channel, user=user)

    async def _groups(self, lang: str) -> list[tuple[str, str]]:
        return await self.app.group_choices(lang)

    async def open_modal(self, form: Form, trigger_id: str, *, user: str, channel: str) -> None:
        who = await self.person(user)
        tr = await self.app.translator_of(user_id=f"slack:{user}", channel_id=f"slack:{channel}", locale=who.locale)
        groups = await self._groups(tr.lang) if any(f.kind == "group" for f in form.fields) else []
        try:
            await self.client.views_open(trigger_id=trigger_id, view=views.modal(form, tr.t, groups, channel=channel))
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not open the %s form for %s: %r", form.key, user, exc)

    async def on_new_button(self, ack, body: dict, action: dict, request) -> None:
        await ack()
        if await self.replayed(request):
            return
        form = next(f for f in self.app.forms if views.new_button(f) == action["action_id"])
        channel = (body.get("channel") or {}).get("id") or ""
        await self.open_modal(form, body.get("trigger_id") or "", user=body["user"]["id"], channel=channel)

    async def on_modal_submit(self, ack, body: dict, view: dict, request) -> None:
        """Save a form. The command runs before the ack (bounded by ``FORM_ANSWER_SECONDS``), so a
        refusal is shown on the field with ``response_action: errors`` and the form keeps what was
        typed; a command slower than that is acknowledged first and answered afterwards."""
        user = body["user"]["id"]
        meta = json.loads(view.get("private_metadata") or "{}")
        channel = meta.get("channel") or ""
        values = (view.get("state") or {}).get("values") or {}
        declared = next(f for f in self.app.forms if f.key == view.get("callback_id"))
        command, verb, primary = declared.command, declared.verb, declared.primary
        form = views.answers(declared, values)

        async def run() -> tuple[Incoming, list[Reply]] | None:
            if await self.replayed(request):
                return None
            incoming = await self.incoming(user, channel or user, verb, command=command, form=form,
                                           permalink=meta.get("permalink") or None)
            group = form.get("group")
            if group:  # a choice from the list: one of the keys offered, or refused (never a near match)
                tr = self.tr(incoming)
                if group not in {key for key, _ in await self._groups(tr.lang)}:
                    return incoming, [Reply(body=((tr.t('There is no action group called "{name}".', name=group),),),
                                            tone=Tone.ERROR, visibility=Visibility.PRIVATE)]
            return incoming, await self.handle(incoming)

        work = asyncio.ensure_future(run())
        done, _ = await asyncio.wait({work}, timeout=FORM_ANSWER_SECONDS)
        if done and work.exception() is None:
            answered = work.result()
            if answered is None:
                await ack()  # a replay: already handled
                return
            refusal = next((r for r in answered[1] if r.tone == Tone.ERROR), None)
            if refusal is not None:
                message = render.plain_reply(refusal)
                await ack(response_action="errors", errors={views.field_of(message, values, primary): message})
                return
        await ack()  # closes the form; the result is posted where the form was opened
        try:
            result = await work
        except Exception as exc:
            log.error("could not save the form of %s: %r", user, exc)
            return
        if result is None:
            return
        incoming, replies = result
        try:
            for i, reply in enumerate(replies):
                private = reply.visibility == Visibility.PRIVATE or reply.tone == Tone.ERROR
                if channel and private:
                    await self._ephemeral(channel, user, reply, incoming=incoming)
                    continue
                target = channel if channel and not private else user
                try:
                    await self._post(target, reply, key=f"view:{view.get('id')}:{i}", incoming=incoming)
                except SlackApiError as exc:  # e.g. the bot is not in that channel: tell the person
                    if exc.response.get("error") not in ("not_in_channel", "channel_not_found"):
                        raise
                    await self._post(user, reply, key=f"view:{view.get('id')}:{i}:dm", incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not save the form of %s: %r", user, exc)
        if not channel:
            await self.publish_home(user)

    # ------------------------------------------------------------------ Workflow Builder steps

    async def on_workflow_step(self, body: dict, event: dict, inputs: dict, complete, fail) -> None:
        """A workspace's workflow ran "Create action item" or "Add event": the same command as the
        form, as the person the workflow names; completed with the new id, or failed saying why."""
        await self.run_workflow_step(event, inputs or {}, complete, fail, delivery_id=body.get("event_id"))

    async def run_workflow_step(self, event: dict, inputs: dict, complete, fail, *,
                                delivery_id: str | None = None) -> None:
        callback = (event.get("function") or {}).get("callback_id")
        user, channel = str(inputs.get("user") or ""), str(inputs.get("channel") or "")
        declared = next(f for f in self.app.forms if f.step == callback)
        command = declared.command
        form = declared.answers({field.name: [f"<@slack:{u}>" for u in _ids(inputs.get(field.name))]
                                 if field.kind == "people" else str(inputs.get(field.name) or "")
                                 for field in declared.fields})
        if not user:
            await fail(error=self.tr().t("Choose whom this step is recorded for (the user input)."))
            return
        incoming = await self.incoming(user, channel or user, declared.verb, command=command, form=form,
                                       is_direct=not channel, delivery_id=delivery_id)
        tr = self.tr(incoming)
        try:
            group = form.get("group")
            if group:  # typed into the workflow: a group's key or name exactly, never a near match
                offered = await self._groups(tr.lang)
                known = {key: key for key, _ in offered} | {name.lower(): key for key, name in offered}
                form["group"] = known.get(group) or known.get(group.lower()) or ""  # (the incoming's form)
            if group and not form["group"]:
                replies = [Reply(body=((tr.t('There is no action group called "{name}".', name=group),),),
                                 tone=Tone.ERROR, visibility=Visibility.PRIVATE)]
            else:
                replies = await self.handle(incoming)
                if not replies:
                    return  # a redelivery of a step already run: it was completed (or failed) then
            refusal = next((r for r in replies if r.tone == Tone.ERROR), None)
            if refusal is not None or not replies:
                await fail(error=render.plain_reply(refusal) if refusal else tr.t("Nothing was saved."))
                return
            reply = replies[0]
            ref = reply.subject.ref if reply.subject else ""
            await complete(outputs={"id": ref, "summary": render.plain_reply(
                Reply(body=((reply.title or "",),)), limit=2000)})
            target = channel or user
            await self._post(target, reply, key=f"step:{event.get('function_execution_id')}", incoming=incoming)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("workflow step %s for %s: %r", callback, user, exc)

    # ------------------------------------------------------------------ App Home

    async def on_home_opened(self, body: dict, event: dict) -> None:
        if event.get("tab") != "home":
            return
        await self.publish_home(event["user"])

    async def publish_home(self, user: str, *, pages: dict[str, str] | None = None) -> None:
        """Publish the Home tab; ``pages`` replaces a section's list by another page of it."""
        sections: list[Reply] = []
        for section in self.app.home_sections:
            command, text = section.command, (pages or {}).get(section.command, section.text)
            incoming = await self.incoming(user, user, text, command=command, is_direct=True)
            sections.extend(r for r in await self.handle(incoming) if r.tone != Tone.ERROR)
        who = await self.person(user)
        tr = await self.app.translator_of(user_id=f"slack:{user}", locale=who.locale)
        view = views.home_view(tr.t, sections, forms=self.app.forms, more_label=self.more_label(None, locale=tr.lang))
        try:
            await self.client.views_publish(user_id=user, view=view)
        except (SlackApiError, *NETWORK_ERRORS) as exc:
            log.error("could not publish the Home tab for %s: %r", user, exc)
