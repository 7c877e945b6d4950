"""A local stand-in for Slack's servers, for the test suite.

One aiohttp server on 127.0.0.1 (random port) plays three parts:

* the Web API (``/api/<method>``), for ``AsyncWebClient(base_url=fake.api_base_url)``;
* the side endpoints Slack hands out: file upload URLs (``files_upload_v2``) and
  ``response_url``s (``fake.new_response_url()``);
* the Socket Mode WebSocket (``/link/?ticket=...``), reached through
  ``apps.connections.open`` exactly like the real client does.

It keeps a little state (messages per channel, users, views, files, reactions) so a
bot can read back what it wrote, it records every call, and it can be told to fail
like Slack does (429 + Retry-After, 5xx, a held response, a dropped connection).

Behaviour follows Slack's documented contract where it matters to a bot:

* tokens: bot tokens start ``xoxb-``; ``apps.connections.open`` needs an app-level
  ``xapp-`` token (``not_allowed_token_type`` otherwise); with a JSON body the token
  must come in the ``Authorization: Bearer`` header (Slack ignores a ``token`` key in
  JSON bodies) - missing token -> ``not_authed``, unknown -> ``invalid_auth``,
  revoked -> ``token_revoked``;
* ``chat.postMessage``: ``channel_not_found`` / ``no_text`` / ``invalid_blocks``
  (more than 50 blocks, section text over 3000 chars, block_id over 255),
  ``invalid_blocks_format``, ``not_in_channel``, ``is_archived``; posting to a user
  id lands in the bot's DM with that user; text is truncated at 40,000 chars;
* ``conversations.history``: newest first, ``oldest``/``latest`` exclusive unless
  ``inclusive``, ``limit`` + cursor paging, thread replies left out (except
  broadcasts), ``metadata`` only with ``include_all_metadata``;
* ``users.info``: ``locale`` only with ``include_locale=true``;
* ``views.open``: trigger ids from ``fake.new_trigger_id()`` expire after 3 s and
  can be exchanged once; modal titles longer than 24 chars or more than 100
  blocks -> ``invalid_arguments``; ``views.update`` checks ``hash``.

Nothing here is copied from other projects.
"""

from __future__ import annotations

import asyncio
import base64
import itertools
import json
import math
import random
import socket
import time
import uuid
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Optional, Union
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

try:
    from . import block_kit
except ImportError:
    import block_kit

__all__ = ["FakeSlack", "Call", "FakeUser", "FakeChannel", "SocketConnection"]

# Arguments that Slack expects as JSON (form-encoded clients send them as JSON strings).
JSON_ARGS = {
    "blocks",
    "attachments",
    "metadata",
    "view",
    "files",
    "unfurls",
    "outputs",
    "user_auth_blocks",
}

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_ID_LENGTH = 255
MAX_MESSAGE_TEXT = 40000
MAX_VIEW_TITLE = 24
TRIGGER_TTL = 3.0
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_TTL = 30 * 60

FAULT_KINDS = ("ratelimit", "server_error", "timeout", "disconnect", "disconnect_after", "slow_ack")


@dataclass
class Call:
    """One request the fake received."""

    method: str  # Web API method, or "upload" / "response_url"
    args: Dict[str, Any]
    token: Optional[str] = None
    http_method: str = "POST"
    content_type: str = ""
    headers: Dict[str, str] = field(default_factory=dict)
    faulted: Optional[str] = None  # the injected fault kind, None for a normal call
    status: Optional[int] = None  # HTTP status answered (None: no answer was sent)
    response: Optional[Dict[str, Any]] = None
    at: float = field(default_factory=time.time)
    raw_body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.faulted is None and bool(self.response and self.response.get("ok"))

    @property
    def error(self) -> Optional[str]:
        return None if self.response is None else self.response.get("error")


@dataclass
class FakeUser:
    id: str
    name: str = ""
    real_name: str = ""
    tz: str = "Europe/London"
    tz_label: str = ""
    tz_offset: int = 0
    locale: str = "en-US"
    is_bot: bool = False
    deleted: bool = False
    email: Optional[str] = None
    display_name: str = ""

    def to_slack(self, team_id: str, include_locale: bool) -> Dict[str, Any]:
        name = self.name or self.id.lower()
        real_name = self.real_name or name
        profile: Dict[str, Any] = {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
            "team": team_id,
        }
        if self.email:
            profile["email"] = self.email
        user = {
            "id": self.id,
            "team_id": team_id,
            "name": name,
            "deleted": self.deleted,
            "real_name": real_name,
            "tz": self.tz,
            "tz_label": self.tz_label or self.tz,
            "tz_offset": self.tz_offset,
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }
        if include_locale:
            user["locale"] = self.locale
        return user


@dataclass
class FakeChannel:
    id: str
    name: str = ""
    members: Optional[set] = None  # None: anybody is a member
    bot_is_member: bool = True
    is_archived: bool = False
    is_im: bool = False
    user: Optional[str] = None  # for DMs


@dataclass
class _Fault:
    kind: str
    times: int
    retry_after: int
    status: int
    hold: float


@dataclass
class _Bucket:
    per_second: float
    burst: int
    per_channel: bool
    levels: Dict[Optional[str], List[float]] = field(default_factory=dict)


class SocketConnection:
    """One open Socket Mode WebSocket."""

    def __init__(self, conn_id: int, ws: web.WebSocketResponse, ticket: str):
        self.id = conn_id
        self.ws = ws
        self.ticket = ticket
        self.received: List[Dict[str, Any]] = []
        self.closed = False


class _SlackError(Exception):
    def __init__(self, error: str, status: int = 200, **extra: Any):
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return "" if obj is None else str(obj)


