"""SIGTERM: the bot stops taking work, finishes what it is doing, and exits 0."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy.engine import make_url

from tests.conftest import PG_SKIP_REASON, PG_URL, _create_pg_database, _drop_pg_database
from tests.ops.bot_process import BotProcess


def test_sigterm_with_a_command_in_flight_answers_it_and_exits_0(tmp_path):
    bot = BotProcess("--log-level", "DEBUG", "run",
                     env={"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/bot.db"})
    try:
        bot.wait_for("stderr", "ops server on")
        bot.say("!action add Send the minutes to the Secretariat")
        bot.wait_for("stderr", "handling action")
        bot.terminate()  # stdin stays open: only the signal ends the bot
        assert "Action item A1 recorded." in bot.wait_for("stdout", "recorded")
        assert bot.exit_code() == 0
        bot.wait_for("stderr", "stopped")
    finally:
        bot.close()


@pytest.fixture
async def pg_database():
    if not PG_URL:
        pytest.skip(PG_SKIP_REASON)
    url, name = await _create_pg_database()
    yield url
    await _drop_pg_database(name)


async def test_sigterm_waits_for_a_command_held_by_a_database_lock(pg_database):
    """A row lock held by the test keeps ``!action done A1`` in flight for as long as we like."""
    import asyncpg

    bot = BotProcess("--log-level", "DEBUG", "run", env={"ALLIANCE_BOT_DATABASE__URL": pg_database})
    loop = asyncio.get_running_loop()
    parsed = make_url(pg_database)
    locker = await asyncpg.connect(user=parsed.username, host=parsed.host, port=parsed.port,
                                   database=parsed.database, password=parsed.password)
    try:
        await loop.run_in_executor(None, bot.wait_for, "stderr", "ops server on")
        bot.say("!action add Send the minutes")
        await loop.run_in_executor(None, bot.wait_for, "stdout", "A1 recorded")

        lock = locker.transaction()
        await lock.start()
        await locker.execute("SELECT * FROM action_item WHERE id = 1 FOR UPDATE")
        bot.say("!action done A1")
        for _ in range(300):  # bounded: until the bot's update waits on our lock
            waiting = await locker.fetchval(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
                parsed.database)
            if waiting:
                break
            await asyncio.sleep(0.05)
        assert waiting, "the bot's update never waited on the lock"

        bot.terminate()
        line = await loop.run_in_executor(None, bot.wait_for, "stderr", "stop requested")
        assert "1 message(s) being handled" in line
        assert bot.process.poll() is None  # still finishing A1
        await lock.rollback()

        assert "A1 marked done." in await loop.run_in_executor(None, bot.wait_for, "stdout", "A1 marked")
        assert await loop.run_in_executor(None, bot.exit_code) == 0
        status = await locker.fetchval("SELECT status FROM action_item WHERE id = 1")
        assert status == "done"
    finally:
        await locker.close()
        bot.close()


async def _bot_with_a_command_held(pg_database):
    """A bot process whose ``!action done A1`` waits on a row lock the test holds, and the lock."""
    import asyncpg

    bot = BotProcess("--log-level", "DEBUG", "run", env={"ALLIANCE_BOT_DATABASE__URL": pg_database})
    loop = asyncio.get_running_loop()
    parsed = make_url(pg_database)
    locker = await asyncpg.connect(user=parsed.username, host=parsed.host, port=parsed.port,
                                   database=parsed.database, password=parsed.password)
    await loop.run_in_executor(None, bot.wait_for, "stderr", "ops server on")
    bot.say("!action add Send the minutes")
    await loop.run_in_executor(None, bot.wait_for, "stdout", "A1 recorded")
    lock = locker.transaction()
    await lock.start()
    await locker.execute("SELECT * FROM action_item WHERE id = 1 FOR UPDATE")
    bot.say("!action done A1")
    waiting = 0
    for _ in range(300):  # bounded: until the bot's update waits on our lock
        waiting = await locker.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND wait_event_type = 'Lock'",
            parsed.database)
        if waiting:
            break
        await asyncio.sleep(0.05)
    assert waiting, "the bot's update never waited on the lock"
    return bot, locker, lock


async def test_a_second_sigterm_keeps_the_drain_and_still_exits_0(pg_database):
    """Process managers (and `timeout`) send SIGTERM twice: during the drain, and after "stopped"."""
    loop = asyncio.get_running_loop()
    bot, locker, lock = await _bot_with_a_command_held(pg_database)
    try:
        bot.terminate()
        await loop.run_in_executor(None, bot.wait_for, "stderr", "stop requested")
        bot.terminate()  # the second one, while A1 is still being handled
        await asyncio.sleep(0.3)
        assert bot.process.poll() is None, "the second signal ended the drain"
        await lock.rollback()

        assert "A1 marked done." in await loop.run_in_executor(None, bot.wait_for, "stdout", "A1 marked")
        await loop.run_in_executor(None, bot.wait_for, "stderr", "stopped")
        if bot.process.poll() is None:
            bot.terminate()  # another one after the stop has finished: still a clean exit
        assert await loop.run_in_executor(None, bot.exit_code) == 0, "\n".join(bot.seen["stderr"][-8:])
        assert await locker.fetchval("SELECT status FROM action_item WHERE id = 1") == "done"
    finally:
        await locker.close()
        bot.close()


async def test_a_sigterm_right_after_stopped_still_exits_0(pg_database):
    """The signal lands between "stopped" and the end of the process."""
    loop = asyncio.get_running_loop()
    bot = BotProcess("--log-level", "DEBUG", "run", env={"ALLIANCE_BOT_DATABASE__URL": pg_database})
    try:
        await loop.run_in_executor(None, bot.wait_for, "stderr", "ops server on")
        bot.say("!action add Send the minutes")
        await loop.run_in_executor(None, bot.wait_for, "stdout", "A1 recorded")  # serving
        bot.terminate()
        await loop.run_in_executor(None, bot.wait_for, "stderr", "stopped")
        if bot.process.poll() is None:
            bot.terminate()
        assert await loop.run_in_executor(None, bot.exit_code) == 0
    finally:
        bot.close()


async def test_a_third_sigterm_forces_the_exit_and_says_so(pg_database):
    loop = asyncio.get_running_loop()
    bot, locker, lock = await _bot_with_a_command_held(pg_database)
    try:
        bot.terminate()
        await loop.run_in_executor(None, bot.wait_for, "stderr", "stop requested")
        bot.terminate()
        await loop.run_in_executor(None, bot.wait_for, "stderr", "received again")
        bot.terminate()
        code = await loop.run_in_executor(None, bot.exit_code)
        line = await loop.run_in_executor(None, bot.wait_for, "stderr", "exiting now")
        assert code not in (0, -15, 143)  # not a clean stop, and not killed by the signal either
        assert "1 message(s)" in line  # it says what it left unfinished
        await lock.rollback()
        assert await locker.fetchval("SELECT status FROM action_item WHERE id = 1") == "open"
    finally:
        await locker.close()
        bot.close()
