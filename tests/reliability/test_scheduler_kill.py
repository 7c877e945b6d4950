"""A burst of scheduled posts, the bot process killed with SIGKILL at random points while it
sends them and started again, four times over: every post goes out, none twice.

The bot is the real scheduler loop in its own process (``tests/scheduler/worker.py``) on
PostgreSQL. Its adapter appends each post to a file, after checking the "channel" (that
file) for the occurrence key like the Slack adapter does; the file has no unique index, so a
second post of a key would show as a second line. Every send is also logged with the
sending process, so re-sends after a kill are counted too.
"""

from __future__ import annotations

import asyncio
import os
import random
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

POSTS, CHANNELS, KILLS = 300, 6, 4
KILL_SEED = 8_7
DEADLINE = 90  # seconds for the whole run
ROOT = Path(__file__).resolve().parents[2]


def lines(path: Path) -> list[str]:
    return [line for line in path.read_text().split("\n") if line] if path.exists() else []


async def until(condition, what: str, deadline: float, every: float = 0.005) -> None:
    """Check ``condition`` (may be async) until it holds; fail at ``deadline`` (monotonic)."""
    while not ((await found) if asyncio.iscoroutine(found := condition()) else found):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        await asyncio.sleep(every)


async def occurrence_states(app: BotApp) -> dict[str, int]:
    async with app.sessions() as session:
        return dict((await session.execute(select(Occurrence.state, func.count()).group_by(Occurrence.state))).all())


async def test_a_bot_killed_four_times_during_a_burst_posts_everything_exactly_once(pg_url, tmp_path):
    settings = Settings.model_validate({"bot": {"data_dir": str(tmp_path)}, "database": {"url": pg_url}})
    await add_due_reminders(settings, POSTS, CHANNELS)

    # kill when the run has made this many sends (in total, over all the processes so far)
    kill_at = sorted(random.Random(KILL_SEED).sample(range(10, POSTS - 10), KILLS))
    posts, attempts = tmp_path / "posts.log", tmp_path / "attempts.log"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    deadline = time.monotonic() + DEADLINE
    killed: list[int] = []

    def start_bot(n: int) -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "tests.scheduler.worker", pg_url, str(tmp_path)], env=env,
                                cwd=ROOT, stderr=open(tmp_path / f"bot{n}.err", "wb"))

    async def all_sent(app: BotApp) -> bool:
        return await occurrence_states(app) == {"sent": POSTS}

    bot = start_bot(0)
    try:
        for n, sends in enumerate(kill_at, start=1):
            await until(lambda: len(lines(attempts)) >= sends or bot.poll() is not None,
                        f"{sends} sends before kill {n}", deadline)
            assert bot.poll() is None, (tmp_path / f"bot{n - 1}.err").read_text()[-2000:]
            bot.send_signal(signal.SIGKILL)
            bot.wait(timeout=10)
            killed.append(bot.pid)
            bot = start_bot(n)
        await until(lambda: len(set(lines(posts))) >= POSTS, "every post to go out", deadline)
        # a post that went out just before a kill is marked sent once its lease has run out
        # and the next process has found it already in the channel
        app = BotApp(settings)
        try:
            await until(lambda: all_sent(app), "every occurrence to be marked sent", deadline, every=0.1)
        finally:
            await app.close()
    finally:
        if bot.poll() is None:
            bot.send_signal(signal.SIGTERM)
            try:
                bot.wait(timeout=15)
            except subprocess.TimeoutExpired:
                bot.kill()
                bot.wait()

    counts = Counter(lines(posts))
    assert {key for key, n in counts.items() if n > 1} == set(), "posted more than once"
    assert len(counts) == POSTS

    sent_by: dict[str, list[str]] = {}
    for line in lines(attempts):
        pid, key = line.split(" ", 1)
        sent_by.setdefault(key, []).append(pid)
    resent = {key: pids for key, pids in sent_by.items() if len(pids) > 1}
    # a key is sent again only after the process sending it was killed: recovery, not a race
    assert all(int(pids[0]) in killed for pids in resent.values()), resent
    assert len(killed) == KILLS

    print(f"\n{POSTS} posts, bot killed after {', '.join(map(str, kill_at))} sends; "
          f"{len(resent)} sent again by the next process after a kill; 0 lost, 0 duplicates")
