"""A change wakes the scheduler at once (issue 14, item 3); a change made while that tick is under way
gets a tick of its own after it, instead of waiting for the next regular tick."""

from __future__ import annotations

import asyncio

from bot.scheduler import Scheduler


async def test_a_change_during_a_wake_up_tick_gets_another_tick(bot, monkeypatch):
    scheduler = Scheduler(bot.app)
    first_under_way, release = asyncio.Event(), asyncio.Event()
    calls: list[bool] = []

    async def run_due(*, plan: bool = True, ahead=None) -> int:
        calls.append(plan)
        if len(calls) == 2:  # the first wake-up tick (after the regular one at start) is still running
            first_under_way.set()
            await release.wait()
        return 0

    monkeypatch.setattr(scheduler, "run_due", run_due)
    scheduler.config = scheduler.config.model_copy(update={"poll_interval_seconds": 3600})  # no regular tick soon
    scheduler.start()
    try:
        await asyncio.wait_for(_until(lambda: len(calls) == 1), 5)  # the regular tick at start
        scheduler.wake_now()  # a change: a tick now
        await asyncio.wait_for(first_under_way.wait(), 5)
        scheduler.wake_now()  # another change while that tick runs
        scheduler.wake_now()  # and a third: still one more tick, not two
        release.set()
        await asyncio.wait_for(_until(lambda: len(calls) == 3), 5)
        await asyncio.sleep(0.2)
        assert calls == [True, True, True]  # each planned: the changes are new rows to plan
    finally:
        await scheduler.stop()


async def _until(condition) -> None:
    while not condition():
        await asyncio.sleep(0.01)


async def test_stop_waits_for_the_look_up_of_the_next_due_row(bot, monkeypatch):
    """A tick then reads when the next row is due, on a database connection of its own. A stop that
    returned before that read ended let the database be closed under it: the console's end of input
    logged a traceback from the connection pool (seen once in CI)."""
    from bot.scheduler import running

    scheduler = Scheduler(bot.app)
    looking, finished = asyncio.Event(), []
    real_next_due = running.occurrences.next_due

    async def slow_next_due(session, **kwargs):
        looking.set()
        await asyncio.sleep(0.3)
        found = await real_next_due(session, **kwargs)
        finished.append(found)
        return found

    monkeypatch.setattr(running.occurrences, "next_due", slow_next_due)
    scheduler.config = scheduler.config.model_copy(update={"poll_interval_seconds": 3600})
    scheduler.start()
    try:
        await asyncio.wait_for(looking.wait(), 5)  # the tick at start is reading the next due row
    finally:
        await scheduler.stop()
    assert len(finished) == 1  # the read ended before stop returned
