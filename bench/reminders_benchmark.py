"""Reminders on Matrix: how late a due reminder reaches the homeserver, against a bare client.

Processes: Synapse (loopback, SQLite, rate limits opened wide) and the bot (``python -m bot
run``, Matrix only, SQLite, its scheduler polling every 2 s). This process writes reminders
into the bot's database ahead of time, as ``!remind`` does, each due at a known moment; the
bot's scheduler plans them on a poll and wakes itself at each due moment. Lateness is
server-side: the event's ``origin_server_ts`` (stamped by Synapse when the send arrived) minus
the due moment. Floor: a bare matrix-nio client in the same rooms that sleeps until a due
moment and sends right then, in the same run (its due moments interleave with the bot's).

Two loads: single reminders, one due at a time; and five reminders due at the same moment
in five different rooms, where the figure per round is the latest of the five.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

from bench.matrix_benchmark import wait_joined
from bench.procs import Child, bot_env, free_port, log, wait_http
from bench.stats import percentile

ROOMS = 5
LEAD = 8.0  # seconds from writing the reminders to the first due moment: planned on a poll before then
SPACING = 0.9  # seconds between due moments


async def add_reminders(database_url: str, rows: list[tuple[str, str, float]]) -> None:
    """``(room_id, text, due_epoch)`` rows as ``!remind here`` would write them."""
    from storage import db
    from storage.models import Reminder

    engine = db.create_engine(database_url)
    try:
        async with db.create_sessionmaker(engine).begin() as session:
            for room_id, text, due in rows:
                session.add(Reminder(text=text, created_by="matrix:@bench:localhost", platform="matrix",
                                     channel_id=f"matrix:{room_id}", mention="", timezone="UTC",
                                     first_at=datetime.fromtimestamp(due, UTC)))
    finally:
        await engine.dispose()


async def bare_sends(client, plan: list[tuple[float, list[tuple[str, str]]]]) -> None:
    """The floor: at each due moment, send its messages (several rooms at once) right then."""
    from nio import RoomSendResponse

    for due, sends in plan:
        await asyncio.sleep(max(0.0, due - time.time()))
        results = await asyncio.gather(*(client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text})
                                         for room, text in sends))
        for result in results:
            assert isinstance(result, RoomSendResponse), result


async def server_times(client, rooms: list[str], senders: set[str]) -> dict[str, int]:
    """Body → origin_server_ts of every message from ``senders`` in ``rooms``."""
    from nio import RoomMessagesResponse

    found: dict[str, int] = {}
    for room in rooms:
        token = None
        for _ in range(20):
            resp = await (client.room_messages(room, start=token, limit=100) if token
                          else client.room_messages(room, limit=100))
            assert isinstance(resp, RoomMessagesResponse), resp
            for event in resp.chunk:
                if event.sender in senders:
                    found[event.source["content"].get("body", "")] = event.server_timestamp
            if not resp.chunk or not resp.end:
                break
            token = resp.end
    return found


def figure(lateness: dict[str, float], singles: list[str], groups: list[list[str]]) -> dict:
    single = [lateness[key] for key in singles]
    group_max = [max(lateness[key] for key in group) for group in groups]
    every = single + [lateness[key] for group in groups for key in group]
    return {"n": len(single), "p50": statistics.median(single), "p99": percentile(single, 99),
            "rounds": len(group_max), "burst_p50": statistics.median(group_max), "burst_max": max(group_max),
            "earliest": min(every)}


async def run(quick: bool) -> dict:
    from nio import AsyncClient, RoomCreateResponse

    from tests.matrix.synapse_server import SynapseServer

    singles_n = 10 if quick else 40
    bursts_n = 3 if quick else 10
    base = Path(tempfile.mkdtemp(prefix="bench-reminders-"))
    server = SynapseServer(base / "hs")
    log("reminders: starting Synapse")
    server.start()
    bot: Child | None = None
    clients: list[AsyncClient] = []
    try:
        def user(name: str) -> tuple[str, str]:
            password = uuid.uuid4().hex
            return server.register_user(f"{name}-{uuid.uuid4().hex[:6]}", password), password

        (bot_id, bot_pw), (bare_id, bare_pw), (alice_id, alice_pw) = user("bot"), user("bare"), user("alice")
        ops_port = free_port()
        data = base / "bot"
        data.mkdir()
        database_url = f"sqlite+aiosqlite:///{data}/bot.db"
        bot = Child("-m", "bot", "run", name="bot", env=bot_env(
            database_url, str(data), ops_port, matrix__enabled="true", matrix__homeserver=server.base_url,
            matrix__user_id=bot_id, matrix__password=bot_pw, matrix__encryption="false",
            scheduler__poll_interval_seconds="2"))
        await wait_http(f"http://127.0.0.1:{ops_port}/healthz", 60, bot)

        alice, bare = AsyncClient(server.base_url, alice_id), AsyncClient(server.base_url, bare_id)
        clients += [alice, bare]
        await alice.login(alice_pw)
        await bare.login(bare_pw)
        rooms = []
        for i in range(ROOMS):
            created = await alice.room_create(name=f"bench {i}", invite=[bot_id, bare_id])
            assert isinstance(created, RoomCreateResponse), created
            await bare.join(created.room_id)
            rooms.append(created.room_id)
        for room in rooms:
            await wait_joined(alice, room, [bot_id, bare_id])
        await bare.sync(timeout=0)

        # due moments: the bot's and the floor's alternate, each at a random point of its slot
        start = time.time() + LEAD
        moments = [start + i * SPACING + random.uniform(0, SPACING / 3) for i in range(2 * (singles_n + bursts_n))]
        reminders: list[tuple[str, str, float]] = []
        floor_plan: list[tuple[float, list[tuple[str, str]]]] = []
        due: dict[str, float] = {}
        bot_singles, bot_groups, floor_singles, floor_groups = [], [], [], []
        kinds = ["single"] * singles_n + ["burst"] * bursts_n
        random.shuffle(kinds)
        for i, kind in enumerate(kinds):
            bot_at, floor_at = moments[2 * i], moments[2 * i + 1] + SPACING / 2
            if kind == "single":
                room = rooms[i % ROOMS]
                key = f"bench-s{i}"
                reminders.append((room, key, bot_at))
                floor_plan.append((floor_at, [(room, f"floor-s{i}")]))
                due[f"Reminder: {key}"], due[f"floor-s{i}"] = bot_at, floor_at
                bot_singles.append(f"Reminder: {key}")
                floor_singles.append(f"floor-s{i}")
            else:
                group, floor_group, sends = [], [], []
                for r, room in enumerate(rooms):
                    key = f"bench-b{i}-{r}"
                    reminders.append((room, key, bot_at))
                    sends.append((room, f"floor-b{i}-{r}"))
                    due[f"Reminder: {key}"], due[f"floor-b{i}-{r}"] = bot_at, floor_at
                    group.append(f"Reminder: {key}")
                    floor_group.append(f"floor-b{i}-{r}")
                floor_plan.append((floor_at, sends))
                bot_groups.append(group)
                floor_groups.append(floor_group)
        await add_reminders(database_url, reminders)
        log(f"reminders: {singles_n} single and {bursts_n} × {ROOMS} at once, over "
            f"{moments[-1] - time.time():.0f} s")
        await bare_sends(bare, floor_plan)
        await asyncio.sleep(3)  # the last ones land

        stamps = await server_times(alice, rooms, {bot_id, bare_id})
        lateness: dict[str, float] = {}
        for body, ts in stamps.items():
            key = body.split("\n", 1)[0]
            if key in due:
                lateness[key] = ts - due[key] * 1000
        missing = [key for key in due if key not in lateness]
        if missing:
            raise RuntimeError(f"{len(missing)} message(s) never arrived, e.g. {missing[:3]}")
        return {"floor": figure(lateness, floor_singles, floor_groups),
                "bot": figure(lateness, bot_singles, bot_groups), "rooms": ROOMS}
    finally:
        for client in clients:
            await client.close()
        if bot is not None:
            bot.stop()
        server.stop()


async def section(options) -> str:
    figures = await run(options.quick)
    floor, bot = figures["floor"], figures["bot"]
    return "\n".join([
        "## Reminders on Matrix: lateness at the homeserver",
        "",
        "Reminders written into the bot's database ahead of time (as `!remind` does), each due at a known",
        "moment; the bot is `alliance-bot run` with Matrix only and SQLite, its scheduler polling every 2 s,",
        "against a real Synapse on loopback. Lateness = the event's `origin_server_ts` minus the due moment.",
        "Floor: a bare matrix-nio client in the same rooms that sleeps until a due moment and sends right then,",
        f"in the same run. \"{figures['rooms']} at once\": that many reminders due at the same moment in as many",
        "rooms; the figure per round is the latest of them. Goals: p50 ≤ 10 ms, 5-at-once max ≤ 50 ms,",
        "never early (earliest ≥ 0).",
        "",
        "| sender | single: n | p50 ms | p99 ms | 5 at once: rounds | p50 of latest ms | max ms | earliest ms |",
        "|---|---|---|---|---|---|---|---|",
        *(f"| {name} | {f['n']} | {f['p50']:.1f} | {f['p99']:.1f} | {f['rounds']} | {f['burst_p50']:.1f} | "
          f"{f['burst_max']:.1f} | {f['earliest']:.1f} |" for name, f in (("floor: bare client", floor),
                                                                          ("the bot", bot))),
        "",
        f"- p50 {bot['p50']:.1f} ms: goal ≤ 10 ms {'met' if bot['p50'] <= 10 else 'NOT met'}; "
        f"5-at-once max {bot['burst_max']:.1f} ms: goal ≤ 50 ms {'met' if bot['burst_max'] <= 50 else 'NOT met'}; "
        f"earliest {bot['earliest']:.1f} ms: {'never early' if bot['earliest'] >= 0 else 'EARLY'}.",
    ])
