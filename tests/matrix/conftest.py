"""Fixtures that run a real Synapse homeserver on loopback.

* ``synapse``                 - one server for the whole session (limits opened wide)
* ``synapse_server_factory``  - start extra servers, e.g. with real rate limits
* ``matrix_user_factory``     - register unique users on ``synapse``

Tests depending on these fixtures are skipped, with a visible reason, when
matrix-synapse is not installed.
"""

from __future__ import annotations

import importlib.util
import os
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

try:  # tests/ laid out as packages
    from .synapse_server import SynapseServer
    from .talk import WAIT, replies_to
except ImportError:  # rootdir-relative "prepend" import mode (no __init__.py)
    _here = str(Path(__file__).resolve().parent)
    if _here not in sys.path:
        sys.path.insert(0, _here)
    from synapse_server import SynapseServer
    from talk import WAIT, replies_to

# find_spec does not import synapse (which has side effects) into the test process;
# the server runs in a child process anyway.
SYNAPSE_AVAILABLE = importlib.util.find_spec("synapse") is not None
SKIP_REASON = "matrix-synapse not installed; install the test extra (pip install -e '.[test]')"


def _require_synapse() -> None:
    if not SYNAPSE_AVAILABLE:
        if os.environ.get("REQUIRE_SYNAPSE"):  # CI: a missing homeserver is a failure, not a skip
            pytest.fail(SKIP_REASON)
        pytest.skip(SKIP_REASON)


@pytest.fixture(scope="session")
def synapse_server_factory(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Callable[..., SynapseServer]]:
    """Return ``make(name="hs", **kwargs) -> started SynapseServer``.

    Servers still running at the end of the session are stopped; callers may
    stop theirs earlier with ``server.stop()``.
    """
    _require_synapse()
    servers: list[SynapseServer] = []

    def make(name: str = "hs", **kwargs) -> SynapseServer:
        server = SynapseServer(tmp_path_factory.mktemp(name), **kwargs)
        servers.append(server)
        server.start()
        return server

    try:
        yield make
    finally:
        for server in servers:
            server.stop()


@pytest.fixture(scope="session")
def synapse(synapse_server_factory: Callable[..., SynapseServer]) -> SynapseServer:
    """The session's homeserver (all rate limits opened wide).

    Tests that ``stop()``/``restart()``/``pause()`` it must leave it running
    (and resumed) again; ``restart()`` keeps data dir and port.
    """
    return synapse_server_factory("synapse")


@pytest.fixture
def matrix_user_factory(synapse: SynapseServer) -> Callable[..., tuple[str, str]]:
    """Return ``make(prefix="user", admin=False) -> (user_id, password)``.

    Every call registers a fresh user with a unique localpart.
    """

    def make(prefix: str = "user", admin: bool = False) -> tuple[str, str]:
        # Heal a session server an earlier (failed) test left stopped or paused.
        synapse.resume()
        if not synapse.is_running:
            synapse.start()
        localpart = f"{prefix}-{uuid.uuid4().hex[:12]}"
        password = uuid.uuid4().hex
        user_id = synapse.register_user(localpart, password, admin=admin)
        return user_id, password

    return make


# ---------------------------------------------------------------------------
# The bot as in production (real adapter, real BotApp on a temp SQLite DB) and
# people talking to it from their own matrix-nio clients.

import asyncio  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime, timedelta  # noqa: E402

import pytest_asyncio  # noqa: E402

from bot.app import BotApp  # noqa: E402
from bot.settings import Settings  # noqa: E402



@dataclass
class ShiftedClock:
    """Real time, moved by ``shift``: lets a test make the bot see a message as old."""

    shift: timedelta = timedelta(0)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.shift


@dataclass
class RunningBot:
    app: BotApp
    adapter: object
    task: asyncio.Task
    user_id: str
    password: str
    data_dir: Path
    clock: ShiftedClock
    scheduler: object | None = None

    async def stop(self) -> None:
        if self.scheduler is not None:
            await self.scheduler.stop()
        await self.adapter.stop()
        try:
            async with asyncio.timeout(WAIT):
                await self.task
        finally:
            await self.app.close()


