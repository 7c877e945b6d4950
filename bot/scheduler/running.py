"""The Scheduler: starting and stopping, waking at due moments, and each tick's planning and claiming."""

from __future__ import annotations

import asyncio
import functools
import os
import socket
import time
import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from bot import planning
from bot.scheduler.sending import Prepared, Sending, log
from storage import deliveries, occurrences
from storage.occurrences import Claimed

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]  # no type hints

    from bot.app import BotApp

STATE_PLATFORM, STATE_KEY = "scheduler", "planned_from"
OVERLAP = timedelta(minutes=5)  # each window re-plans a little of the last one: nothing falls between
HORIZON = timedelta(hours=1)  # rows exist this long before they are due
MAX_ROUNDS = 1000  # claim rounds per tick
# A wake-up comes this much before its due moment: the rows are claimed and rendered then, and
# each is sent the moment it is due (never before), so the database work is not part of the lateness.
PREPARE_AHEAD = timedelta(milliseconds=500)
# rendered batches of due posts that may wait to be sent while the next is claimed: few enough that
# other processes still find rows to claim
READY_BATCHES = 4
# rendered batches of posts not due yet (claimed up to PREPARE_AHEAD early) that may wait: the time
# before a due moment renders as much as it can, so that at the moment itself there is only posting
READY_AHEAD = 40
# sent batches whose outcome is being recorded while the next batch is sent
RECORDING = 2

# what dispatch does next with a claimed batch: send it, rendered (Prepared), or a call that does it all
Step = Prepared | Callable[[], Awaitable[int]]


