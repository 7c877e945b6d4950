"""Three bot processes on one PostgreSQL, a thousand posts due in the same minute, one
process killed with SIGKILL mid-run: every post goes out exactly once, none is lost."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.app import BotApp
from bot.settings import Settings
from storage.models import Occurrence
from tests.scheduler.worker import add_due_reminders

PROCESSES, POSTS, CHANNELS = 3, 1000, 10
DEADLINE = 60  # seconds for the whole run


async def wait_for(condition, what: str, timeout: float) -> None:
    """Check ``condition`` until it holds; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(0.05)


async def wait_for_all_sent(settings: Settings, timeout: float) -> None:
    app = BotApp(settings)
    deadline = time.monotonic() + timeout
    try:
        while True:
            async with app.sessions() as session:
                unsent = await session.scalar(
                    select(func.count()).select_from(Occurrence).where(Occurrence.state != "sent"))
            if not unsent:
                return
            if time.monotonic() > deadline:
                pytest.fail(f"timed out waiting for {unsent} occurrence(s) to be marked sent")
            await asyncio.sleep(0.2)
    finally:
        await app.close()


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text().split("\n") if line] if path.exists() else []


async def test_three_processes_post_a_thousand_due_posts_exactly_once_despite_a_sigkill(pg_url, tmp_path):
    # a thousand one-off reminders, all due in the current minute, in ten channels
    settings = Settings.model_validate({"bot": {"data_dir": str(tmp_path)}, "database": {"url": pg_url}})
    await add_due_reminders(settings, POSTS, CHANNELS)

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    workers = [
        subprocess.Popen([sys.executable, "-m", "tests.scheduler.worker", pg_url, str(tmp_path)], env=env,
                         stderr=open(tmp_path / f"worker{i}.err", "wb"))
        for i in range(PROCESSES)
    ]
    posts, attempts = tmp_path / "posts.log", tmp_path / "attempts.log"
    try:
        victim = workers[0]
        # kill one process while it is sending, once the run is well under way
        await wait_for(lambda: sum(1 for a in lines(attempts) if a.startswith(f"{victim.pid} ")) >= 50
                       and len(lines(posts)) >= 150, "the run to get under way", DEADLINE)
        victim.send_signal(signal.SIGKILL)
        victim.wait(timeout=10)
        posted_at_kill = len(lines(posts))
        assert posted_at_kill < POSTS, "the kill came too late to test anything"

        await wait_for(lambda: len(set(lines(posts))) >= POSTS, "every post to go out", DEADLINE)
        # a post is written before its row is marked sent: wait for the marks too (a row the killed
        # process held is taken over once its lease runs out)
        await wait_for_all_sent(settings, DEADLINE)
    finally:
        for worker in workers[1:]:
            if worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
        for worker in workers[1:]:
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
                worker.wait()

    counts = Counter(lines(posts))
    duplicates = {key: n for key, n in counts.items() if n > 1}
    assert not duplicates, f"posted more than once: {list(duplicates.items())[:5]}"
    assert len(counts) == POSTS

    # every key that was sent twice was first sent by the killed process: recovery, not a race
    sent_by: dict[str, list[str]] = {}
    for line in lines(attempts):
        pid, key = line.split(" ", 1)
        sent_by.setdefault(key, []).append(pid)
    retried = {key: pids for key, pids in sent_by.items() if len(pids) > 1}
    assert all(pids[0] == str(victim.pid) for pids in retried.values()), retried
    assert sum(1 for pids in sent_by.values() if str(victim.pid) in pids) >= 50
    assert len({pid for pids in sent_by.values() for pid in pids}) == PROCESSES

    app = BotApp(settings)
    try:
        async with app.sessions() as session:
            states = dict((await session.execute(
                select(Occurrence.state, func.count()).group_by(Occurrence.state))).all())
        assert states == {"sent": POSTS}
    finally:
        await app.close()
    print(f"\n{POSTS} posts by {PROCESSES} processes; killed one after {posted_at_kill} posts; "
          f"{len(retried)} taken over after the kill, 0 duplicates")
