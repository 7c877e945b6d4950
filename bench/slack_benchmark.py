"""Slack HTTP: slash commands through the running bot against a bare Bolt app doing the same
external work (ack, then one ``response_url`` post).

Four processes: a fake Slack Web API, the bot (``python -m bot run``, Slack in HTTP mode,
SQLite), a bare Bolt ``AsyncApp`` on the same server stack (aiohttp + Bolt's adapter,
signature checks on) whose listener acks and posts one message to the ``response_url``,
and this process as the load: signed slash commands over loopback from 1, 8 and 32
concurrent keep-alive connections, each connection sending its next command once the
previous one is done: acked *and* answered (the answer reaches a ``response_url`` served
by this process), on both sides, so neither builds a backlog. CPU per command is the
server process's user + system time over a level divided by the commands it completed.
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
import uuid

import aiohttp
from aiohttp import web

from bench.procs import Child, bot_env, free_port, log, wait_http
from bench.slack_servers import SECRET, TOKEN
from bench.stats import summary_ms
from tests.slack import signing

LEVELS = (1, 8, 32)
COMMANDS = [("/pathfinder", "Nepal"), ("/action", "list"), ("/event", "list"), ("/pathfinder", "list region Africa")]
ANSWER_TIMEOUT = 10.0
NEPAL_LEVEL = 32
BARE, BOT = "bare Bolt app (ack + response_url post)", "the bot"


class Answers:
    """The ``response_url`` side of Slack: a small server where the bot posts its answers."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future] = {}
        self.port = free_port()
        self.runner: web.AppRunner | None = None

    async def start(self) -> None:
        async def receive(request: web.Request) -> web.Response:
            await request.read()
            future = self.waiting.pop(request.match_info["rid"], None)
            if future is not None and not future.done():
                future.set_result(time.perf_counter())
            return web.json_response({"ok": True})

        application = web.Application()
        application.router.add_post("/r/{rid}", receive)
        self.runner = web.AppRunner(application, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, "127.0.0.1", self.port).start()

    def expect(self) -> tuple[str, asyncio.Future]:
        rid = uuid.uuid4().hex
        future = asyncio.get_running_loop().create_future()
        self.waiting[rid] = future
        return f"http://127.0.0.1:{self.port}/r/{rid}", future

    async def stop(self) -> None:
        if self.runner is not None:
            await self.runner.cleanup()


