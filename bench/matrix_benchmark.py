"""Matrix: a command's round trip through a real Synapse, against two bare client hops.

Processes: Synapse (loopback, SQLite, rate limits opened wide), the bot (``python -m bot
run``, Matrix only, SQLite), a bare echo client (``bench.matrix_echo``), and this process
as the person who talks: she sends, then long-polls ``/sync`` until the answer (a reply to
her message) arrives. The floor is the same exchange with the echo client: her message
reaches it through the server (hop one) and its answer comes back (hop two), with no work
in between. Rounds alternate between the two, one message at a time.
"""

from __future__ import annotations

import tempfile
import time
import uuid
from pathlib import Path

from bench.procs import Child, bot_env, free_port, log, wait_http
from bench.stats import summary_ms

COMMANDS = ["!pathfinder Nepal", "!action list", "!event list", "!help"]
WAIT = 30.0


async def wait_reply(client, room_id: str, sender: str, event_id: str, timeout: float = WAIT) -> float:
    """Sync until ``sender`` replies to ``event_id`` in ``room_id``; returns perf_counter then."""
    from nio import SyncResponse

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = await client.sync(timeout=10000, sync_filter={"room": {"rooms": [room_id], "state": {"lazy_load_members": True}},
                                                             "presence": {"not_types": ["*"]},
                                                             "account_data": {"not_types": ["*"]}})
        if not isinstance(resp, SyncResponse):
            continue
        room = resp.rooms.join.get(room_id)
        for event in room.timeline.events if room else ():
            relates = (event.source.get("content") or {}).get("m.relates_to") or {}
            if event.sender == sender and (relates.get("m.in_reply_to") or {}).get("event_id") == event_id:
                return time.perf_counter()
    raise TimeoutError(f"no reply from {sender} within {timeout} s")


async def wait_joined(client, room_id: str, members: list[str], timeout: float = WAIT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        await client.sync(timeout=1000)
        room = client.rooms.get(room_id)
        if room and all(m in room.users for m in members):
            return
    raise TimeoutError(f"{members} did not join {room_id} within {timeout} s")


async def run(quick: bool) -> dict:
    from nio import AsyncClient, RoomCreateResponse, RoomSendResponse

    from tests.matrix.synapse_server import SynapseServer

    rounds = 15 if quick else 60
    base = Path(tempfile.mkdtemp(prefix="bench-matrix-"))
    server = SynapseServer(base / "hs")
    log("matrix: starting Synapse")
    server.start()
    children: list[Child] = []
    alice = None
    try:
        def user(name: str) -> tuple[str, str]:
            password = uuid.uuid4().hex
            return server.register_user(f"{name}-{uuid.uuid4().hex[:6]}", password), password

        (bot_id, bot_pw), (echo_id, echo_pw), (alice_id, alice_pw) = user("bot"), user("echo"), user("alice")
        ops_port = free_port()
        data = base / "bot"
        data.mkdir()
        bot = Child("-m", "bot", "run", name="bot", env={
            **bot_env(f"sqlite+aiosqlite:///{data}/bot.db", str(data), ops_port, matrix__enabled="true",
                      matrix__homeserver=server.base_url, matrix__user_id=bot_id, matrix__password=bot_pw),
        })
        children.append(bot)
        echo = Child("-m", "bench.matrix_echo", server.base_url, echo_id, echo_pw, alice_id, name="echo client")
        children.append(echo)
        await echo.line(60)
        await wait_http(f"http://127.0.0.1:{ops_port}/healthz", 60, bot)

        alice = AsyncClient(server.base_url, alice_id)
        await alice.login(alice_pw)
        created = await alice.room_create(name="bench", invite=[bot_id, echo_id])
        assert isinstance(created, RoomCreateResponse), created
        room_id = created.room_id
        await wait_joined(alice, room_id, [bot_id, echo_id])

        async def round_trip(text: str, sender: str) -> float:
            started = time.perf_counter()
            sent = await alice.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": text})
            assert isinstance(sent, RoomSendResponse), sent
            return await wait_reply(alice, room_id, sender, sent.event_id) - started

        for i in range(3):  # warm up both
            await round_trip(f"ping warm {i}", echo_id)
            await round_trip(COMMANDS[i % len(COMMANDS)], bot_id)
        floor, through_bot = [], []
        log(f"matrix: {rounds} rounds each")
        for i in range(rounds):
            floor.append(await round_trip(f"ping {i}", echo_id))
            through_bot.append(await round_trip(COMMANDS[i % len(COMMANDS)], bot_id))
        return {"rounds": rounds, "floor": summary_ms(floor), "bot": summary_ms(through_bot)}
    finally:
        if alice is not None:
            await alice.close()
        for child in reversed(children):
            child.stop()
        server.stop()


async def section(options) -> str:
    figures = await run(options.quick)
    floor, bot = figures["floor"], figures["bot"]
    ratio = bot["p50"] / floor["p50"]
    return "\n".join([
        "## Matrix: a command's round trip",
        "",
        "A person sends a command in a room and long-polls `/sync` until the bot's reply arrives, through a real",
        "Synapse on loopback (SQLite, rate limits opened wide); the bot is `alliance-bot run` with Matrix only and",
        "SQLite, in its own process. Floor: the same exchange with a bare matrix-nio client that answers",
        "\"ping\" with \"pong\" straight from its sync loop — two client-to-client hops through the same server.",
        f"Commands: {', '.join(f'`{c}`' for c in COMMANDS)}; {figures['rounds']} rounds of each side, alternating,",
        "one message at a time. Goal: at most 1.25 × the two-hop floor at p50.",
        "",
        "| path | rounds | p50 ms | p99 ms | p50 / floor | p99 / floor |",
        "|---|---|---|---|---|---|",
        f"| floor: two bare hops | {floor['n']} | {floor['p50']:.1f} | {floor['p99']:.1f} | 1.00 | 1.00 |",
        f"| through the bot | {bot['n']} | {bot['p50']:.1f} | {bot['p99']:.1f} | {ratio:.2f} | "
        f"{bot['p99'] / floor['p99']:.2f} |",
        "",
        f"- p50 ratio {ratio:.2f}: goal ≤ 1.25 {'met' if ratio <= 1.25 else 'NOT met'}.",
    ])
