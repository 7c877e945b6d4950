"""Scheduler: 10,000 reminders due at the same moment, 1 and 3 processes on PostgreSQL;
idle CPU with 10,000 future reminders.

Each run gets a fresh database. The reminders are written and planned first (as a running
bot plans them, up to an hour ahead), all due ``LEAD`` seconds after they were written; the
worker processes (``bench.scheduler_worker``: the real scheduler with default settings,
posting to a file) are started in between. Lateness of a post is the time it was written
minus the due moment (or the moment the workers ran, if setting up ran past it). The floor
is the best the machine does for the same effect with no bot code: batched ``UPDATE …
RETURNING`` claims (``FOR UPDATE SKIP LOCKED``, 500 rows a round trip) writing the same
lines to a file, timed the same way.
"""

from __future__ import annotations

import asyncio
import os
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.core_benchmark import create_pg_database, drop_pg_database
from bench.procs import Child, log
from bench.stats import summary_ms
from bot.app import BotApp
from bot.settings import Settings
from storage import occurrences
from storage.models import Reminder

POSTS, CHANNELS = 10_000, 100
LEAD = 40.0  # seconds from writing the reminders to their due moment (setting up takes part of it)
RUN_LIMIT = 180.0


async def fill(url: str, directory: str, due: datetime, count: int) -> Settings:
    settings = Settings.model_validate({"bot": {"data_dir": directory}, "database": {"url": url}})
    app = BotApp(settings)
    await app.start()
    try:
        async with app.sessions.begin() as session:
            session.add_all(Reminder(
                text=f"post {n}", created_by="console:bench", platform="console",
                channel_id=f"console:c{n % CHANNELS}", timezone="Europe/Zurich", first_at=due,
                created_at=due - timedelta(days=1)) for n in range(count))
    finally:
        await app.close()
    return settings


async def planned(settings: Settings, due: datetime) -> None:
    """Plan the occurrences as a running bot would have, up to an hour before they fall due (not
    timed), and give the database its statistics, as one in service has them."""
    from sqlalchemy import text

    from bot.planning import plan

    app = BotApp(settings)
    try:
        async with app.sessions.begin() as session:
            rows = await plan(session, settings, start=due - timedelta(minutes=5), end=due + timedelta(hours=1),
                              now=due - timedelta(minutes=1), planners=app.router.planners)
            await occurrences.add_missing(session, rows, now=due - timedelta(minutes=1))
        async with app.engine.connect() as connection:
            await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("ANALYZE"))
    finally:
        await app.close()


