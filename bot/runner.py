"""``alliance-bot run``: every configured platform in one asyncio loop.

On SIGTERM (or SIGINT) the bot stops taking work (each adapter's ``stop()``),
lets the messages it is handling finish (at most ``ops.shutdown_timeout_seconds``),
closes the database and exits 0. Process managers often send the signal twice: a
second one is logged and changes nothing (the stop goes on and still exits 0); a
third forces the exit at once, with status 1 and a log line saying so.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import os
import signal

from typing import Any

from bot.adapters import Adapter
from bot.app import BotApp
from bot.platforms import platforms
from bot.settings import Settings

log = logging.getLogger("alliance_bot")


def configured_adapters(settings: Settings, app: BotApp) -> list[Adapter]:
    """An adapter for each platform its settings turn on (``bot/adapters/*``, ``PLATFORM``)."""
    adapters: list[Adapter] = []
    for platform in platforms().values():
        if platform.start is None or not platform.enabled(settings):
            continue
        start = platform.start
        lease = platform.leader_key(settings) if platform.leader_key is not None else None
        if lease is None:
            adapters.append(start(settings, app))
            continue
        from bot.leader import LeaderOnly

        # one sync loop per account: with several processes on one PostgreSQL, one leads
        adapters.append(LeaderOnly(functools.partial(start, settings, app), app, name=lease,
                                   check_seconds=settings.ops.leader_check_seconds))
    return adapters


FORCED_EXIT_STATUS = 1


class StopSignals:
    """SIGTERM and SIGINT for the whole life of the process, counted.

    The first asks for a clean stop (``requested``); a second during the stop only says
    so in the log; the third exits at once. Once the stop has finished (``stopped``),
    further signals are only logged. The handlers stay installed until the process
    ends — also after the event loop has closed — so a late signal never turns a clean
    stop into death by signal (exit 143).
    """

    SIGNALS = (signal.SIGTERM, signal.SIGINT)

    def __init__(self, app: BotApp | None = None, force_after: int = 3) -> None:
        self.app = app
        self.force_after = force_after
        self.received = 0
        self.stopped = False  # the clean stop has finished: nothing left to force
        self.requested = asyncio.Event()
        self.loop = asyncio.get_running_loop()

    def install(self) -> StopSignals:
        for sig in self.SIGNALS:
            signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, _frame) -> None:
        # a Python-level handler: runs in the main thread, also while the loop is busy or closed
        self.received += 1
        name = signal.Signals(signum).name
        if self.stopped:
            log.info("%s received after the stop: exiting as planned", name)
        elif self.received == 1:
            log.info("%s received: stopping", name)
            if not self.loop.is_closed():
                self.loop.call_soon_threadsafe(self.requested.set)
        elif self.received < self.force_after:
            log.warning("%s received again: still stopping cleanly (a signal %d more forces the exit)",
                        name, self.force_after - self.received)
        else:
            in_flight = self.app.in_flight if self.app is not None else 0
            log.error("%s received %d times: exiting now with status %d, without finishing %d message(s)",
                      name, self.received, FORCED_EXIT_STATUS, in_flight)
            logging.shutdown()
            os._exit(FORCED_EXIT_STATUS)


async def run(settings: Settings) -> int:
    app = BotApp(settings)
    signals = StopSignals(app).install()
    ops_server = None
    background = Background(app, signals)
    try:
        await app.start()
        adapters = configured_adapters(settings, app)
        if not adapters:
            from bot.adapters.console import ConsoleAdapter

            adapters = [ConsoleAdapter(i18n=app.i18n, files_dir=settings.bot.data_dir / "files")]
        from bot.leader import LeaderOnly

        # an adapter that runs only while this process leads adds itself when it does
        app.adapters = {a.platform: a for a in adapters if not isinstance(a, LeaderOnly)}
        if settings.ops.enabled:
            from bot.ops_server import OpsServer, ops_application

            ops_server = await OpsServer(ops_application(app), settings.ops.http_host, settings.ops.http_port).start()
        app.router  # every command, before the platforms connect: their first sync may bring some
        collect_from_here()
        background.start_once_ready(adapters)
        await serve(app, adapters, settings.ops.shutdown_timeout_seconds, stop_first=[background], signals=signals)
        if background.failed is not None:
            raise background.failed
    finally:
        await background.stop()
        if ops_server is not None:
            await ops_server.stop()
        await app.close()
    return 0


#: the longest the background waits for the platforms to be ready before it starts anyway (a homeserver
#: that does not answer, or another process leading the account)
READY_WAIT = 10.0


class Background:
    """What runs beside the platforms and is not needed for them to be ready (connected; Matrix: its
    first sync handled): the scheduler and the web endpoint. They start once every adapter is ready, or
    after ``READY_WAIT`` at the latest, so the scheduler's first tick (its planning, and APScheduler's
    import) no longer runs in the loop while Matrix logs in and makes its first sync, and it posts to
    every platform at once. A failure to start stops the bot, as it did when they started first."""

    def __init__(self, app: BotApp, signals: StopSignals, ready_wait: float = READY_WAIT) -> None:
        self.app = app
        self.signals = signals
        self.ready_wait = ready_wait
        self.scheduler: Any = None
        self.web: Any = None
        self.failed: BaseException | None = None
        self._task: asyncio.Task | None = None

    def start_once_ready(self, adapters: list) -> None:
        self._task = asyncio.create_task(self._start(adapters), name="background")

    async def _start(self, adapters: list) -> None:
        waits = [ready.wait() for adapter in adapters
                 if isinstance(ready := getattr(adapter, "ready", None), asyncio.Event)]
        if waits:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.ready_wait):
                    await asyncio.gather(*waits)
        try:
            if self.app.settings.scheduler.enabled:
                from bot.scheduler import Scheduler

                self.scheduler = Scheduler(self.app)
                self.scheduler.start()
            if self.app.settings.web.enabled:
                from bot.web import WebServer

                self.web = WebServer(self.app)
                await self.web.start()
        except Exception as exc:
            log.exception("could not start the scheduler or the web endpoint: stopping")
            self.failed = exc
            self.signals.requested.set()

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        scheduler, web, self.scheduler, self.web = self.scheduler, self.web, None, None
        await stop_background(scheduler, web)


# A full collection scans everything made since start (the question catalogue of every open item
# among it): about 20 ms with ten thousand items, a pause in whichever command it falls on. Python runs
# one after 10 collections of the middle generation; after 100, it comes about once in a thousand
# commands instead of once in a hundred, while young garbage is collected as often as before.
FULL_COLLECTION_AFTER = 100


def collect_from_here() -> None:
    """Everything made while starting lives as long as the process: keep the garbage collector from
    scanning it again (``gc.freeze``), make full collections rarer, and turn collection back on, if
    start-up had turned it off."""
    gc.freeze()
    young, middle, _full = gc.get_threshold()
    gc.set_threshold(young, middle, FULL_COLLECTION_AFTER)
    gc.enable()


async def start_background(app: BotApp):
    """The scheduler (posts through ``app.adapters``) and the web endpoint, when enabled."""
    scheduler = web = None
    if app.settings.scheduler.enabled:
        from bot.scheduler import Scheduler

        scheduler = Scheduler(app)
        scheduler.start()
    if app.settings.web.enabled:
        from bot.web import WebServer

        web = WebServer(app)
        await web.start()
    return scheduler, web


async def stop_background(scheduler, web) -> None:
    if scheduler is not None:
        await scheduler.stop()
    if web is not None:
        await web.stop()


async def serve(app: BotApp, adapters: list, shutdown_timeout: float, stop_first: list | None = None,
                signals: StopSignals | None = None) -> None:
    """Run the adapters until they all end or a stop signal arrives, then shut down cleanly.

    ``stop_first`` (e.g. the scheduler) stop posting before the adapters they post through stop.
    """
    signals = signals or StopSignals(app).install()
    stop_requested = signals.requested
    tasks = [asyncio.create_task(a.run(app.handle), name=f"adapter-{a.platform}") for a in adapters]
    stopper = asyncio.create_task(stop_requested.wait(), name="stop-signal")
    try:
        # one adapter ending on its own (console at end of input) is not a shutdown of the others
        while not stop_requested.is_set() and not all(t.done() for t in tasks):
            await asyncio.wait([*(t for t in tasks if not t.done()), stopper], return_when=asyncio.FIRST_COMPLETED)
        if stop_requested.is_set():
            await shutdown(app, adapters, tasks, shutdown_timeout, [s for s in stop_first or [] if s is not None],
                           signals)
    finally:
        stopper.cancel()
    for task in tasks:
        if task.done() and not task.cancelled() and task.exception() is not None:
            log.error("the %s adapter failed: %r", task.get_name(), task.exception())


async def shutdown(
    app: BotApp, adapters: list, tasks: list[asyncio.Task], timeout: float, stop_first: list,
    signals: StopSignals | None = None,
) -> None:
    log.info("stop requested: no new work; %d message(s) being handled", app.in_flight)
    app.stop_accepting()
    for service in stop_first:
        try:
            await asyncio.wait_for(service.stop(), timeout)
        except Exception:
            log.exception("%s did not stop cleanly", type(service).__name__)
    for adapter in adapters:
        try:
            await asyncio.wait_for(adapter.stop(), timeout)
        except Exception:
            log.exception("the %s adapter did not stop cleanly", adapter.platform)
    if not await app.drain(timeout):
        log.warning("gave up waiting after %g s; %d message(s) were still being handled", timeout, app.in_flight)
    _done, pending = await asyncio.wait(tasks, timeout=timeout)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.wait(pending, timeout=timeout)
    if signals is not None:
        signals.stopped = True  # before saying so: a signal sent on seeing "stopped" finds nothing to force
    log.info("stopped")
