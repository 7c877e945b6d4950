"""``alliance-bot run`` starts the scheduler once the platforms are ready (Matrix: its first sync), so its
first tick does not run while they connect; and at the latest after a bound, for one that never is."""

from __future__ import annotations

import asyncio

from bot.runner import Background, StopSignals


class Connecting:
    platform = "slow"

    def __init__(self) -> None:
        self.ready = asyncio.Event()


async def test_the_scheduler_starts_once_every_adapter_is_ready(tmp_path, app_factory):
    app, _clock = await app_factory(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    first, second = Connecting(), Connecting()
    background = Background(app, StopSignals(app))
    background.start_once_ready([first, second, object()])  # one without a ready event counts as ready
    try:
        await asyncio.sleep(0.05)
        first.ready.set()
        await asyncio.sleep(0.05)
        assert background.scheduler is None
        second.ready.set()
        await asyncio.wait_for(background._task, 5)
        assert background.scheduler is not None and background.failed is None
    finally:
        await background.stop()
    assert background.scheduler is None


async def test_an_adapter_never_ready_holds_the_scheduler_back_only_so_long(tmp_path, app_factory):
    app, _clock = await app_factory(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    background = Background(app, StopSignals(app), ready_wait=0.1)
    background.start_once_ready([Connecting()])
    try:
        await asyncio.wait_for(background._task, 5)
        assert background.scheduler is not None
    finally:
        await background.stop()


async def test_a_stop_before_the_platforms_are_ready_starts_nothing(tmp_path, app_factory):
    app, _clock = await app_factory(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    background = Background(app, StopSignals(app))
    background.start_once_ready([Connecting()])
    await asyncio.sleep(0.05)
    await background.stop()
    assert background.scheduler is None and background._task is not None and background._task.done()
