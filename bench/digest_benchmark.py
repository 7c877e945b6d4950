"""Digest: building one digest over 10,000 action items; fanning 500 digests out to 500 Slack channels.

Build: ``!digest preview`` through ``BotApp.handle`` (the digest's queries, grouping and
rendering) with the Core data set, against the Core floor (one one-row transaction).

Fan-out: the bot (``python -m bot run``, Slack in HTTP mode, SQLite with the reference data)
posts 500 digests due at the same second, one to each of 500 channels, to a fake Slack Web
API (its own process) that rate-limits ``chat.postMessage`` to one message per second per
channel with 429 + Retry-After, as Slack does. Floor: the per-channel floor — one message per
channel at one per second is about 1 s; posting the channels one after another at that pace
would take 500 s (the sum).
"""

from __future__ import annotations

import asyncio
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.core_benchmark import NOW, create_pg_database, drop_pg_database, populate
from bench.procs import Child, bot_env, free_port, log, wait_http
from bench.slack_servers import SECRET, TOKEN
from bench.stats import summary_ms
from bot.app import BotApp
from bot.context import FixedClock
from bot.messages import Incoming
from bot.plaintext import render
from bot.settings import Settings
from storage.models import ActionItem, Occurrence, OccurrenceState
from storage.subscriptions import Subscription

CHANNELS = 500
LEAD = 15.0


async def build(url: str, rounds: int) -> dict:
    settings = Settings.model_validate({"bot": {"data_dir": tempfile.mkdtemp()}, "database": {"url": url}})
    app = BotApp(settings, clock=FixedClock(NOW))
    await app.start()
    try:
        await populate(app)
        digest, floor = [], []
        for _ in range(rounds):
            incoming = Incoming(platform="console", user_id="console:bench", channel_id="console:bench",
                                text="!digest preview", is_direct=True)
            started = time.perf_counter()
            for reply in await app.handle(incoming):
                render(reply)
            digest.append(time.perf_counter() - started)
            started = time.perf_counter()
            async with app.sessions.begin() as session:
                await session.get(ActionItem, 5000)
            floor.append(time.perf_counter() - started)
        return {"digest": summary_ms(digest), "floor": summary_ms(floor)}
    finally:
        await app.close()


async def fan_out() -> dict:
    data = tempfile.mkdtemp(prefix="bench-digest-")
    url = f"sqlite+aiosqlite:///{data}/bot.db"
    settings = Settings.model_validate({"bot": {"data_dir": data}, "database": {"url": url}})
    app = BotApp(settings)
    await app.start()
    due = (datetime.now(UTC) + timedelta(seconds=LEAD)).replace(microsecond=0)
    try:
        async with app.sessions.begin() as session:
            subs = [Subscription(kind="digest", platform="slack", channel_id=f"slack:C{i:05d}",
                                 weekday=(due.weekday() + 3) % 7, time_of_day="09:00", created_by="slack:U0000",
                                 created_at=due - timedelta(days=1)) for i in range(CHANNELS)]
            session.add_all(subs)
            await session.flush()
            session.add_all(Occurrence(
                key=f"digest:{s.channel_id}:bench", kind="digest", ref=f"D{s.id}", platform="slack",
                channel_id=s.channel_id, due_at=due, state=OccurrenceState.PENDING, detail={}) for s in subs)
    finally:
        await app.close()
    fake = Child("-m", "bench.slack_servers", "fake", "--channels", str(CHANNELS), "--rate-limit", name="fake Slack")
    bot = None
    try:
        api = f"http://127.0.0.1:{await fake.line(30)}/api/"
        ops_port = free_port()
        bot = Child("-m", "bot", "run", name="bot", env=bot_env(
            url, data, ops_port, slack__enabled="true", slack__mode="http", slack__http_port=str(free_port()),
            slack__api_base_url=api, slack__bot_token=TOKEN, slack__signing_secret=SECRET))
        await wait_http(f"http://127.0.0.1:{ops_port}/healthz", 60, bot)
        deadline = time.monotonic() + LEAD + 180
        while time.monotonic() < deadline and bot.process.poll() is None:
            async with App(url) as session_factory:
                async with session_factory() as session:
                    from sqlalchemy import func, select

                    left = await session.scalar(select(func.count()).select_from(Occurrence).where(
                        Occurrence.state.in_([OccurrenceState.PENDING, OccurrenceState.SENDING])))
            if not left:
                break
            await asyncio.sleep(1.0)
    finally:
        if bot is not None:
            bot.stop()
        fake.process.send_signal(15)
        lines = []
        try:
            while True:
                line = await fake.line(30)
                lines.append(line)
                if line == "end":
                    break
        finally:
            fake.stop()
    summary = next(line for line in lines if line.startswith("posts "))
    limited = int(summary.split()[3])
    posts = [line.split() for line in lines if line.startswith("post ")]
    late = [float(p[2]) - due.timestamp() for p in posts]
    per_channel: dict[str, int] = {}
    for p in posts:
        per_channel[p[1]] = per_channel.get(p[1], 0) + 1
    return {"posted": len(posts), "channels": len(per_channel), "ratelimited": limited,
            "late": summary_ms(late), "last": max(late) if late else float("nan"),
            "duplicates": sum(n - 1 for n in per_channel.values())}


