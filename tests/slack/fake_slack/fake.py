"""The FakeSlack class: its state, lifecycle, and what a test sets up in it."""

from __future__ import annotations

import asyncio
import itertools
import socket
import time
import uuid
from typing import Any, Callable, Dict, Iterable, List, Optional, Union

from aiohttp import web

from .chat import Chat
from .conversations import Conversations
from .faults import Faults, _Bucket, _Fault
from .files import Files
from .inspection import Inspection
from .records import Call, FakeChannel, FakeUser
from .rules import Rules
from .server import Server
from .socket_mode import SocketConnection, SocketMode
from .state import State
from .views import Views
from .workflows import Workflows


class FakeSlack(
    Server, Rules, Faults, Inspection, State, Chat, Conversations, Views, Files, Workflows, SocketMode
):
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

    def revoke(self, token: str) -> None:
        """Make ``token`` answer ``token_revoked`` from now on."""
        self.revoked_tokens.add(token)

    def stub(self, method: str, response: Union[Dict[str, Any], Callable[[Dict[str, Any]], Any]]) -> None:
        """Answer ``method`` with a fixed dict (or ``fn(args) -> dict``), for methods the fake lacks."""
        self._stubs[method] = response

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