class FakeSlack:
    """A fake Slack (Web API + upload/response URLs + Socket Mode) on loopback.

    Usage::

        fake = FakeSlack()
        await fake.start()
        client = AsyncWebClient(token="xoxb-test", base_url=fake.api_base_url)
        ...
        await fake.stop()

    or ``async with FakeSlack() as fake: ...``.
    """

    def __init__(
        self,
        *,
        team_id: str = "TFAKE",
        team_name: str = "Fake Workspace",
        team_domain: str = "fake-workspace",
        bot_user_id: str = "UBOT",
        bot_id: str = "BBOT",
        bot_name: str = "alliance-bot",
        app_id: str = "AFAKE",
        scopes: Iterable[str] = (
            "chat:write",
            "commands",
            "users:read",
            "im:write",
            "channels:history",
            "groups:history",
            "im:history",
            "reactions:write",
            "files:write",
            "files:read",
        ),
        strict_channels: bool = False,
        strict_triggers: bool = False,
    ):
        self.team_id = team_id
        self.team_name = team_name
        self.team_domain = team_domain
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.bot_name = bot_name
        self.app_id = app_id
        self.scopes = list(scopes)
        self.strict_channels = strict_channels
        self.strict_triggers = strict_triggers
        # Clock for trigger-id / response_url expiry and rate-limit buckets; tests may replace it.
        self.clock: Callable[[], float] = time.monotonic

        self.calls: List[Call] = []
        self.users: Dict[str, FakeUser] = {}
        self.channels: Dict[str, FakeChannel] = {}
        self.messages: Dict[str, List[Dict[str, Any]]] = {}  # channel -> messages in post order
        self.ephemerals: List[Dict[str, Any]] = []
        self.views: Dict[str, Dict[str, Any]] = {}
        self.home_views: Dict[str, Dict[str, Any]] = {}
        self.files: Dict[str, Dict[str, Any]] = {}
        self.response_url_posts: Dict[str, List[Dict[str, Any]]] = {}
        self.revoked_tokens: set = set()
        self.function_executions: Dict[str, Dict[str, Any]] = {}

        self.socket_sent: List[Dict[str, Any]] = []
        self.socket_received: List[Dict[str, Any]] = []
        self.socket_connects = 0  # connections ever accepted

        self._faults: Dict[str, List[_Fault]] = {}
        self._random_faults: Dict[str, tuple] = {}  # method -> (Random, [(kind, probability, _Fault args)])
        self._buckets: Dict[str, _Bucket] = {}
        self._stubs: Dict[str, Union[Dict[str, Any], Callable[[Dict[str, Any]], Any]]] = {}
        self._triggers: Dict[str, Dict[str, Any]] = {}
        self._response_urls: Dict[str, Dict[str, Any]] = {}
        self._tickets: set = set()
        self._sockets: List[SocketConnection] = []
        self._pending_acks: Dict[str, asyncio.Future] = {}
        self._ids = itertools.count(1)
        self._conn_ids = itertools.count(1)
        self._last_ts_us = 0
        self._cond: Optional[asyncio.Condition] = None
        self._stopping: Optional[asyncio.Event] = None
        self._runner: Optional[web.AppRunner] = None
        self.port: Optional[int] = None

        self.add_user(bot_user_id, name=bot_name, real_name=bot_name, is_bot=True)

    # ------------------------------------------------------------------ lifecycle

    async def start(self) -> "FakeSlack":
        self._cond = asyncio.Condition()
        self._stopping = asyncio.Event()
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._handle_api)
        app.router.add_post("/upload/v1/{file_id}", self._handle_upload)
        app.router.add_post("/response_url/{rid}", self._handle_response_url)
        app.router.add_get("/files-pri/{file_id}/{name}", self._handle_file_download)
        app.router.add_get("/link/", self._handle_socket)
        # handler_cancellation: a client that hangs up (timeout) cancels the held handler.
        self._runner = web.AppRunner(app, access_log=None, handler_cancellation=True, shutdown_timeout=0.5)
        await self._runner.setup()
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.port = sock.getsockname()[1]
        site = web.SockSite(self._runner, sock)
        await site.start()
        return self

    async def stop(self) -> None:
        if self._stopping is not None:
            self._stopping.set()
        for conn in list(self._sockets):
            try:
                await conn.ws.close(code=1001, message=b"server stopping")
            except Exception:
                pass
        for fut in self._pending_acks.values():
            if not fut.done():
                fut.cancel()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> "FakeSlack":
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_base_url(self) -> str:
        return f"{self.base_url}/api/"

    # ------------------------------------------------------------------ configuration

    def add_user(
        self,
        user_id: str,
        *,
        name: str = "",
        real_name: str = "",
        tz: str = "Europe/London",
        tz_offset: int = 0,
        tz_label: str = "",
        locale: str = "en-US",
        is_bot: bool = False,
        deleted: bool = False,
        email: Optional[str] = None,
        display_name: str = "",
    ) -> FakeUser:
        user = FakeUser(
            id=user_id,
            name=name,
            real_name=real_name,
            tz=tz,
            tz_label=tz_label,
            tz_offset=tz_offset,
            locale=locale,
            is_bot=is_bot,
            deleted=deleted,
            email=email,
            display_name=display_name,
        )
        self.users[user_id] = user
        return user

    def add_channel(
        self,
        channel_id: str,
        *,
        name: str = "",
        members: Optional[Iterable[str]] = None,
        bot_is_member: bool = True,
        is_archived: bool = False,
    ) -> FakeChannel:
        channel = FakeChannel(
            id=channel_id,
            name=name or channel_id.lower(),
            members=None if members is None else set(members),
            bot_is_member=bot_is_member,
            is_archived=is_archived,
        )
        self.channels[channel_id] = channel
        return channel

    def add_message(
        self,
        channel: str,
        text: str = "",
        *,
        user: str = "U0USER",
        ts: Optional[str] = None,
        thread_ts: Optional[str] = None,
        **extra: Any,
    ) -> Dict[str, Any]:
        """Seed a message (e.g. one a user wrote) into a channel's history."""
        msg: Dict[str, Any] = {"type": "message", "user": user, "text": text, "ts": ts or self._new_ts()}
        if thread_ts:
            msg["thread_ts"] = thread_ts
        msg.update(extra)
        self._store_message(channel, msg)
        return msg

    def share_file(self, name: str, content: bytes, mimetype: str = "application/octet-stream",
                   *, user: str = "U0USER") -> Dict[str, Any]:
        """A file a person shared, as it appears in a message event's ``files``. Its
        ``url_private_download`` answers only with the bot token (``Authorization: Bearer``)."""
        file_id = self._new_id("F")
        self.files[file_id] = {"id": file_id, "name": name, "title": name, "content": content,
                               "mimetype": mimetype, "user": user}
        return {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
                "size": len(content), "user": user, "mode": "hosted",
                "url_private": f"{self.base_url}/files-pri/{file_id}/{name}",
                "url_private_download": f"{self.base_url}/files-pri/{file_id}/{name}"}

    async def _handle_file_download(self, request: web.Request) -> web.StreamResponse:
        call = Call(method="files-pri", args={"file_id": request.match_info["file_id"]}, http_method="GET",
                    headers={k: v for k, v in request.headers.items()})
        auth = request.headers.get("Authorization", "")
        file = self.files.get(request.match_info["file_id"])
        if not auth.startswith("Bearer xoxb-") or auth[7:] in self.revoked_tokens or file is None:
            # like Slack: no token, no file - the sign-in page instead
            call.status, call.response = 200, {"ok": False}
            await self._record(call)
            return web.Response(text="<html>Sign in</html>", content_type="text/html")
        call.status, call.response = 200, {"ok": True}
        await self._record(call)
        return web.Response(body=file["content"], content_type=file.get("mimetype") or "application/octet-stream")

    def revoke(self, token: str) -> None:
        """Make ``token`` answer ``token_revoked`` from now on."""
        self.revoked_tokens.add(token)

    def stub(self, method: str, response: Union[Dict[str, Any], Callable[[Dict[str, Any]], Any]]) -> None:
        """Answer ``method`` with a fixed dict (or ``fn(args) -> dict``), for methods the fake lacks."""
        self._stubs[method] = response

    def inject(
        self,
        method: str,
        kind: str,
        times: int = 1,
        retry_after: int = 1,
        *,
        status: Optional[int] = None,
        hold: float = 60.0,
    ) -> None:
        """Make the next ``times`` calls to ``method`` fail.

        ``method``: a Web API method, ``"upload"`` (the upload URL), ``"response_url"``
        or ``"*"`` (any of them).

        kinds:
          * ``"ratelimit"``: HTTP 429, ``Retry-After: <retry_after>``, ``ratelimited``;
          * ``"server_error"``: HTTP ``status`` (500 default, or 503 etc.);
          * ``"timeout"``: hold the answer ``hold`` seconds (or until the client hangs up /
            the fake stops); if the client is still there afterwards it gets a normal answer;
          * ``"disconnect"``: close the connection without answering (nothing happens);
          * ``"slow_ack"``: do the work, then hold the answer ``hold`` seconds (the work is done
            even if the client has given up by then);
          * ``"disconnect_after"``: do the work, then drop the connection before the answer
            (the bot sees a network error although the message was posted).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        if status is None:
            status = 429 if kind == "ratelimit" else 500
        self._faults.setdefault(method, []).append(
            _Fault(kind=kind, times=times, retry_after=retry_after, status=status, hold=hold)
        )

    def inject_at_random(
        self,
        method: str,
        kinds: Dict[str, float],
        *,
        seed: int,
        retry_after: int = 1,
        statuses: Iterable[int] = (500, 502, 503),
        hold: float = 60.0,
    ) -> None:
        """Make calls to ``method`` fail at random from now on (until ``clear_faults``).

        ``kinds`` maps a fault kind (as for ``inject``) to the probability that one call gets
        it; the draws come from ``random.Random(seed)``, one per call in arrival order, so the
        same seed gives the same mix. ``server_error`` picks its status from ``statuses``.
        Faults queued with ``inject`` come first.
        """
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; expected some of {FAULT_KINDS}")
        if sum(kinds.values()) > 1:
            raise ValueError("the probabilities add up to more than 1")
        self._random_faults[method] = (random.Random(seed), list(kinds.items()), retry_after, list(statuses), hold)

    def clear_faults(self) -> None:
        self._faults.clear()
        self._random_faults.clear()

    def set_rate_limit(self, method: str, per_second: float, burst: int = 1, *, per_channel: bool = True) -> None:
        """Rate-limit ``method`` with a token bucket (like chat.postMessage's ~1/s per channel).

        Over the limit the call gets HTTP 429 with the ``Retry-After`` Slack would give.
        """
        self._buckets[method] = _Bucket(per_second=per_second, burst=burst, per_channel=per_channel)

    def new_trigger_id(self) -> str:
        """A trigger id valid for ``views.open`` for 3 seconds, once."""
        trigger_id = f"{next(self._ids)}.{int(time.time())}.{uuid.uuid4().hex[:24]}"
        self._triggers[trigger_id] = {"issued": self.clock(), "used": False}
        return trigger_id

    def new_response_url(self, channel: Optional[str] = None) -> str:
        """A ``response_url`` on the fake; POSTs to it are recorded (``fake.response_url_posts``)."""
        rid = uuid.uuid4().hex
        self._response_urls[rid] = {"channel": channel, "issued": self.clock(), "uses": 0}
        self.response_url_posts[rid] = []
        return f"{self.base_url}/response_url/{rid}"

    def posts_to(self, response_url: str) -> List[Dict[str, Any]]:
        """JSON bodies POSTed to a URL from ``new_response_url``."""
        return self.response_url_posts.get(response_url.rstrip("/").rsplit("/", 1)[-1], [])

    # ------------------------------------------------------------------ inspection

    def calls_to(self, method: str, *, include_faulted: bool = False) -> List[Call]:
        """Calls to ``method``; faulted ones (injected failures) only if asked for."""
        return [c for c in self.calls if c.method == method and (include_faulted or c.faulted is None)]

    async def wait_for_call(
        self,
        method: str,
        predicate: Optional[Callable[[Call], bool]] = None,
        timeout: float = 5.0,
        *,
        include_faulted: bool = False,
        start: int = 0,
    ) -> Call:
        """Wait until a call to ``method`` (matching ``predicate``) has been answered.

        Calls already recorded count (from index ``start`` of ``fake.calls``); returns the
        first match. Raises ``TimeoutError`` after ``timeout`` seconds.
        """

        def find() -> Optional[Call]:
            for c in self.calls[start:]:
                if c.method != method or (c.faulted is not None and not include_faulted):
                    continue
                if predicate is None or predicate(c):
                    return c
            return None

        assert self._cond is not None, "FakeSlack.start() was not awaited"
        async with self._cond:
            try:
                await asyncio.wait_for(self._cond.wait_for(lambda: find() is not None), timeout)
            except asyncio.TimeoutError:
                seen = [(c.method, c.faulted or c.error or "ok") for c in self.calls[start:]]
                raise TimeoutError(f"no {method} call matched within {timeout}s; calls seen: {seen}") from None
        found = find()
        assert found is not None
        return found

    def channel_messages(self, channel: str, *, include_replies: bool = True) -> List[Dict[str, Any]]:
        """Messages stored for ``channel`` (oldest first)."""
        msgs = self.messages.get(channel, [])
        if include_replies:
            return list(msgs)
        return [m for m in msgs if self._is_top_level(m)]

    async def _notify(self) -> None:
        if self._cond is None:
            return
        async with self._cond:
            self._cond.notify_all()

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        await self._notify()

    # ------------------------------------------------------------------ HTTP plumbing

    async def _read_args(self, request: web.Request) -> Dict[str, Any]:
        args: Dict[str, Any] = dict(request.query)
        ctype = request.content_type or ""
        if ctype == "multipart/form-data":
            form = await request.post()
            for k, v in form.items():
                args[k] = v.file.read() if hasattr(v, "file") else v
            raw = b""
        else:
            raw = await request.read()
        if raw:
            if ctype == "application/json":
                try:
                    body = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise _SlackError("invalid_json")
                if not isinstance(body, dict):
                    raise _SlackError("invalid_json")
                args["__json__"] = True
                args.update(body)
            else:
                args.update(dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)))
        for key in JSON_ARGS:
            value = args.get(key)
            if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
                try:
                    args[key] = json.loads(value)
                except ValueError:
                    pass  # left as a string; the method will reject it
        return args

    def _take_fault(self, method: str) -> Optional[_Fault]:
        for key in (method, "*"):
            queue = self._faults.get(key)
            while queue:
                fault = queue[0]
                if fault.times <= 0:
                    queue.pop(0)
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    queue.pop(0)
                return fault
        if method in self._random_faults:
            rng, kinds, retry_after, statuses, hold = self._random_faults[method]
            draw, status = rng.random(), rng.choice(statuses)
            for kind, probability in kinds:
                if draw < probability:
                    status = 429 if kind == "ratelimit" else status
                    return _Fault(kind=kind, times=1, retry_after=retry_after, status=status, hold=hold)
                draw -= probability
        return None

    def _check_bucket(self, method: str, args: Dict[str, Any]) -> Optional[int]:
        """Returns a Retry-After (seconds) if the call is over its rate limit."""
        bucket = self._buckets.get(method)
        if bucket is None:
            return None
        key = str(args.get("channel")) if bucket.per_channel else None
        now = self.clock()
        level, last = bucket.levels.get(key, [float(bucket.burst), now])
        level = min(float(bucket.burst), level + (now - last) * bucket.per_second)
        if level >= 1.0:
            bucket.levels[key] = [level - 1.0, now]
            return None
        bucket.levels[key] = [level, now]
        return max(1, math.ceil((1.0 - level) / bucket.per_second))

    async def _drop_connection(self, request: web.Request) -> None:
        transport = request.transport
        if transport is not None:
            transport.close()
        # The handler is cancelled once aiohttp notices the lost connection.
        assert self._stopping is not None
        try:
            await asyncio.wait_for(self._stopping.wait(), 5)
        except asyncio.TimeoutError:
            pass
        raise asyncio.CancelledError

    async def _apply_fault(self, request: web.Request, call: Call, fault: _Fault) -> Optional[web.StreamResponse]:
        """Returns a response to send, or None to proceed normally (a 'timeout' the client survived)."""
        call.faulted = fault.kind
        if fault.kind == "ratelimit":
            call.status = fault.status
            call.response = {"ok": False, "error": "ratelimited"}
            await self._record(call)
            return web.json_response(
                call.response, status=fault.status, headers={"Retry-After": str(fault.retry_after)}
            )
        if fault.kind == "server_error":
            error = "service_unavailable" if fault.status == 503 else "internal_error"
            call.status = fault.status
            call.response = {"ok": False, "error": error}
            await self._record(call)
            return web.json_response(call.response, status=fault.status)
        if fault.kind == "disconnect":
            await self._record(call)
            await self._drop_connection(request)
        if fault.kind == "timeout":
            await self._record(call)
            assert self._stopping is not None
            try:
                await asyncio.wait_for(self._stopping.wait(), fault.hold)
            except asyncio.TimeoutError:
                pass
            return None
        return None  # disconnect_after, slow_ack: handled by the caller

    async def _slow_ack(self, fault: Optional[_Fault]) -> None:
        if fault is not None and fault.kind == "slow_ack":
            assert self._stopping is not None
            try:
                await asyncio.wait_for(self._stopping.wait(), fault.hold)
            except asyncio.TimeoutError:
                pass

    # ------------------------------------------------------------------ Web API

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        call = Call(
            method=method,
            args={},
            http_method=request.method,
            content_type=request.content_type or "",
            headers={k: v for k, v in request.headers.items()},
        )
        try:
            call.args = await self._read_args(request)
        except _SlackError as e:
            call.status, call.response = 200, {"ok": False, "error": e.error}
            await self._record(call)
            return web.json_response(call.response)
        is_json = bool(call.args.pop("__json__", False))

        # Slack reads the token from the Authorization header, or from a form/query
        # `token` argument - but never from a JSON body.
        auth = request.headers.get("Authorization", "")
        token: Optional[str] = None
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif not is_json and isinstance(call.args.get("token"), str):
            token = call.args["token"]
        if not is_json:
            call.args.pop("token", None)
        call.token = token

        fault = self._take_fault(method)
        recorded = False
        if fault is not None:
            response = await self._apply_fault(request, call, fault)
            if response is not None:
                return response
            # a "timeout" the client outlived (it gets a late, normal answer; the call
            # stays flagged) or a "disconnect_after" (work done, answer dropped)
            recorded = fault.kind == "timeout"

        retry_after = self._check_bucket(method, call.args) if fault is None else None
        if retry_after is not None:
            call.faulted = "ratelimit"
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            await self._record(call)
            return web.json_response(call.response, status=429, headers={"Retry-After": str(retry_after)})

        headers = {"X-OAuth-Scopes": ",".join(self.scopes), "X-Slack-Req-Id": uuid.uuid4().hex}
        try:
            self._check_token(method, token)
            result = self._dispatch(method, call.args)
            body: Dict[str, Any] = {"ok": True}
            body.update(result)
            status = 200
        except _SlackError as e:
            body = {"ok": False, "error": e.error}
            body.update(e.extra)
            status = e.status
        call.status, call.response = status, body
        if recorded:
            await self._notify()
        else:
            await self._record(call)
        await self._slow_ack(fault)
        if fault is not None and fault.kind == "disconnect_after":
            call.status = None
            await self._drop_connection(request)
        return web.json_response(body, status=status, headers=headers)

    def _check_token(self, method: str, token: Optional[str]) -> None:
        if not token:
            raise _SlackError("not_authed")
        if token in self.revoked_tokens:
            raise _SlackError("token_revoked")
        if method == "apps.connections.open":
            if token.startswith("xapp-"):
                return
            if token.startswith("xoxb-") or token.startswith("xoxp-"):
                raise _SlackError("not_allowed_token_type")
            raise _SlackError("invalid_auth")
        if token.startswith("xoxb-"):
            return
        if token.startswith("xwfp-"):  # the token a function_executed event hands a workflow step
            return
        if token.startswith("xapp-"):
            raise _SlackError("not_allowed_token_type")
        raise _SlackError("invalid_auth")

    def _dispatch(self, method: str, args: Dict[str, Any]) -> Dict[str, Any]:
        stub = self._stubs.get(method)
        if stub is not None:
            result = stub(args) if callable(stub) else stub
            result = dict(result)
            if result.get("ok") is False:
                raise _SlackError(result.get("error", "unknown_error"))
            result.pop("ok", None)
            return result
        handler = self._methods().get(method)
        if handler is None:
            raise _SlackError("unknown_method", req_method=method)
        return handler(args)

    def _methods(self) -> Dict[str, Callable[[Dict[str, Any]], Dict[str, Any]]]:
        return {
            "api.test": lambda a: {"args": {k: v for k, v in a.items() if isinstance(v, str)}},
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.open": self._conversations_open,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "reactions.add": self._reactions_add,
            "apps.connections.open": self._apps_connections_open,
            "functions.completeSuccess": self._functions_complete_success,
            "functions.completeError": self._functions_complete_error,
        }

    # --- ids and storage

    def _new_ts(self) -> str:
        now_us = int(time.time() * 1_000_000)
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    @staticmethod
    def _is_top_level(msg: Dict[str, Any]) -> bool:
        thread_ts = msg.get("thread_ts")
        return not thread_ts or thread_ts == msg.get("ts") or msg.get("subtype") == "thread_broadcast"

    def _store_message(self, channel: str, msg: Dict[str, Any]) -> None:
        msgs = self.messages.setdefault(channel, [])
        if any(m.get("ts") == msg.get("ts") for m in msgs):
            return  # same message delivered twice (e.g. an event retry)
        msgs.append(msg)
        thread_ts = msg.get("thread_ts")
        if thread_ts and thread_ts != msg.get("ts"):
            parent = self._find_message(channel, thread_ts)
            if parent is not None:
                parent.setdefault("thread_ts", thread_ts)
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                users = parent.setdefault("reply_users", [])
                who = msg.get("user")
                if who and who not in users:
                    users.append(who)
                parent["reply_users_count"] = len(users)
                parent["latest_reply"] = msg["ts"]

    def _find_message(self, channel: str, ts: Any) -> Optional[Dict[str, Any]]:
        for m in self.messages.get(channel, []):
            if m.get("ts") == ts:
                return m
        return None

    def _dm_channel_for(self, user_id: str) -> str:
        for ch in self.channels.values():
            if ch.is_im and ch.user == user_id:
                return ch.id
        dm_id = "D" + user_id[1:]
        self.channels[dm_id] = FakeChannel(id=dm_id, name=dm_id.lower(), is_im=True, user=user_id)
        return dm_id

    def _resolve_channel(self, channel: Any, *, for_posting: bool) -> str:
        if not channel or not isinstance(channel, str):
            raise _SlackError("channel_not_found")
        if channel[0] in "UW" and for_posting:
            if channel not in self.users and self.strict_channels:
                raise _SlackError("channel_not_found")
            return self._dm_channel_for(channel)
        name = channel.lstrip("#")
        for ch in self.channels.values():
            by_name = channel.startswith("#") or not channel[0].isupper()
            if ch.id == channel or (by_name and ch.name == name):
                return ch.id
        if self.strict_channels:
            raise _SlackError("channel_not_found")
        return channel

    def _check_postable(self, channel_id: str) -> None:
        ch = self.channels.get(channel_id)
        if ch is None:
            return
        if ch.is_archived:
            raise _SlackError("is_archived")
        if not ch.bot_is_member:
            raise _SlackError("not_in_channel")

    def _validate_blocks(self, blocks: Any, limit: int, error: str) -> None:
        """Refuse what Slack refuses (``block_kit.problems``: limits, duplicate ids ...)."""
        if blocks is None:
            return
        if isinstance(blocks, str) or not isinstance(blocks, list):
            raise _SlackError("invalid_blocks_format")
        found = block_kit.problems(blocks, "message" if limit == MAX_MESSAGE_BLOCKS else "home")
        if found:
            raise _SlackError(
                error,
                errors=found,
                response_metadata={"messages": [f"[ERROR] {p}" for p in found]},
            )

    def _bot_message(self, args: Dict[str, Any]) -> Dict[str, Any]:
        text = args.get("text")
        msg: Dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": (str(text) if text is not None else "")[:MAX_MESSAGE_TEXT],
            "ts": self._new_ts(),
            "bot_profile": {"id": self.bot_id, "app_id": self.app_id, "name": self.bot_name, "team_id": self.team_id},
        }
        if args.get("blocks") is not None:
            msg["blocks"] = args["blocks"]
        if args.get("attachments") is not None:
            msg["attachments"] = args["attachments"]
        if isinstance(args.get("metadata"), dict):
            meta = args["metadata"]
            msg["metadata"] = {
                "event_type": meta.get("event_type"),
                "event_payload": meta.get("event_payload", {}),
            }
        return msg

    # --- methods

    def _auth_test(self, args: Dict[str, Any]) -> Dict[str, Any]:
        return {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=True)
        self._validate_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS, "invalid_blocks")
        if not args.get("text") and not args.get("blocks") and not args.get("attachments"):
            raise _SlackError("no_text")
        if args.get("metadata") is not None:
            meta = args["metadata"]
            if not isinstance(meta, dict) or not meta.get("event_type") or not isinstance(meta.get("event_payload", {}), dict):
                raise _SlackError("invalid_metadata_format")
        self._check_postable(channel)
        msg = self._bot_message(args)
        thread_ts = args.get("thread_ts")
        if thread_ts:
            msg["thread_ts"] = str(thread_ts)
            if _truthy(args.get("reply_broadcast")):
                msg["subtype"] = "thread_broadcast"
        self._store_message(channel, msg)
        return {"channel": channel, "ts": msg["ts"], "message": dict(msg)}

    def _chat_post_ephemeral(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=True)
        user = args.get("user")
        if not user:
            raise _SlackError("user_not_found")
        self._validate_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS, "invalid_blocks")
        if not args.get("text") and not args.get("blocks") and not args.get("attachments"):
            raise _SlackError("no_text")
        self._check_postable(channel)
        ch = self.channels.get(channel)
        if ch is not None and ch.members is not None and user not in ch.members:
            raise _SlackError("user_not_in_channel")
        msg = self._bot_message(args)
        msg["channel"] = channel
        msg["ephemeral_user"] = user
        self.ephemerals.append(msg)
        return {"message_ts": msg["ts"]}

    def _own_message(self, args: Dict[str, Any], ts_key: str, cant: str) -> tuple:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ts = args.get(ts_key)
        msg = self._find_message(channel, ts) if ts else None
        if msg is None:
            raise _SlackError("message_not_found")
        if msg.get("bot_id") != self.bot_id:
            raise _SlackError(cant)
        return channel, msg

    def _chat_update(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel, msg = self._own_message(args, "ts", "cant_update_message")
        self._validate_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS, "invalid_blocks")
        if "text" not in args and "blocks" not in args and "attachments" not in args:
            raise _SlackError("no_text")
        if "text" in args:
            msg["text"] = str(args["text"] or "")[:MAX_MESSAGE_TEXT]
        for key in ("blocks", "attachments"):
            if key in args:
                if args[key]:
                    msg[key] = args[key]
                else:
                    msg.pop(key, None)
        if isinstance(args.get("metadata"), dict):
            msg["metadata"] = {
                "event_type": args["metadata"].get("event_type"),
                "event_payload": args["metadata"].get("event_payload", {}),
            }
        msg["edited"] = {"user": self.bot_user_id, "ts": self._new_ts()}
        return {"channel": channel, "ts": msg["ts"], "text": msg["text"], "message": dict(msg)}

    def _chat_delete(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel, msg = self._own_message(args, "ts", "cant_delete_message")
        self.messages[channel].remove(msg)
        return {"channel": channel, "ts": msg["ts"]}

    def _chat_get_permalink(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ts = args.get("message_ts")
        msg = self._find_message(channel, ts) if ts else None
        if msg is None:
            raise _SlackError("message_not_found")
        link = f"https://{self.team_domain}.slack.com/archives/{channel}/p{str(ts).replace('.', '')}"
        if msg.get("thread_ts") and msg["thread_ts"] != ts:
            link += f"?thread_ts={msg['thread_ts']}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _history_view(self, msg: Dict[str, Any], include_metadata: bool) -> Dict[str, Any]:
        out = {k: v for k, v in msg.items() if k != "channel"}
        if not include_metadata:
            out.pop("metadata", None)
        return out

    @staticmethod
    def _page(items: List[Dict[str, Any]], args: Dict[str, Any], default_limit: int) -> tuple:
        try:
            limit = int(args.get("limit") or default_limit)
        except ValueError:
            raise _SlackError("invalid_limit")
        limit = max(1, min(limit, 999))
        offset = 0
        cursor = args.get("cursor")
        if cursor:
            try:
                offset = int(base64.b64decode(str(cursor)).decode().split(":", 1)[1])
            except Exception:
                raise _SlackError("invalid_cursor")
        page = items[offset : offset + limit]
        has_more = offset + limit < len(items)
        next_cursor = base64.b64encode(f"next_ts:{offset + limit}".encode()).decode() if has_more else ""
        return page, has_more, next_cursor

    def _conversations_history(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ch = self.channels.get(channel)
        if ch is not None and not ch.bot_is_member and not ch.is_im:
            raise _SlackError("not_in_channel")
        inclusive = _truthy(args.get("inclusive"))
        oldest = float(args.get("oldest") or 0)
        latest = float(args["latest"]) if args.get("latest") else math.inf

        def in_range(m: Dict[str, Any]) -> bool:
            ts = float(m["ts"])
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        items = [m for m in self.messages.get(channel, []) if self._is_top_level(m) and in_range(m)]
        items.sort(key=lambda m: float(m["ts"]), reverse=True)
        page, has_more, next_cursor = self._page(items, args, 100)
        include_metadata = _truthy(args.get("include_all_metadata"))
        result: Dict[str, Any] = {
            "messages": [self._history_view(m, include_metadata) for m in page],
            "has_more": has_more,
            "pin_count": 0,
        }
        if has_more:
            result["response_metadata"] = {"next_cursor": next_cursor}
        return result

    def _conversations_replies(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ts = args.get("ts")
        parent = self._find_message(channel, ts) if ts else None
        if parent is None:
            raise _SlackError("thread_not_found")
        thread_ts = parent.get("thread_ts") or parent["ts"]
        items = [m for m in self.messages.get(channel, []) if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
        items.sort(key=lambda m: float(m["ts"]))
        page, has_more, next_cursor = self._page(items, args, 1000)
        include_metadata = _truthy(args.get("include_all_metadata"))
        result: Dict[str, Any] = {"messages": [self._history_view(m, include_metadata) for m in page], "has_more": has_more}
        if has_more:
            result["response_metadata"] = {"next_cursor": next_cursor}
        return result

    def _conversations_open(self, args: Dict[str, Any]) -> Dict[str, Any]:
        if args.get("channel"):
            channel = str(args["channel"])
            return {"channel": {"id": channel}, "no_op": True, "already_open": True}
        users = [u.strip() for u in str(args.get("users") or "").split(",") if u.strip()]
        if not users:
            raise _SlackError("users_list_not_supplied")
        for u in users:
            if u not in self.users:
                raise _SlackError("user_not_found")
        if len(users) == 1:
            existed = any(ch.is_im and ch.user == users[0] for ch in self.channels.values())
            dm_id = self._dm_channel_for(users[0])
            channel: Dict[str, Any] = {"id": dm_id}
            if _truthy(args.get("return_im")):
                channel.update({"is_im": True, "user": users[0], "created": int(time.time())})
            result: Dict[str, Any] = {"channel": channel}
            if existed:
                result.update({"no_op": True, "already_open": True})
            return result
        if len(users) > 8:
            raise _SlackError("too_many_users")
        mpim_id = "G" + "".join(sorted(u[-3:] for u in users)).upper()
        if mpim_id not in self.channels:
            self.channels[mpim_id] = FakeChannel(id=mpim_id, name="mpdm-" + "--".join(users), members=set(users))
        return {"channel": {"id": mpim_id}}

    def _users_info(self, args: Dict[str, Any]) -> Dict[str, Any]:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            raise _SlackError("user_not_found")
        return {"user": user.to_slack(self.team_id, _truthy(args.get("include_locale")))}

    def _check_view(self, view: Any, *, home: bool = False) -> Dict[str, Any]:
        found = block_kit.view_problems(view, home=home)
        if found:
            raise _SlackError(
                "invalid_arguments", response_metadata={"messages": [f"[ERROR] {p}" for p in found]}
            )
        return view

    def _store_view(self, view: Dict[str, Any], view_id: Optional[str] = None, user: Optional[str] = None) -> Dict[str, Any]:
        view_id = view_id or self._new_id("V")
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type"),
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
        }
        if user:
            stored["user"] = user
        self.views[view_id] = stored
        return stored

    def _views_open(self, args: Dict[str, Any]) -> Dict[str, Any]:
        trigger_id = args.get("trigger_id") or args.get("interactivity_pointer")
        if not trigger_id:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing required field: trigger_id"]})
        trigger = self._triggers.get(str(trigger_id))
        if trigger is None:
            if self.strict_triggers:
                raise _SlackError("invalid_trigger_id")
        else:
            if trigger["used"]:
                raise _SlackError("exchanged_trigger_id")
            if self.clock() - trigger["issued"] > TRIGGER_TTL:
                raise _SlackError("expired_trigger_id")
        view = self._check_view(args.get("view"))
        if trigger is not None:
            trigger["used"] = True
        if view.get("external_id") and any(v.get("external_id") == view["external_id"] for v in self.views.values()):
            raise _SlackError("duplicate_external_id")
        return {"view": self._store_view(view)}

    def _views_update(self, args: Dict[str, Any]) -> Dict[str, Any]:
        view_id = args.get("view_id")
        external_id = args.get("external_id")
        current = None
        if view_id:
            current = self.views.get(str(view_id))
        elif external_id:
            current = next((v for v in self.views.values() if v.get("external_id") == external_id), None)
        else:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] view_id or external_id required"]})
        if current is None:
            raise _SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise _SlackError("hash_conflict")
        view = self._check_view(args.get("view"), home=current.get("type") == "home")
        return {"view": self._store_view(view, view_id=current["id"], user=current.get("user"))}

    def _views_publish(self, args: Dict[str, Any]) -> Dict[str, Any]:
        user_id = str(args.get("user_id") or "")
        if not user_id:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing required field: user_id"]})
        if user_id not in self.users:
            raise _SlackError("user_not_found")
        current = self.home_views.get(user_id)
        if current is not None and args.get("hash") and args["hash"] != current["hash"]:
            raise _SlackError("hash_conflict")
        view = self._check_view(args.get("view"), home=True)
        stored = self._store_view(view, view_id=current["id"] if current else None, user=user_id)
        self.home_views[user_id] = stored
        return {"view": stored}

    def _files_get_upload_url(self, args: Dict[str, Any]) -> Dict[str, Any]:
        filename = args.get("filename")
        length = args.get("length")
        if not filename or length is None:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] filename and length are required"]})
        try:
            length = int(length)
        except ValueError:
            raise _SlackError("invalid_arguments")
        if length <= 0:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] length must be greater than 0"]})
        if len(args.get("alt_txt") or "") > 1000:  # the documented limit of an image description
            raise _SlackError("alt_txt_too_large")
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": filename,
            "length": length,
            "alt_txt": args.get("alt_txt"),
            "snippet_type": args.get("snippet_type"),
            "content": None,
            "completed": False,
        }
        return {"upload_url": f"{self.base_url}/upload/v1/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: Dict[str, Any]) -> Dict[str, Any]:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] files must be a JSON array"]})
        channel_id = args.get("channel_id")
        channels = [c for c in str(args.get("channels") or "").split(",") if c]
        targets = ([str(channel_id)] if channel_id else []) + channels
        resolved = [self._resolve_channel(c, for_posting=True) for c in targets]
        for c in resolved:
            self._check_postable(c)
        out = []
        for item in files:
            f = self.files.get(str(item.get("id") if isinstance(item, dict) else ""))
            if f is None:
                raise _SlackError("file_not_found")
            if f["content"] is None:  # files.getUploadURLExternal without the upload
                raise _SlackError("file_not_found")
        for item in files:
            f = self.files[item["id"]]
            f["completed"] = True
            f["title"] = item.get("title") or f["name"]
            f["channels"] = resolved
            out.append(
                {
                    "id": f["id"],
                    "name": f["name"],
                    "title": f["title"],
                    "size": len(f["content"]),
                    "mimetype": "application/octet-stream",
                    "user": self.bot_user_id,
                    "permalink": f"https://{self.team_domain}.slack.com/files/{self.bot_user_id}/{f['id']}/{f['name']}",
                    # Slack shares the file asynchronously: right after completeUploadExternal
                    # `shares` is usually still empty.
                    "shares": {},
                }
            )
        for c in resolved:
            msg = self._bot_message({"text": args.get("initial_comment") or ""})
            msg["files"] = [{"id": o["id"], "name": o["name"], "title": o["title"]} for o in out]
            msg["upload"] = True
            if args.get("thread_ts"):
                msg["thread_ts"] = str(args["thread_ts"])
            self._store_message(c, msg)
        return {"files": out}

    def _reactions_add(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        name = str(args.get("name") or "")
        if not name or ":" in name or " " in name:
            raise _SlackError("invalid_name")
        msg = self._find_message(channel, args.get("timestamp")) if args.get("timestamp") else None
        if msg is None:
            raise _SlackError("message_not_found")
        reactions = msg.setdefault("reactions", [])
        entry = next((r for r in reactions if r["name"] == name), None)
        if entry is None:
            entry = {"name": name, "users": [], "count": 0}
            reactions.append(entry)
        if self.bot_user_id in entry["users"]:
            raise _SlackError("already_reacted")
        entry["users"].append(self.bot_user_id)
        entry["count"] = len(entry["users"])
        return {}

    def _function_execution(self, args: Dict[str, Any]) -> Dict[str, Any]:
        execution = self.function_executions.get(str(args.get("function_execution_id") or ""))
        if execution is None:
            raise _SlackError("function_execution_not_found")
        if execution["state"] != "running":
            raise _SlackError("function_execution_already_completed")
        return execution

    def _functions_complete_success(self, args: Dict[str, Any]) -> Dict[str, Any]:
        execution = self._function_execution(args)
        outputs = args.get("outputs")
        if not isinstance(outputs, dict):
            raise _SlackError("invalid_arguments")
        missing = [name for name in execution["required_outputs"] if outputs.get(name) in (None, "")]
        if missing:
            raise _SlackError("invalid_arguments", response_metadata={"messages": [
                f"[ERROR] missing required output: {name}" for name in missing]})
        execution.update(state="completed", outputs=outputs)
        return {}

    def _functions_complete_error(self, args: Dict[str, Any]) -> Dict[str, Any]:
        execution = self._function_execution(args)
        if not args.get("error"):
            raise _SlackError("invalid_arguments")
        execution.update(state="failed", error=args["error"])
        return {}

    def function_executed(self, callback_id: str, inputs: Dict[str, Any], *,
                          required_outputs: Iterable[str] = ()) -> Dict[str, Any]:
        """A ``function_executed`` event (a workflow ran one of the app's steps), and the execution
        it starts: ``functions.completeSuccess`` / ``completeError`` must then be called once."""
        execution_id = self._new_id("Fx")
        self.function_executions[execution_id] = {"callback_id": callback_id, "inputs": inputs, "state": "running",
                                                  "required_outputs": list(required_outputs)}
        return {
            "type": "function_executed",
            "function": {"id": self._new_id("Fn"), "callback_id": callback_id, "title": callback_id,
                         "type": "app", "app_id": self.app_id, "input_parameters": [], "output_parameters": [],
                         "date_created": int(time.time()), "date_updated": 0, "date_deleted": 0},
            "inputs": inputs,
            "function_execution_id": execution_id,
            "workflow_execution_id": self._new_id("Wx"),
            "event_ts": f"{time.time():.6f}",
            "bot_access_token": f"xwfp-{uuid.uuid4().hex}",
        }

    def _apps_connections_open(self, args: Dict[str, Any]) -> Dict[str, Any]:
        ticket = uuid.uuid4().hex
        self._tickets.add(ticket)
        return {"url": f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"}

    # ------------------------------------------------------------------ upload URL & response_url

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        data = await request.read()
        call = Call(
            method="upload",
            args={"file_id": file_id, "length": len(data)},
            http_method=request.method,
            content_type=request.content_type or "",
            headers=dict(request.headers),
            raw_body=data,
        )
        fault = self._take_fault("upload")
        if fault is not None:
            response = await self._apply_fault(request, call, fault)
            if response is not None:
                return response
            recorded = fault.kind == "timeout"
        else:
            recorded = False
        f = self.files.get(file_id)
        if f is None:
            call.status, call.response = 404, {"ok": False, "error": "file_not_found"}
            await (self._notify() if recorded else self._record(call))
            return web.Response(status=404, text="Not Found", content_type="text/plain")
        f["content"] = data
        f["uploaded_length"] = len(data)
        call.status, call.response = 200, {"ok": True}
        await (self._notify() if recorded else self._record(call))
        await self._slow_ack(fault)
        if fault is not None and fault.kind == "disconnect_after":
            await self._drop_connection(request)
        return web.Response(status=200, text=f"OK - {len(data)}", content_type="text/plain")

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        rid = request.match_info["rid"]
        raw = await request.read()
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            body = {"__raw__": raw.decode("utf-8", "replace")}
        call = Call(
            method="response_url",
            args=body if isinstance(body, dict) else {"__raw__": body},
            http_method=request.method,
            content_type=request.content_type or "",
            headers=dict(request.headers),
            raw_body=raw,
        )
        call.args["__url_id__"] = rid
        fault = self._take_fault("response_url")
        if fault is not None:
            response = await self._apply_fault(request, call, fault)
            if response is not None:
                return response
            recorded = fault.kind == "timeout"
        else:
            recorded = False
        info = self._response_urls.get(rid)
        if info is None:
            status, out = 404, {"ok": False, "error": "no_active_hooks"}
        elif info["uses"] >= RESPONSE_URL_MAX_USES:
            status, out = 404, {"ok": False, "error": "used_url"}
        elif self.clock() - info["issued"] > RESPONSE_URL_TTL:
            status, out = 404, {"ok": False, "error": "expired_url"}
        elif not isinstance(body, dict) or "__raw__" in body:
            status, out = 400, {"ok": False, "error": "invalid_payload"}
        elif not body.get("text") and not body.get("blocks") and not body.get("delete_original"):
            status, out = 400, {"ok": False, "error": "no_text"}
        elif body.get("blocks") is not None and block_kit.problems(body["blocks"], "message"):
            status, out = 400, {"ok": False, "error": "invalid_blocks",
                                "errors": block_kit.problems(body["blocks"], "message")}
        else:
            info["uses"] += 1
            self.response_url_posts[rid].append(body)
            if body.get("response_type") == "in_channel" and info.get("channel") and not body.get("replace_original"):
                msg = self._bot_message({"text": body.get("text"), "blocks": body.get("blocks")})
                self._store_message(info["channel"], msg)
            status, out = 200, {"ok": True}
        call.status, call.response = status, out
        await (self._notify() if recorded else self._record(call))
        await self._slow_ack(fault)
        if fault is not None and fault.kind == "disconnect_after":
            await self._drop_connection(request)
        return web.json_response(out, status=status)

    # ------------------------------------------------------------------ Socket Mode

    @property
    def socket_connections(self) -> int:
        """Currently open Socket Mode connections."""
        return sum(1 for c in self._sockets if not c.closed)

    async def _handle_socket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid ticket")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = SocketConnection(next(self._conn_ids), ws, ticket)
        self._sockets.append(conn)
        self.socket_connects += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": self.socket_connections,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
        )
        await self._notify()
        try:
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    try:
                        data = json.loads(frame.data)
                    except ValueError:
                        data = {"__raw__": frame.data}
                    conn.received.append(data)
                    self.socket_received.append(data)
                    envelope_id = data.get("envelope_id") if isinstance(data, dict) else None
                    fut = self._pending_acks.get(envelope_id) if envelope_id else None
                    if fut is not None and not fut.done():
                        fut.set_result(data)
                    await self._notify()
                elif frame.type == WSMsgType.ERROR:
                    break
        finally:
            conn.closed = True
            if conn in self._sockets:
                self._sockets.remove(conn)
            await self._notify()
        return ws

    async def wait_for_socket(self, timeout: float = 5.0, *, connects: Optional[int] = None) -> int:
        """Wait until a Socket Mode client is connected (and, with ``connects``, until
        at least that many connections have ever been made - use it to await a
        reconnect). Returns ``fake.socket_connects``."""
        assert self._cond is not None, "FakeSlack.start() was not awaited"

        def ready() -> bool:
            return self.socket_connections > 0 and (connects is None or self.socket_connects >= connects)

        async with self._cond:
            try:
                await asyncio.wait_for(self._cond.wait_for(ready), timeout)
            except asyncio.TimeoutError:
                raise TimeoutError(
                    f"no socket mode connection within {timeout}s "
                    f"(open: {self.socket_connections}, ever: {self.socket_connects}, wanted: {connects})"
                ) from None
        return self.socket_connects

    def _pick_socket(self) -> Optional[SocketConnection]:
        open_conns = [c for c in self._sockets if not c.closed and not c.ws.closed]
        return open_conns[-1] if open_conns else None

    async def socket_send(
        self,
        envelope_type: str,
        payload: Dict[str, Any],
        retry_attempt: int = 0,
        retry_reason: str = "",
        *,
        accepts_response_payload: Optional[bool] = None,
        envelope_id: Optional[str] = None,
        ack_timeout: float = 3.0,
    ) -> Optional[Dict[str, Any]]:
        """Send an envelope to a connected Socket Mode client and wait for its ack.

        Returns the ack frame (``{"envelope_id": ..., "payload": ...?}``), or ``None`` if
        the client did not ack within ``ack_timeout`` seconds (Slack's deadline is 3 s).
        A ``message`` event sent this way is also stored in the channel history, as it
        would exist in Slack.
        """
        conn = self._pick_socket()
        if conn is None:
            await self.wait_for_socket(ack_timeout)
            conn = self._pick_socket()
            if conn is None:
                raise RuntimeError("no Socket Mode connection")
        if accepts_response_payload is None:
            accepts_response_payload = envelope_type != "events_api"
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: Dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
            event = payload.get("event") if isinstance(payload, dict) else None
            if (
                isinstance(event, dict)
                and event.get("type") == "message"
                and event.get("channel")
                and event.get("ts")
                and event.get("subtype") in (None, "thread_broadcast", "file_share")
            ):
                stored = {k: v for k, v in event.items() if k not in ("channel", "event_ts", "channel_type")}
                self._store_message(event["channel"], stored)
        loop = asyncio.get_running_loop()
        fut: asyncio.Future = loop.create_future()
        self._pending_acks[envelope_id] = fut
        self.socket_sent.append(envelope)
        try:
            await conn.ws.send_json(envelope)
            return await asyncio.wait_for(fut, ack_timeout)
        except asyncio.TimeoutError:
            return None
        finally:
            self._pending_acks.pop(envelope_id, None)

    async def socket_disconnect(self, reason: str = "refresh_requested", *, close: bool = False) -> int:
        """Send ``{"type": "disconnect"}`` to every open connection (as Slack does before
        rotating a connection); with ``close=True`` also close them. Returns how many."""
        frame = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        conns = [c for c in self._sockets if not c.closed and not c.ws.closed]
        for conn in conns:
            try:
                await conn.ws.send_json(frame)
                if close:
                    await conn.ws.close(code=1000)
            except Exception:
                pass
        return len(conns)
