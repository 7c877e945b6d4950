"""Any number of processes may start together on one empty PostgreSQL database:
one migrates and seeds, the others wait and find the work done (issue 21)."""

from __future__ import annotations

import asyncio
import time
import tomllib
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import text

from storage import db
from storage.seed import SEED_DIR
from tests.conftest import PG_SKIP_REASON, PG_URL, _create_pg_database, _drop_pg_database
from tests.ops.bot_process import BotProcess

PROCESSES = 3
TRIALS = 10
START_TIMEOUT = 90  # seconds for all three to be up, in one trial
TEST_BUDGET = 600  # seconds for the whole test


def expected_seed() -> dict[str, list[str]]:
    """The keys the reference seed file names, by table (what "the seed is there once" means)."""
    with (SEED_DIR / "reference.toml").open("rb") as fh:
        data = tomllib.load(fh)
    return {
        "action_group": sorted(g["key"] for g in data["action_group"]),
        "pathfinder_country": sorted(c["name"] for c in data["pathfinder"]),
        "observance": sorted(o["key"] for o in data["observance"]),
    }


KEY_COLUMN = {"action_group": "key", "pathfinder_country": "name", "observance": "key"}


async def check_database(url: str) -> None:
    engine = db.create_engine(url)
    try:
        head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
        assert await db.current_revision(engine) == head
        async with engine.connect() as conn:
            versions = (await conn.execute(text("SELECT count(*) FROM alembic_version"))).scalar_one()
            assert versions == 1
            for table, keys in expected_seed().items():
                column = KEY_COLUMN[table]
                rows = (await conn.execute(text(f"SELECT {column} FROM {table} ORDER BY {column}"))).scalars().all()
                assert sorted(rows) == keys, table  # every seeded row, each once
            priorities = (await conn.execute(text("SELECT count(*) FROM pathfinder_priority"))).scalar_one()
        with (SEED_DIR / "reference.toml").open("rb") as fh:
            wanted = sum(len(c.get("priority", [])) for c in tomllib.load(fh)["pathfinder"])
        assert priorities == wanted  # a country's children are not seeded twice either
    finally:
        await engine.dispose()


def start_together(url: str) -> list[tuple[int | None, str]]:
    """Start PROCESSES bots at the same moment; wait until each is up, stop them; (exit code, log tail)."""
    bots = [BotProcess("--log-level", "INFO", "run", env={"ALLIANCE_BOT_DATABASE__URL": url}) for _ in range(PROCESSES)]
    try:
        with ThreadPoolExecutor(PROCESSES) as pool:
            up = list(pool.map(lambda b: _up(b), bots))
        for bot, ok in zip(bots, up):
            if ok:
                bot.terminate()
        return [(bot.exit_code(30) if ok else bot.process.poll(), "\n".join(bot.seen["stderr"][-15:]))
                for bot, ok in zip(bots, up)]
    finally:
        for bot in bots:
            bot.close()


def _up(bot: BotProcess) -> bool:
    try:
        bot.wait_for("stderr", "ops server on", timeout=START_TIMEOUT)
        return True
    except AssertionError:
        return False


@pytest.mark.skipif(not PG_URL, reason=PG_SKIP_REASON)
async def test_three_processes_start_together_on_an_empty_database_ten_times():
    loop = asyncio.get_running_loop()
    deadline = time.monotonic() + TEST_BUDGET
    for trial in range(TRIALS):
        assert time.monotonic() < deadline, f"out of time after {trial} trials"
        url, name = await _create_pg_database()
        try:
            results = await loop.run_in_executor(None, start_together, url)
            for code, tail in results:
                assert code == 0, f"trial {trial + 1}: a process did not start and stop cleanly:\n{tail}"
            await check_database(url)
        finally:
            await _drop_pg_database(name)
