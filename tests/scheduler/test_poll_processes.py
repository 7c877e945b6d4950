"""A poll's results at its closing time, and a campaign's compiled post on its day, go out once with two
bot processes on one PostgreSQL, and not again after a restart: each is an occurrence like any other."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.app import BotApp
from bot.settings import Settings
from storage.polls import Poll
from tests.scheduler.test_multiprocess import lines, wait_for, wait_for_all_sent


def start_worker(pg_url: str, directory: Path, n: int, *extra: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.Popen([sys.executable, "-m", "tests.scheduler.worker", pg_url, str(directory), *extra],
                            env=env, stderr=open(directory / f"worker{n}.err", "wb"))


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=15)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()


async def test_two_processes_and_a_restart_announce_a_poll_once(pg_url, tmp_path):
    settings = Settings.model_validate({"bot": {"data_dir": str(tmp_path)}, "database": {"url": pg_url}})
    app = BotApp(settings)
    await app.start()  # migrated and seeded
    try:
        async with app.sessions.begin() as session:
            session.add(Poll(question="Next call?", options=["Monday", "Friday"], platform="console",
                             channel_id="console:c0", created_by="console:ana",
                             closes_at=datetime.now(UTC) + timedelta(seconds=3)))
    finally:
        await app.close()
    workers = [start_worker(pg_url, tmp_path, n) for n in range(2)]
    try:
        await wait_for(lambda: any(k.startswith("poll:") for k in lines(tmp_path / "posts.log")),
                       "the poll's results to be posted", 60)
        await wait_for_all_sent(settings, 30)
        await asyncio.sleep(2)  # both processes keep polling: a second attempt would show in attempts.log
    finally:
        stop(workers)
    restarted = [start_worker(pg_url, tmp_path, 2)]
    try:
        await wait_for(lambda: (tmp_path / f"ready.{restarted[0].pid}").exists(), "the restart", 30)
        await asyncio.sleep(3)  # a few polls of the restarted process
    finally:
        stop(restarted)
    attempts = [line.split(" ", 1)[1] for line in lines(tmp_path / "attempts.log")]
    assert [key for key in attempts if key.startswith("poll:")] == [
        k for k in lines(tmp_path / "posts.log") if k.startswith("poll:")]
    assert len([key for key in attempts if key.startswith("poll:")]) == 1


async def test_two_processes_and_a_restart_post_a_campaign_once(pg_url, tmp_path):
    from zoneinfo import ZoneInfo

    from storage.campaigns import Campaign

    settings = Settings.model_validate({"bot": {"data_dir": str(tmp_path)}, "database": {"url": pg_url}})
    # the compiled post is due at the notice time on the day: make that the next minute, where the bot is
    due = (datetime.now(ZoneInfo("Europe/Zurich")) + timedelta(minutes=1)).replace(second=0, microsecond=0)
    app = BotApp(settings)
    await app.start()
    try:
        async with app.sessions.begin() as session:
            session.add(Campaign(observance_key="world-day-against-child-labour", day=due.date(), platform="console",
                                 channel_id="console:c0", lead_days=[], created_by="console:ana",
                                 created_at=datetime.now(UTC) - timedelta(minutes=1)))
    finally:
        await app.close()
    notice = f"{due:%H:%M}"
    workers = [start_worker(pg_url, tmp_path, n, notice) for n in range(2)]
    try:
        await wait_for(lambda: any(k.startswith("campaign:") for k in lines(tmp_path / "posts.log")),
                       "the campaign's compiled post", 90)
        await wait_for_all_sent(settings, 30)
        await asyncio.sleep(2)
    finally:
        stop(workers)
    restarted = [start_worker(pg_url, tmp_path, 2, notice)]
    try:
        await wait_for(lambda: (tmp_path / f"ready.{restarted[0].pid}").exists(), "the restart", 30)
        await asyncio.sleep(3)
    finally:
        stop(restarted)
    attempts = [line.split(" ", 1)[1] for line in lines(tmp_path / "attempts.log")]
    assert len([key for key in attempts if key.startswith("campaign:")]) == 1