class App:
    """A throwaway engine on the bot's database, for reading progress."""

    def __init__(self, url: str) -> None:
        self.url = url

    async def __aenter__(self):
        from sqlalchemy.ext.asyncio import async_sessionmaker, create_async_engine

        self.engine = create_async_engine(self.url)
        return async_sessionmaker(self.engine)

    async def __aexit__(self, *exc) -> None:
        await self.engine.dispose()


async def section(options) -> str:
    rounds = 10 if options.quick else 50
    log("digest: building")
    builds = {}
    with tempfile.TemporaryDirectory() as tmp:
        builds["SQLite"] = await build(f"sqlite+aiosqlite:///{Path(tmp) / 'digest.db'}", rounds)
    if options.postgres:
        url, name = await create_pg_database(options.postgres)
        try:
            builds["PostgreSQL"] = await build(url, rounds)
        finally:
            await drop_pg_database(options.postgres, name)
    log(f"digest: fan-out to {CHANNELS} channels")
    fan = await fan_out()
    rows = ["| database | digests | p50 ms | p99 ms | floor p50 ms | floor p99 ms | p50 / floor | p99 / floor |",
            "|---|---|---|---|---|---|---|---|"]
    for db, b in builds.items():
        d, f = b["digest"], b["floor"]
        rows.append(f"| {db} | {d['n']} | {d['p50']:.1f} | {d['p99']:.1f} | {f['p50']:.2f} | {f['p99']:.2f} "
                    f"| {d['p50'] / f['p50']:.0f}× | {d['p99'] / f['p99']:.0f}× |")
    last = fan["last"]
    return "\n".join([
        "## Digest: one build, and 500 channels at once",
        "",
        f"**Build.** `!digest preview` through `BotApp.handle` (queries, grouping, plain-text rendering), {rounds}",
        "times, with 10,000 action items, 1,000 events and 200 countries (the Core data set; many overdue and",
        "due-this-week items, so every section is full). Floor: one transaction reading one row by primary key.",
        "",
        "\n".join(rows),
        "",
        f"**Fan-out.** {CHANNELS} digests due at the same second, one per channel, posted by the running bot",
        "(`alliance-bot run`, Slack in HTTP mode, SQLite, default scheduler settings) to a fake Slack Web API that",
        "answers `chat.postMessage` over one message per second per channel with 429 and Retry-After.",
        "Lateness: arrival at the fake minus the due moment. Floor: ~1 s (one message per channel at",
        f"1 message/s); the sum, one channel after another at that pace, would be {CHANNELS} s.",
        "",
        "| posted | channels | duplicates | 429s | lateness p50 s | lateness p99 s | last post s | last / per-channel floor "
        "| last / sum |",
        "|---|---|---|---|---|---|---|---|---|",
        f"| {fan['posted']} | {fan['channels']} | {fan['duplicates']} | {fan['ratelimited']} "
        f"| {fan['late']['p50'] / 1000:.1f} | {fan['late']['p99'] / 1000:.1f} | {last:.1f} | {last / 1.0:.1f}× "
        f"| {last / CHANNELS:.2f} |",
        "",
        f"- Every channel got its digest: {'yes' if fan['channels'] == CHANNELS else 'NO'}; duplicates "
        f"{fan['duplicates']}; 429s {fan['ratelimited']}. The last post came {last:.1f} s after the due moment: "
        f"{last:.0f}× the per-channel floor and {last / CHANNELS:.0%} of the sum — "
        + ("goal met (within 10× the floor)." if last < 10 else
           "goal NOT met (more than 10× the floor): the scheduler builds and posts one digest after another."),
    ])