@pytest_asyncio.fixture
async def bot_factory(synapse, tmp_path):
    """``await start_bot(server=synapse, user=None, data_dir=None, clock=None, **matrix)``.

    Starts the real MatrixAdapter with a real BotApp, as ``alliance-bot run``
    does, and waits until its first sync is handled. Pass ``user`` (id, password),
    ``data_dir`` and ``clock`` of an earlier bot to restart it.
    """
    from bot.adapters.matrix.adapter import MatrixAdapter

    bots: list[RunningBot] = []

    async def start(server=None, *, user: tuple[str, str] | None = None, data_dir: Path | None = None,
                    clock: ShiftedClock | None = None, scheduler: bool | dict = False, after_connect=None,
                    login: str = "password", **matrix) -> RunningBot:
        server = server or synapse
        if user is None:
            localpart = f"bot-{uuid.uuid4().hex[:8]}"
            password = uuid.uuid4().hex
            user = (server.register_user(localpart, password), password)
        data_dir = data_dir or tmp_path / f"bot-{uuid.uuid4().hex[:6]}"
        data_dir.mkdir(parents=True, exist_ok=True)
        settings = Settings.model_validate({
            "bot": {"data_dir": str(data_dir), "admins": []},
            "database": {"url": f"sqlite+aiosqlite:///{data_dir / 'bot.db'}"},
            "scheduler": scheduler if isinstance(scheduler, dict) else {},
            "matrix": {"enabled": True, "homeserver": server.base_url, "user_id": user[0],
                       **({"password": user[1]} if login == "password" else {}), **matrix},
        })
        clock = clock or ShiftedClock()
        app = BotApp(settings, clock=clock)
        await app.start()
        adapter = MatrixAdapter(settings.matrix, app=app)
        app.adapters = {"matrix": adapter}
        if after_connect is not None:  # e.g. pause the homeserver between login and first sync
            connect = adapter.connect

            async def connect_then() -> None:
                await connect()
                await after_connect()

            adapter.connect = connect_then
        running_scheduler = None
        if scheduler:  # as ``alliance-bot run`` does: started together with the adapter
            from bot.scheduler import Scheduler

            running_scheduler = Scheduler(app)
            running_scheduler.start()
        task = asyncio.create_task(adapter.run(app.handle), name="matrix-bot")
        bot = RunningBot(app, adapter, task, user[0], user[1], data_dir, clock, running_scheduler)
        bots.append(bot)
        async with asyncio.timeout(WAIT):
            ready = asyncio.create_task(adapter.ready.wait())
            done, _ = await asyncio.wait({ready, task}, return_when=asyncio.FIRST_COMPLETED)
            if task in done:
                ready.cancel()
                task.result()  # raises what stopped the bot
        return bot

    yield start
    for bot in bots:
        if not bot.task.done():
            await bot.stop()