async def load(url: str, connections: int, seconds: float, answers: Answers | None, *, max_requests: int,
               commands: list[tuple[str, str]] = COMMANDS, server: Child | None = None) -> dict:
    """Closed loop from ``connections`` connections for ``seconds`` (at most ``max_requests``)."""
    acks: list[float] = []
    rounds: list[float] = []
    failures = 0
    counter = itertools.count()
    deadline = time.perf_counter() + seconds
    cpu_before = server.cpu_seconds() if server is not None else None
    connector = aiohttp.TCPConnector(limit=connections, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as http:
        async def connection(n: int) -> None:
            nonlocal failures
            while time.perf_counter() < deadline:
                i = next(counter)
                if i >= max_requests:
                    return
                command, text = commands[i % len(commands)]
                response_url, answered = answers.expect() if answers else ("https://hooks.invalid/x", None)
                body = signing.slash_command_body(command, text, user_id=f"U{n:04d}", channel_id="C0GENERAL",
                                                  response_url=response_url)
                headers = signing.signed_headers(SECRET, body)
                started = time.perf_counter()
                try:
                    async with http.post(url, data=body.encode(), headers=headers,
                                         timeout=aiohttp.ClientTimeout(total=ANSWER_TIMEOUT)) as res:
                        await res.read()
                        ok = res.status == 200
                    acked = time.perf_counter()
                    if ok and answered is not None:
                        done = await asyncio.wait_for(answered, ANSWER_TIMEOUT)
                        rounds.append(done - started)
                except (aiohttp.ClientError, asyncio.TimeoutError):
                    ok = False
                if not ok:
                    failures += 1
                    continue
                acks.append(acked - started)

        started = time.perf_counter()
        await asyncio.gather(*(connection(n) for n in range(connections)))
        elapsed = time.perf_counter() - started
    cpu = (server.cpu_seconds() - cpu_before) / max(1, len(acks)) * 1000 if server is not None else None
    return {"throughput": len(acks) / elapsed, "ack": summary_ms(acks), "answer": summary_ms(rounds) if rounds else None,
            "failures": failures, "n": len(acks), "cpu_ms": cpu}


async def run(quick: bool) -> dict:
    seconds = 2.0 if quick else 8.0
    answers = Answers()
    await answers.start()
    fake = Child("-m", "bench.slack_servers", "fake", "--users", "64", name="fake Slack")
    children = [fake]
    try:
        api = f"http://127.0.0.1:{await fake.line(30)}/api/"
        bare_port, bot_port, ops_port = free_port(), free_port(), free_port()
        bare = Child("-m", "bench.slack_servers", "bare", str(bare_port), api, name="bare Bolt app")
        children.append(bare)
        data = tempfile.mkdtemp(prefix="bench-slack-")
        bot = Child("-m", "bot", "run", name="bot", env=bot_env(
            f"sqlite+aiosqlite:///{data}/bot.db", data, ops_port,
            slack__enabled="true", slack__mode="http", slack__http_port=str(bot_port), slack__api_base_url=api,
            slack__bot_token=TOKEN, slack__signing_secret=SECRET))
        children.append(bot)
        await bare.line(30)
        await wait_http(f"http://127.0.0.1:{ops_port}/healthz", 60, bot)
        servers = {
            BARE: (f"http://127.0.0.1:{bare_port}/slack/events", bare),
            BOT: (f"http://127.0.0.1:{bot_port}/slack/events", bot),
        }
        results: dict = {}
        for name, (url, child) in servers.items():
            await load(url, 4, 1.0, answers, max_requests=200)  # warm up: caches, connections, auth.test
            for level in LEVELS:
                log(f"slack: {name}, {level} connection(s)")
                results[(name, level)] = await load(url, level, seconds, answers, max_requests=100_000, server=child)
            log(f"slack: {name}, {NEPAL_LEVEL} connections, /pathfinder Nepal only")
            results[(name, "nepal")] = await load(url, NEPAL_LEVEL, seconds, answers, max_requests=100_000,
                                                  commands=[("/pathfinder", "Nepal")], server=child)
        return {"results": results, "seconds": seconds}
    finally:
        for child in reversed(children):
            child.stop()
        await answers.stop()


def table(figures: dict) -> tuple[str, list[str]]:
    results = figures["results"]
    lines = ["| connections | commands | server | commands/s | CPU ms / command | ack p50 ms | ack p99 ms "
             "| answer p50 ms | answer p99 ms | throughput / floor | CPU / floor | ack p99 / floor |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    verdicts = []
    for level in (*LEVELS, "nepal"):
        floor = results[(BARE, level)]
        for name in (BARE, BOT):
            r = results[(name, level)]
            answer = r["answer"]
            cells = [str(NEPAL_LEVEL if level == "nepal" else level),
                     "`/pathfinder Nepal`" if level == "nepal" else "the four", name,
                     f"{r['throughput']:.0f}", f"{r['cpu_ms']:.2f}", f"{r['ack']['p50']:.1f}", f"{r['ack']['p99']:.1f}",
                     f"{answer['p50']:.1f}" if answer else "—", f"{answer['p99']:.1f}" if answer else "—",
                     f"{r['throughput'] / floor['throughput']:.2f}", f"{r['cpu_ms'] / floor['cpu_ms']:.1f}×",
                     f"{r['ack']['p99'] / floor['ack']['p99']:.2f}"]
            if r["failures"]:
                cells[2] += f" ({r['failures']} failed)"
            lines.append("| " + " | ".join(cells) + " |")
    nepal, nepal_floor = results[(BOT, "nepal")], results[(BARE, "nepal")]
    top, top_floor = results[(BOT, LEVELS[-1])], results[(BARE, LEVELS[-1])]
    ratio = top["throughput"] / top_floor["throughput"]
    nepal_ratio = nepal["throughput"] / nepal_floor["throughput"]
    verdicts.append(f"CPU per `/pathfinder Nepal`: {nepal['cpu_ms']:.2f} ms "
                    f"({'met' if nepal['cpu_ms'] <= 2 else 'NOT met'}: goal ≤ 2 ms; the bare app "
                    f"{nepal_floor['cpu_ms']:.2f} ms)")
    verdicts.append(f"completed commands at {LEVELS[-1]} connections: {ratio:.2f} of the bare app with the four "
                    f"commands, {nepal_ratio:.2f} with `/pathfinder Nepal` "
                    f"({'met' if nepal_ratio >= 0.6 else 'NOT met'}: goal ≥ 0.6)")
    worst = max(results[(BOT, level)]["ack"]["p99"] for level in (*LEVELS, "nepal"))
    verdicts.append(f"ack p99 at {LEVELS[-1]} connections: {top['ack']['p99']:.1f} ms "
                    f"({'met' if top['ack']['p99'] < 100 else 'NOT met'}: goal < 100 ms); "
                    f"worst ack p99 at any level {worst:.1f} ms, {'far from' if worst < 1000 else 'near'} "
                    "Slack's 3 s deadline")
    return "\n".join(lines), verdicts


async def section(options) -> str:
    figures = await run(options.quick)
    text, verdicts = table(figures)
    return "\n".join([
        "## Slack HTTP: slash commands",
        "",
        "A slash command's round trip through the running bot (`alliance-bot run`, Slack in HTTP mode, SQLite,",
        "a fake Slack Web API in its own process), against the floor: a bare Bolt `AsyncApp` on the same server",
        "stack (aiohttp, Bolt's aiohttp adapter, signature verification) whose listener acks and posts one fixed",
        "message to the `response_url` with Bolt's `respond` — the same external work with no bot code. The load",
        "runs in a third process: signed slash commands (*the four*: `/pathfinder Nepal`, `/action list`,",
        "`/event list`, `/pathfinder list region Africa` in turn; then `/pathfinder Nepal` alone), from 64",
        f"distinct users over loopback keep-alive connections, {figures['seconds']:.0f} s per level.",
        "Each connection sends its next command when the previous one is done: acked and answered on both sides",
        "(*answer* = until the reply reaches the `response_url`), so *commands/s* is whole commands on both. CPU",
        "per command: the server process's user + system CPU time over the level / commands completed.",
        "Bolt's async listener runner polls for the ack",
        "every 10 ms when the listener runs after the response (as both do here), so no ack comes back faster",
        "than about 10 ms on either side.",
        "",
        text,
        "",
        *(f"- {v}" for v in verdicts),
    ])