def read_posts(path: Path) -> list[tuple[str, float]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_text().splitlines():
        key, _, at = line.rpartition(" ")
        if key:
            rows.append((key, float(at)))
    return rows


async def burst(postgres: str, processes: int) -> dict:
    url, name = await create_pg_database(postgres)
    directory = Path(tempfile.mkdtemp(prefix="bench-sched-"))
    workers: list[Child] = []
    try:
        due = (datetime.now(UTC) + timedelta(seconds=LEAD)).replace(microsecond=0)
        await planned(await fill(url, str(directory), due, POSTS), due)
        workers = [Child("-m", "bench.scheduler_worker", url, str(directory), name=f"worker {i}")
                   for i in range(processes)]
        for worker in workers:
            await worker.line(60)
        # lateness counts from the due moment, or from when the workers were running if setting up ran past it
        origin = max(due.timestamp(), time.time())
        posts = directory / "posts.log"
        deadline = time.monotonic() + RUN_LIMIT
        seen = 0
        while time.monotonic() < deadline:
            seen = len(read_posts(posts))
            if seen >= POSTS:
                break
            await asyncio.sleep(0.5)
        await asyncio.sleep(1.0)  # let a duplicate, if any, land
    finally:
        for worker in workers:
            worker.stop()
        await drop_pg_database(postgres, name)
    rows = read_posts(directory / "posts.log")
    counts = Counter(key for key, _ in rows)
    lateness = [at - origin for _, at in rows]
    return {"late": summary_ms(lateness), "posted": len(counts), "duplicates": sum(n - 1 for n in counts.values()),
            "last": max(lateness) if lateness else float("nan")}


FLOOR_BATCH = 500  # rows a round trip for the floor


async def floor_cycle(postgres: str) -> dict:
    """The same external effect with no bot code: batched ``UPDATE … RETURNING`` claims straight
    through asyncpg (``FOR UPDATE SKIP LOCKED``, ``FLOOR_BATCH`` rows a round trip) that mark the
    rows sent, each returned row written as a line to the same kind of file the workers post to.
    The rows are planned by the bot beforehand (not timed); the clock starts at the due moment."""
    import asyncpg

    url, name = await create_pg_database(postgres)
    directory = Path(tempfile.mkdtemp(prefix="bench-sched-"))
    try:
        due = (datetime.now(UTC) + timedelta(seconds=LEAD)).replace(microsecond=0)  # after the planning
        await planned(await fill(url, str(directory), due, POSTS), due)
        connection = await asyncpg.connect(url.replace("postgresql+asyncpg://", "postgresql://", 1))
        posts = os.open(directory / "posts.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        claim = """
            UPDATE occurrence SET state = 'sent', claimed_by = 'floor', sent_at = now(), message_id = key
            WHERE id IN (SELECT id FROM occurrence WHERE state = 'pending' AND due_at <= $1
                         ORDER BY due_at, id LIMIT $2 FOR UPDATE SKIP LOCKED)
            RETURNING key"""
        try:
            await asyncio.sleep(max(0.0, due.timestamp() - time.time()))
            # timed from the due moment, or from the first claim if setting up ran past it
            origin = max(due.timestamp(), time.time())
            while True:
                rows = await connection.fetch(claim, datetime.now(UTC), FLOOR_BATCH)
                if not rows:
                    break
                os.write(posts, "".join(f"{row[0]} {time.time():.6f}\n" for row in rows).encode())
        finally:
            os.close(posts)
            await connection.close()
    finally:
        await drop_pg_database(postgres, name)
    rows = read_posts(directory / "posts.log")
    counts = Counter(key for key, _ in rows)
    lateness = [at - origin for _, at in rows]
    return {"late": summary_ms(lateness), "posted": len(counts), "duplicates": sum(n - 1 for n in counts.values()),
            "last": max(lateness) if lateness else float("nan")}


async def idle_cpu(postgres: str, window: float) -> dict:
    """CPU used over ``window`` s by a worker with 10,000 future reminders, and by one with none."""
    dbs, workers = [], {}
    try:
        future = datetime.now(UTC).replace(microsecond=0) + timedelta(days=30)
        for label, count in (("no reminders", 0), (f"{POSTS:,} reminders due in 30 days", POSTS)):
            url, name = await create_pg_database(postgres)
            dbs.append(name)
            directory = tempfile.mkdtemp(prefix="bench-idle-")
            await fill(url, directory, future, count)
            workers[label] = Child("-m", "bench.scheduler_worker", url, directory, name=label)
        for worker in workers.values():
            await worker.line(60)
        await asyncio.sleep(5.0)  # past start-up and the first tick
        before = {label: w.cpu_seconds() for label, w in workers.items()}
        await asyncio.sleep(window)
        return {label: {"cpu_percent": 100 * (w.cpu_seconds() - before[label]) / window, "rss": w.rss_mib()}
                for label, w in workers.items()}
    finally:
        for worker in workers.values():
            worker.stop()
        for name in dbs:
            await drop_pg_database(postgres, name)


async def section(options) -> str:
    head = ["## Scheduler: 10,000 posts due at once", ""]
    if not options.postgres:
        return "\n".join(head + ["Skipped: needs PostgreSQL (`--postgres URL`)."])
    window = 10.0 if options.quick else 35.0
    log("scheduler: floor (claim/mark cycle)")
    floor = await floor_cycle(options.postgres)
    runs = {}
    for processes in (1, 3):
        log(f"scheduler: {POSTS} posts, {processes} process(es)")
        runs[processes] = await burst(options.postgres, processes)
    log(f"scheduler: idle CPU over {window:.0f} s")
    idle = await idle_cpu(options.postgres, window)
    lines = ["| run | posted | duplicates | lateness p50 ms | lateness p99 ms | last post s | p50 / floor | p99 / floor "
             "| last / floor |", "|---|---|---|---|---|---|---|---|---|"]
    rows = [(f"floor: batched UPDATE … RETURNING ({FLOOR_BATCH} rows a round trip), 1 process", floor)] + [
        (f"scheduler, {n} process{'es' if n > 1 else ''}", r) for n, r in runs.items()]
    for label, r in rows:
        lines.append(f"| {label} | {r['posted']:,} | {r['duplicates']} | {r['late']['p50']:.0f} | {r['late']['p99']:.0f} "
                     f"| {r['last']:.1f} | {r['late']['p50'] / floor['late']['p50']:.1f}× "
                     f"| {r['late']['p99'] / floor['late']['p99']:.1f}× | {r['last'] / floor['last']:.1f}× |")
    idle_lines = ["| idle worker | CPU % over the window | RSS MiB |", "|---|---|---|"]
    for label, r in idle.items():
        idle_lines.append(f"| {label} | {r['cpu_percent']:.2f} | {r['rss']:.0f} |")
    dupes = sum(r["duplicates"] for r in runs.values())
    complete = all(r["posted"] == POSTS for r in runs.values())
    one, three = runs[1]["last"] / floor["last"], runs[3]["last"] / floor["last"]
    return "\n".join(head + [
        f"{POSTS:,} one-off reminders in {CHANNELS} channels, all due at the same second, on PostgreSQL, planned",
        "beforehand as a running bot plans them (up to an hour ahead; not timed); worker",
        "processes run the real scheduler with default settings (`poll_interval_seconds` 30, `batch_size` 500) and",
        "post to a file (no platform latency, so this is the scheduler's and the database's own cost). Lateness:",
        "post time minus due time. Floor: the same effect with no bot code — batched `UPDATE … RETURNING` claims",
        f"straight through asyncpg (`FOR UPDATE SKIP LOCKED`, {FLOOR_BATCH} rows a round trip) that mark the rows sent and",
        "write the same lines to a file, from the due moment. Goals: last post ≤ 2× the floor with one process and",
        "faster with three; 0 duplicates, 0 lost.",
        "",
        "\n".join(lines),
        "",
        f"- duplicates: {dupes} ({'met' if dupes == 0 else 'NOT met'}: goal 0); "
        f"{'every post went out (0 lost)' if complete else 'NOT every post went out within the time limit'}.",
        f"- last post, 1 process: {one:.1f}× the floor ({'met' if one <= 2 else 'NOT met'}: goal ≤ 2×); "
        f"3 processes: {three:.1f}× ({'met' if runs[3]['last'] < runs[1]['last'] else 'NOT met'}: goal faster than one).",
        "",
        f"Idle: two workers side by side for {window:.0f} s (after start-up and their first tick), one with",
        f"{POSTS:,} one-off reminders due in 30 days, one with none (its floor).",
        "",
        "\n".join(idle_lines),
    ])
