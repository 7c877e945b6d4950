"""Start and memory: ``alliance-bot run`` from spawn to a 200 on ``/healthz``, and RSS at idle.

Two configurations, each a fresh process and database: console only, and Slack (HTTP mode,
against a fake Web API in its own process) plus Matrix (a real Synapse) together. Floor: a
Python process that imports the same libraries (the bot's modules, slack_bolt, matrix-nio,
SQLAlchemy, aiohttp) and then idles. RSS is read 3 s after ready.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
import uuid
from pathlib import Path

from bench.procs import Child, bot_env, free_port, log, wait_http
from bench.slack_servers import SECRET, TOKEN

FLOOR_CODE = ("import gc; gc.disable(); import bot.app, bot.runner, bot.adapters.slack.adapter, bot.adapters.matrix.adapter, slack_bolt, nio, sqlalchemy, "
              "aiohttp, time; gc.freeze(); gc.enable(); print('ready', flush=True); time.sleep(600)")
IDLE = 3.0
MATRIX_ONLY = "Matrix only, restart"
MATRIX_FLOOR = "floor for Matrix only: nio + SQLAlchemy + aiosqlite + pydantic-settings"


async def floor() -> tuple[float, float]:
    child = Child("-c", FLOOR_CODE, name="floor")
    try:
        await child.line(60)
        ready = time.perf_counter() - child.started
        await asyncio.sleep(IDLE)
        return ready, child.rss_mib()
    finally:
        child.stop()


async def matrix_floor(homeserver: str, user_id: str, password: str, database: Path) -> tuple[float, float]:
    """The fixed stack's own cost for a Matrix-only start (``bench.matrix_floor``)."""
    child = Child("-m", "bench.matrix_floor", homeserver, user_id, password, str(database), name="Matrix floor")
    try:
        await child.line(60)
        ready = time.perf_counter() - child.started
        await asyncio.sleep(IDLE)
        return ready, child.rss_mib()
    finally:
        child.stop()


async def start_bot(env: dict[str, str], ops_port: int) -> tuple[float, float]:
    child = Child("-m", "bot", "run", name="bot", env=env)
    try:
        await wait_http(f"http://127.0.0.1:{ops_port}/healthz", 90, child)
        ready = time.perf_counter() - child.started
        await asyncio.sleep(IDLE)
        return ready, child.rss_mib()
    finally:
        child.stop()


async def run(rounds: int) -> dict:
    from tests.matrix.synapse_server import SynapseServer

    base = Path(tempfile.mkdtemp(prefix="bench-start-"))
    results: dict[str, list[tuple[float, float]]] = {"floor: imports only": [], "console": [],
                                                      "Slack + Matrix": [], MATRIX_ONLY: [], MATRIX_FLOOR: []}
    server = SynapseServer(base / "hs")
    server.start()
    fake = Child("-m", "bench.slack_servers", "fake", name="fake Slack")
    try:
        api = f"http://127.0.0.1:{await fake.line(30)}/api/"
        # Matrix only, restarted on its own data (migrated and seeded by a first start not counted)
        matrix_data = base / "matrix-only"
        matrix_data.mkdir()
        matrix_password = uuid.uuid4().hex
        matrix_user = server.register_user(f"bot-{uuid.uuid4().hex[:6]}", matrix_password)

        def matrix_env(port: int) -> dict[str, str]:
            return bot_env(f"sqlite+aiosqlite:///{matrix_data}/bot.db", str(matrix_data), port,
                           matrix__enabled="true", matrix__homeserver=server.base_url, matrix__user_id=matrix_user,
                           matrix__password=matrix_password)

        port = free_port()
        await start_bot(matrix_env(port), port)
        for i in range(rounds):
            log(f"start: round {i + 1} of {rounds}")
            results["floor: imports only"].append(await floor())
            data = base / f"console{i}"
            data.mkdir()
            port = free_port()
            results["console"].append(await start_bot(bot_env(f"sqlite+aiosqlite:///{data}/bot.db", str(data), port),
                                                      port))
            data = base / f"both{i}"
            data.mkdir()
            password = uuid.uuid4().hex
            user = server.register_user(f"bot-{uuid.uuid4().hex[:6]}", password)
            port = free_port()
            results["Slack + Matrix"].append(await start_bot(bot_env(
                f"sqlite+aiosqlite:///{data}/bot.db", str(data), port,
                slack__enabled="true", slack__mode="http", slack__http_port=str(free_port()), slack__api_base_url=api,
                slack__bot_token=TOKEN, slack__signing_secret=SECRET,
                matrix__enabled="true", matrix__homeserver=server.base_url, matrix__user_id=user,
                matrix__password=password), port))
            port = free_port()
            results[MATRIX_ONLY].append(await start_bot(matrix_env(port), port))
            floor_password = uuid.uuid4().hex
            floor_user = server.register_user(f"floor-{uuid.uuid4().hex[:6]}", floor_password)
            results[MATRIX_FLOOR].append(await matrix_floor(server.base_url, floor_user, floor_password,
                                                            base / f"floor{i}.db"))
    finally:
        fake.stop()
        server.stop()
    return results


async def section(options) -> str:
    rounds = 1 if options.quick else 3
    results = await run(rounds)
    floor_ready = statistics.median(r for r, _ in results["floor: imports only"])
    floor_rss = statistics.median(m for _, m in results["floor: imports only"])
    lines = ["| process | time to ready s (median) | RSS at idle MiB (median) | ready / floor | RSS / floor |",
             "|---|---|---|---|---|"]
    medians = {name: (statistics.median(r for r, _ in samples), statistics.median(m for _, m in samples))
               for name, samples in results.items()}
    for name, (ready, rss) in medians.items():
        base_ready, base_rss = medians[MATRIX_FLOOR] if name == MATRIX_ONLY else (floor_ready, floor_rss)
        lines.append(f"| {name} | {ready:.2f} | {rss:.0f} | {ready / base_ready:.1f}× | {rss / base_rss:.2f}× |")
    matrix_ready, matrix_rss = medians[MATRIX_ONLY]
    stack_ready, stack_rss = medians[MATRIX_FLOOR]
    verdict = (f"- Matrix only: {matrix_ready:.2f} s and {matrix_rss:.0f} MiB (goals ≤ 0.6 s, ≤ 75 MiB: "
               f"{'met' if matrix_ready <= 0.6 else 'not met'}, {'met' if matrix_rss <= 75 else 'not met'}); "
               f"the fixed stack alone, doing the same login and first sync with no bot code, takes "
               f"{stack_ready:.2f} s and {stack_rss:.0f} MiB in the same run.")
    return "\n".join([
        "## Start and memory",
        "",
        "`alliance-bot run` from spawn until `/healthz` answers 200 (database migrated and seeded, every platform",
        "connected), and its resident memory 3 s later; a fresh SQLite database each time. *Slack + Matrix*: Slack in",
        "HTTP mode against a fake Web API, Matrix against a real Synapse, both on loopback. *Matrix only, restart*:",
        "the bot started again on its own data (its database migrated, its device and sync token kept), ready at",
        "its first sync; goals ≤ 0.6 s and ≤ 75 MiB. Floor: a Python",
        f"process that imports the same libraries and idles; for *Matrix only*, the fixed stack (matrix-nio,",
        "SQLAlchemy with aiosqlite, pydantic-settings) opening the database, logging in and making its first sync",
        f"with no bot code (`bench/matrix_floor.py`). Median of {rounds} start(s) each.",
        "",
        "\n".join(lines),
        "",
        verdict,
    ])