def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Scheduler(Sending):
    def __init__(self, app: BotApp, *, worker: str | None = None) -> None:
        self.app = app
        self.config = app.settings.scheduler
        self.worker = worker or default_worker_id()
        self.render = app.router.posts  # kind → writer, as the handler modules declare them
        self._aps: AsyncIOScheduler | None = None
        self._lock = asyncio.Lock()
        self._stopping = False
        self._running: set[asyncio.Task] = set()  # ticks under way, so a stop can let them finish
        self._watchers: set[asyncio.Task] = set()  # each waits for an adapter to become ready
        self._lookups: set[asyncio.Task] = set()  # each reads when the next row is due, to wake for it
        self._waker: asyncio.Task | None = None  # the ticks a change asked for, one after another
        self._again = False  # a change came during the waker's tick: it ticks once more

    # ------------------------------------------------------------------ running
    def start(self) -> None:
        from apscheduler.schedulers.asyncio import AsyncIOScheduler
        from apscheduler.triggers.interval import IntervalTrigger  # type: ignore[import-untyped]  # no type hints

        self._aps = aps = AsyncIOScheduler(timezone=UTC)
        aps.add_job(self.tick, IntervalTrigger(seconds=self.config.poll_interval_seconds), id="tick",
                    max_instances=1, coalesce=True, next_run_time=datetime.now(UTC))
        aps.start()
        self.app.change_listeners.append(self.wake_now)  # a reminder set 10 s ahead is planned now
        for name, adapter in self.app.adapters.items():
            ready = getattr(adapter, "ready", None)
            if ready is not None and not ready.is_set():
                watcher = asyncio.ensure_future(self._when_ready(name, ready))
                self._watchers.add(watcher)
                watcher.add_done_callback(self._watchers.discard)
        log.info("scheduler %s started (every %ss)", self.worker, self.config.poll_interval_seconds)

    async def _when_ready(self, name: str, ready: asyncio.Event) -> None:
        """An adapter that was not ready at start (no room list yet): post its due rows once it is."""
        await ready.wait()
        log.info("scheduler: %s is ready; posting what is due there", name)
        self.wake_now()

    def wake_now(self) -> None:
        """Tick as soon as possible, for a change just made. A change made while such a tick is under
        way gets one more tick after it (never dropped, as a second run of a one-instance job would be)."""
        if self._aps is None or not self._aps.running or self._stopping:
            return
        if self._waker is not None and not self._waker.done():
            self._again = True
            return
        self._waker = asyncio.ensure_future(self._tick_for_changes())

    async def _tick_for_changes(self) -> None:
        again = True
        while again and not self._stopping:
            self._again = False
            await self.tick()
            again = self._again

    async def stop(self) -> None:
        """Stop ticking; a tick under way finishes the post it is sending."""
        self._stopping = True
        if self.wake_now in self.app.change_listeners:
            self.app.change_listeners.remove(self.wake_now)
        for watcher in list(self._watchers):
            watcher.cancel()
        # APScheduler's shutdown cancels the jobs it is running: let the ticks under way finish first
        under_way = [t for t in self._running if t is not asyncio.current_task()]
        if under_way:
            await asyncio.wait(under_way, timeout=self.config.lease_seconds)
        # a tick's look-up of the next due row holds a database connection: let it return it, or the
        # database is closed under it (a traceback at the end of a console session)
        if self._lookups:
            await asyncio.wait(list(self._lookups), timeout=self.config.lease_seconds)
        if self._aps is not None and self._aps.running:
            self._aps.shutdown(wait=False)
        async with self._lock:
            pass

    async def tick(self, plan: bool = True) -> None:
        """One scheduler step; errors are logged and the next tick tries again.

        ``plan=False`` for the wake-up at a known due moment: its row exists, so it is only sent.
        """
        if self._stopping:
            return
        task = asyncio.current_task()
        assert task is not None  # a coroutine run by asyncio runs in a task
        self._running.add(task)
        try:
            await self.run_due(plan=plan, ahead=PREPARE_AHEAD if not plan else timedelta(0))
            self._wake_for_next()
        except Exception:
            log.exception("scheduler tick failed")
        finally:
            self._running.discard(task)

    def _wake_for_next(self) -> None:
        if self._aps is None or not self._aps.running or self._stopping:
            return
        lookup = asyncio.ensure_future(self._schedule_wakeup())
        self._lookups.add(lookup)
        lookup.add_done_callback(self._lookups.discard)

    async def _schedule_wakeup(self) -> None:
        if self._stopping:
            return
        now = self.app.clock.now()
        async with self.app.sessions() as session:
            due = await occurrences.next_due(session, after=now, platforms=self.platforms)
        if due is None or due - now >= timedelta(seconds=self.config.poll_interval_seconds):
            return
        from apscheduler.triggers.date import DateTrigger  # type: ignore[import-untyped]  # no type hints

        wake = datetime.now(UTC) + max(timedelta(0), due - now - PREPARE_AHEAD)
        assert self._aps is not None  # only scheduled by _wake_for_next, once started; never unset
        self._aps.add_job(self.tick, DateTrigger(wake), id="wake", kwargs={"plan": False},
                          replace_existing=True, max_instances=1, misfire_grace_time=None)

    @property
    def platforms(self) -> list[str]:
        """The platforms to post to now: those whose adapter says it is ready (Matrix: after its
        first sync, when it knows its rooms). An adapter without a ``ready`` event always is."""
        return sorted(name for name, adapter in self.app.adapters.items()
                      if (ready := getattr(adapter, "ready", None)) is None or ready.is_set())

    # ------------------------------------------------------------------ the step
    async def run_due(self, plan: bool = True, ahead: timedelta = timedelta(0)) -> int:
        """Plan, then post everything due now (or within ``ahead``, each sent once due).
        Returns how many posts went out."""
        async with self._lock:
            if plan:
                await self.plan()
            return await self.dispatch(ahead)

    async def plan(self) -> int:
        now = self.app.clock.now()
        async with self.app.sessions.begin() as session:
            stored = await deliveries.get_state(session, STATE_PLATFORM, STATE_KEY)
            last = datetime.fromisoformat(stored) if stored else now
            start = max(last - OVERLAP, now - timedelta(days=self.config.catch_up_days))
            planned = await planning.plan(session, self.app.settings, start=start, end=now + HORIZON, now=now,
                                            planners=self.app.router.planners)
            added = await occurrences.add_missing(session, planned, now=now)
        try:
            async with self.app.sessions.begin() as session:
                await deliveries.set_state(session, STATE_PLATFORM, STATE_KEY, now.isoformat())
        except IntegrityError:  # another process wrote it first: its value is as good
            pass
        if added:
            log.info("planned %d occurrence(s) from %s", added, start.isoformat())
        return added

    async def dispatch(self, ahead: timedelta = timedelta(0)) -> int:
        """Claim, render, send and mark sent a batch at a time: one claim and one mark per batch,
        the batch rendered in one session, different channels sent in parallel. The next batch is
        claimed and rendered while this one is sent and marked (up to ``READY_BATCHES`` wait, rendered;
        ``READY_AHEAD`` while their posts are not due yet), and a batch's outcome is recorded while the
        next one is sent (up to ``RECORDING`` at once), so the database's round trips overlap the
        posting. A row is marked sent only once its platform confirmed the post (returned its id); a
        crash between send and mark leaves the row to be sent again under the same key, which the
        adapter makes a no-op."""
        queue: asyncio.Queue[Step | None] = asyncio.Queue()
        taken = asyncio.Event()  # set each time a batch leaves the queue: room for the producer
        producer = asyncio.ensure_future(self._prepare_rounds(queue, taken, ahead))
        recording: set[asyncio.Future[int]] = set()
        posted = 0
        try:
            while (step := await queue.get()) is not None:
                taken.set()
                if not isinstance(step, Prepared):
                    posted += await step()
                    continue
                recording.add(asyncio.ensure_future(self._record(await self._send_prepared(step))))
                if len(recording) >= RECORDING:
                    done, recording = await asyncio.wait(recording, return_when=asyncio.FIRST_COMPLETED)
                    posted += sum(task.result() for task in done)  # a failed record's error, if any
            while recording:
                posted += await recording.pop()
        except BaseException:
            producer.cancel()
            # the batches already sent are recorded, whatever stopped this one
            await asyncio.gather(producer, *recording, return_exceptions=True)
            await self._give_back_waiting(queue)
            raise
        await producer  # its error, if it failed
        return posted

    async def _prepare_rounds(self, queue: asyncio.Queue[Step | None], taken: asyncio.Event,
                              ahead: timedelta) -> None:
        """Claim and render batches, handing each to ``dispatch`` to send; None when nothing is left.
        A batch is claimed only when fewer than ``READY_BATCHES`` wait (``READY_AHEAD`` while the last
        one claimed is not due yet)."""
        latest: datetime | None = None  # when the last batch claimed is due (its latest post)

        def room() -> bool:
            not_due = latest is None or latest > self.app.clock.now()
            return queue.qsize() < (READY_AHEAD if not_due else READY_BATCHES)

        # one connection for claims that follow one another, checked (pinged) when taken rather than
        # at each claim; not held while the producer waits for room
        connection: AsyncConnection | None = None
        # each conversation's language and zone (None: it has none), read once in a dispatch
        channels: dict[str, tuple[str, str] | None] = {}
        try:
            for _ in range(MAX_ROUNDS):
                if not room():
                    if connection is not None:
                        held: AsyncConnection = connection
                        connection = None
                        await held.close()
                    while not room():
                        taken.clear()
                        await taken.wait()
                if self._stopping:
                    break
                if connection is None:
                    connection = await self.app.engine.connect()
                now = self.app.clock.now()
                claimed_at = time.monotonic()
                async with self.app.sessions(bind=connection) as session, session.begin():
                    claimed = await occurrences.claim(
                        session, now=now + ahead, worker=self.worker, platforms=self.platforms,
                        lease=timedelta(seconds=self.config.lease_seconds), limit=self.config.batch_size,
                        stale_before=now - timedelta(seconds=self.config.grace_period_seconds),
                    )
                    # what the posts are written from, in the same transaction (no connection of its own)
                    read = await self.read_for(session, claimed, channels) if claimed else None
                if not claimed:
                    break
                latest = max(o.due_at for o in claimed)
                batches: dict[str, list[Claimed]] = defaultdict(list)
                singles: list[Claimed] = []
                for occurrence in claimed:
                    if occurrence.batch_key:
                        batches[occurrence.batch_key].append(occurrence)
                    else:
                        singles.append(occurrence)
                if singles:
                    prepared = await self._prepare(singles, now, claimed_at, read)
                    await queue.put(prepared)
                for batch_key, group in batches.items():
                    await queue.put(functools.partial(self._deliver_offline, batch_key, group, now))
        except asyncio.CancelledError:
            raise  # dispatch stopped reading: no end to tell it
        except BaseException:
            await queue.put(None)
            raise
        finally:
            if connection is not None:
                await connection.close()
        await queue.put(None)

    async def _give_back_waiting(self, queue: asyncio.Queue[Step | None]) -> None:
        """After a failed send: the rendered batch still waiting goes back unsent, free to claim."""
        while not queue.empty():
            step = queue.get_nowait()
            if isinstance(step, Prepared):
                try:
                    await self._post_prepared(step, send=False)
                except Exception:  # its lease runs out and another tick sends it
                    log.exception("could not give back a prepared batch")