@dataclass
class Person:
    """Someone in Matrix, on their own nio client, who talks to the bot."""

    client: object
    events: list = field(default_factory=list)  # (room_id, event) in the order seen
    to_device: list = field(default_factory=list)  # to-device events received, in the order seen

    @property
    def user_id(self) -> str:
        return self.client.user_id

    async def sync(self, timeout_ms: int = 2000) -> None:
        from nio import SyncResponse

        client = self.client
        resp = await client.sync(timeout=timeout_ms, sync_filter={"room": {"timeline": {"limit": 100}}})
        assert isinstance(resp, SyncResponse), resp
        for room_id, info in resp.rooms.join.items():
            self.events.extend((room_id, e) for e in info.timeline.events)
        self.to_device.extend(resp.to_device_events)
        if client.olm is not None:
            if client.should_upload_keys:
                await client.keys_upload()
            if client.should_query_keys:
                await client.keys_query()
            if client.should_claim_keys:
                await client.keys_claim(client.get_users_for_key_claiming())
            await client.send_to_device_messages()

    async def wait_for(self, match, timeout: float = WAIT):
        """The first event (room_id, event) for which ``match`` is true, syncing until it comes."""
        seen = 0
        async with asyncio.timeout(timeout):
            while True:
                for room_id, event in self.events[seen:]:
                    if match(room_id, event):
                        return event
                seen = len(self.events)
                await self.sync()

    async def wait_for_to_device(self, match, timeout: float = WAIT):
        """The first to-device event for which ``match`` is true, syncing until it comes."""
        seen = 0
        async with asyncio.timeout(timeout):
            while True:
                for event in self.to_device[seen:]:
                    if match(event):
                        return event
                seen = len(self.to_device)
                await self.sync()

    async def create_room(self, *invite: str, encrypted: bool = False, name: str = "alliance",
                          direct: bool = False) -> str:
        """A room with ``invite`` invited; ``direct`` makes it a direct chat as clients start one."""
        from nio import EnableEncryptionBuilder, RoomCreateResponse

        state = [EnableEncryptionBuilder().as_dict()] if encrypted else []
        resp = await self.client.room_create(name=name, invite=list(invite), initial_state=state, is_direct=direct)
        assert isinstance(resp, RoomCreateResponse), resp
        return resp.room_id

    async def invite(self, room_id: str, user_id: str) -> None:
        from nio import RoomInviteResponse

        resp = await self.client.room_invite(room_id, user_id)
        assert isinstance(resp, RoomInviteResponse), resp

    async def join(self, room_id: str) -> None:
        from nio import JoinResponse

        resp = await self.client.join(room_id)
        assert isinstance(resp, JoinResponse), resp

    async def wait_for_membership(self, room_id: str, user_id: str, membership: str = "join"):
        from nio import RoomMemberEvent

        return await self.wait_for(lambda r, e: r == room_id and isinstance(e, RoomMemberEvent)
                                   and e.state_key == user_id and e.membership == membership)

    async def say(self, room_id: str, text: str, *, html: str | None = None, thread: str | None = None,
                  mentions: list[str] | None = None) -> str:
        from nio import RoomSendResponse

        content: dict = {"msgtype": "m.text", "body": text}
        if html is not None:
            content.update(format="org.matrix.custom.html", formatted_body=html)
        if thread:
            content["m.relates_to"] = {"rel_type": "m.thread", "event_id": thread, "is_falling_back": True,
                                       "m.in_reply_to": {"event_id": thread}}
        if mentions is not None:
            content["m.mentions"] = {"user_ids": mentions}
        resp = await self.client.room_send(room_id, "m.room.message", content, ignore_unverified_devices=True)
        assert isinstance(resp, RoomSendResponse), resp
        return resp.event_id

    async def react(self, room_id: str, event_id: str, key: str) -> str:
        from nio import RoomSendResponse

        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        resp = await self.client.room_send(room_id, "m.reaction", content)
        assert isinstance(resp, RoomSendResponse), resp
        return resp.event_id

    async def answer_to(self, event_id: str, bot_id: str, timeout: float = WAIT) -> dict:
        """The bot's notice replying to ``event_id``: its full event dict (decrypted if need be)."""
        event = await self.wait_for(
            lambda r, e: getattr(e, "sender", None) == bot_id and replies_to(e.source) == event_id, timeout)
        return event.source

    async def notices_from(self, room_id: str, bot_id: str) -> list[dict]:
        """Every notice the bot has in the room, as the server has them now (oldest first)."""
        from nio import RoomMessagesResponse

        resp = await self.client.room_messages(room_id, limit=100)
        assert isinstance(resp, RoomMessagesResponse), resp
        return [e.source for e in reversed(resp.chunk)
                if e.sender == bot_id and e.source.get("content", {}).get("msgtype") == "m.notice"]


@pytest_asyncio.fixture
async def person_factory(synapse, matrix_user_factory, tmp_path):
    """``await person(prefix, server=synapse, encrypted=False)`` → a logged-in Person."""
    from nio import AsyncClient, AsyncClientConfig, LoginResponse

    clients = []

    async def make(prefix: str = "user", *, server=None, encrypted: bool = False, admin: bool = False) -> Person:
        if server is None:
            user_id, password = matrix_user_factory(prefix, admin=admin)
            server = synapse
        else:
            password = uuid.uuid4().hex
            user_id = server.register_user(f"{prefix}-{uuid.uuid4().hex[:12]}", password, admin=admin)
        store = tmp_path / f"store-{uuid.uuid4().hex[:6]}"
        store.mkdir()
        client = AsyncClient(
            server.base_url, user_id, device_id=f"P{uuid.uuid4().hex[:8].upper()}",
            store_path=str(store) if encrypted else "",
            config=AsyncClientConfig(max_limit_exceeded=0, max_timeouts=2, request_timeout=20,
                                     encryption_enabled=encrypted),
        )
        clients.append(client)
        resp = await client.login(password)
        assert isinstance(resp, LoginResponse), resp
        person = Person(client)
        await person.sync(0)
        return person

    yield make
    for client in clients:
        await client.close()
