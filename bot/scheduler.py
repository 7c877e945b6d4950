"""The scheduler: APScheduler drives time, the database holds what is due.

Each tick (every ``poll_interval_seconds``, and at the next due moment):

1. **plan** — create the occurrence rows due up to a short horizon ahead, from the
   last planned moment on (so downtime is caught up; the unique key makes it
   idempotent across processes);
2. **claim** due rows atomically (``FOR UPDATE SKIP LOCKED`` on PostgreSQL; SQLite
   serves one process), **send** each through its platform's adapter with the
   occurrence key as the idempotency key, then **mark sent**. A process that dies
   mid-send leaves its rows ``sending``; when the lease runs out another process
   sends them again under the same key, and the adapter makes that a no-op if the
   first post went out.

Posts missed by less than the grace period go out late, marked as delayed; older
ones are gathered into one "while I was offline" message per channel.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import os
import socket
import time
import uuid
from collections import defaultdict
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import planning
from bot.context import Context
from bot.messages import Incoming, ListItem, Reply, Target, rich
from storage import deliveries, occurrences, profiles
from storage.models import Occurrence

if TYPE_CHECKING:
    from apscheduler.schedulers.asyncio import AsyncIOScheduler  # type: ignore[import-untyped]  # no type hints

    from bot.app import BotApp

log = logging.getLogger("alliance_bot.scheduler")

STATE_PLATFORM, STATE_KEY = "scheduler", "planned_from"
OVERLAP = timedelta(minutes=5)  # each window re-plans a little of the last one: nothing falls between
HORIZON = timedelta(hours=1)  # rows exist this long before they are due
MAX_ROUNDS = 1000  # claim rounds per tick
# A wake-up comes this much before its due moment: the rows are claimed and rendered then, and
# each is sent the moment it is due (never before), so the database work is not part of the lateness.
PREPARE_AHEAD = timedelta(milliseconds=500)

def default_worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


class Scheduler:
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
        """Tick as soon as possible (a tick under way is followed by another)."""
        if self._aps is None or not self._aps.running or self._stopping:
            return
        self._aps.add_job(self.tick, id="wake", replace_existing=True, max_instances=1)

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
        asyncio.ensure_future(self._schedule_wakeup())

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
        the batch rendered in one session, different channels sent in parallel. A row is marked
        sent only once its platform confirmed the post (returned its id); a crash between send and
        mark leaves the row to be sent again under the same key, which the adapter makes a no-op."""
        posted = 0
        for _ in range(MAX_ROUNDS):
            if self._stopping:
                break
            now = self.app.clock.now()
            async with self.app.sessions.begin() as session:
                claimed = await occurrences.claim(
                    session, now=now + ahead, worker=self.worker, platforms=self.platforms,
                    lease=timedelta(seconds=self.config.lease_seconds), limit=self.config.batch_size,
                    stale_before=now - timedelta(seconds=self.config.grace_period_seconds),
                )
            if not claimed:
                break
            batches: dict[str, list[Occurrence]] = defaultdict(list)
            singles: list[Occurrence] = []
            for occurrence in claimed:
                if occurrence.batch_key:
                    batches[occurrence.batch_key].append(occurrence)
                else:
                    singles.append(occurrence)
            if singles:
                posted += await self._deliver_batch(singles, now)
            for batch_key, group in batches.items():
                posted += await self._deliver_offline(batch_key, group, now)
        return posted

    # ------------------------------------------------------------------ sending
    async def context(self, session: AsyncSession, occurrence: Occurrence, now: datetime,
                      known: dict[tuple[str, str], tuple] | None = None) -> Context:
        """The context a post is written in; ``known`` keeps each conversation's language and zone
        for the rest of a batch (they are the conversation's, not the post's)."""
        incoming = Incoming(platform=occurrence.platform, user_id=f"{occurrence.platform}:scheduler",
                            channel_id=occurrence.channel_id, text="", thread_id=occurrence.thread_id)
        where = (occurrence.platform, occurrence.channel_id)
        if known is not None and where in known:
            tr, tz = known[where]
        else:
            tr, tz = await self.app.translator_for(session, incoming)
            if known is not None:
                known[where] = (tr, tz)
        return Context(incoming=incoming, session=session, settings=self.app.settings, now=now, tr=tr, tz=tz,
                       dates=self.app.dates, command_labels=self.app.command_labels(occurrence.platform),
                       kept=self.app.kept, i18n=self.app.i18n)

    async def _rendered(self, occurrence: Occurrence, now: datetime) -> tuple[Reply | None, Context]:
        async with self.app.sessions() as session:
            return await self._render_in(session, occurrence, now)

    async def _render_in(self, session: AsyncSession, occurrence: Occurrence, now: datetime,
                         known: dict | None = None) -> tuple[Reply | None, Context]:
        ctx = await self.context(session, occurrence, now, known)
        render = self.render.get(occurrence.kind)
        reply = await render(ctx, occurrence) if render else None
        return reply, ctx

    def _finished(self, occurrence: Occurrence, reply: Reply, ctx: Context, now: datetime) -> tuple[Reply, bool]:
        """The reply as posted (in its language, with a "delayed" note when late) and whether it is late."""
        reply = dataclasses.replace(reply, lang=reply.lang or ctx.lang)
        late = now - occurrence.due_at
        delayed = late > timedelta(seconds=max(60, 2 * self.config.poll_interval_seconds))
        if delayed:
            note = ctx.t("Delayed: this was due {when}; I was offline.", when=ctx.tr.moment(
                occurrence.due_at.astimezone(_zone(ctx.tz))))
            reply = dataclasses.replace(reply, footer=" ".join(filter(None, [reply.footer, note])))
        return reply, delayed

    async def _deliver_batch(self, batch: list[Occurrence], now: datetime) -> int:
        """Render the batch in one session, send each post, then record every outcome in one transaction."""
        ready: list[tuple[Occurrence, Reply, bool]] = []
        failed: dict[str, list[int]] = defaultdict(list)
        skipped: list[int] = []
        async with self.app.sessions() as session:
            sources = await occurrences.load_sources(session, batch)  # noqa: F841 (kept while rendering)
            # each conversation's language and zone, read for the whole batch in one query
            channels = await profiles.channel_preferences(session, [o.channel_id for o in batch])
            known: dict[tuple[str, str], tuple] = {}
            for o in batch:
                if (o.platform, o.channel_id) not in known:
                    incoming = Incoming(platform=o.platform, user_id=f"{o.platform}:scheduler",
                                        channel_id=o.channel_id, text="")
                    found = {"channel": channels[o.channel_id]} if o.channel_id in channels else {}
                    known[(o.platform, o.channel_id)] = self.app.choose_translator(found, incoming)
            for occurrence in batch:
                try:
                    reply, ctx = await self._render_in(session, occurrence, now, known)
                except Exception as exc:
                    log.exception("could not prepare %s", occurrence.key)
                    failed[repr(exc)].append(occurrence.id)
                    if session.in_transaction():  # a failed query spoils the transaction for the rest
                        await session.rollback()
                    continue
                if reply is None:
                    skipped.append(occurrence.id)
                else:
                    reply, delayed = self._finished(occurrence, reply, ctx, now)
                    ready.append((occurrence, reply, delayed))
        sent: dict[int, tuple[str, bool]] = {}
        unsent: list[int] = []
        # posts still unsent when half the lease is gone go back, unclaimed: past the lease another
        # process could take them over while this one is still sending
        give_back = time.monotonic() + self.config.lease_seconds / 2
        by_channel: dict[tuple[str, str], list[tuple[Occurrence, Reply, bool]]] = defaultdict(list)
        for item in ready:
            by_channel[(item[0].platform, item[0].channel_id)].append(item)

        async def in_order(group: list[tuple[Occurrence, Reply, bool]]) -> None:
            # one channel in order; different channels in parallel
            for occurrence, reply, delayed in group:
                if time.monotonic() > give_back or self._stopping:
                    unsent.append(occurrence.id)
                    continue
                await self._until(occurrence.due_at)  # claimed a little ahead: never post before it is due
                message_id, error = await self._post(occurrence, reply, occurrence.key)
                if error is None:
                    assert message_id is not None  # _post gives the post's id or why it is not sent
                    sent[occurrence.id] = (message_id, delayed)
                else:
                    failed[error].append(occurrence.id)

        await asyncio.gather(*(in_order(group) for group in by_channel.values()))
        async with self.app.sessions.begin() as session:
            changed = await occurrences.mark_sent_each(session, sent, worker=self.worker, now=self.app.clock.now())
            if skipped:
                await occurrences.mark_skipped(session, skipped, worker=self.worker, reason="nothing to post")
            if unsent:
                await occurrences.release_unsent(session, unsent, worker=self.worker)
            for error, ids in failed.items():
                await occurrences.release_failed(
                    session, ids, worker=self.worker, now=self.app.clock.now(), error=error,
                    max_attempts=self.config.max_attempts,
                    retry_after=timedelta(seconds=self.config.poll_interval_seconds))
        if changed != len(sent):
            log.warning("another process took over %d of %d sent row(s) while this one sent",
                        len(sent) - changed, len(sent))
        return len(sent)

    async def _post(self, first: Occurrence, reply: Reply, key: str) -> tuple[str | None, str | None]:
        """Send one post: (the platform's id for it, None), or (None, why it is not sent)."""
        adapter = self.app.adapters.get(first.platform)
        try:
            if adapter is None:
                raise RuntimeError(f"no adapter for {first.platform}")
            message_id = await adapter.send(Target(first.platform, first.channel_id, first.thread_id), reply, key=key)
            if not message_id:  # sent means the platform gave the post an id; anything else is tried again
                raise RuntimeError(f"{first.platform} returned no message id")
        except Exception as exc:
            log.warning("posting %s failed (attempt %d): %s", key, first.attempts, exc)
            return None, repr(exc)
        if not message_id:
            log.warning("posting %s: the platform did not confirm it (attempt %d)", key, first.attempts)
            return None, "the platform did not confirm the post"
        return message_id, None

    async def _send(self, occurrences_: list[Occurrence], reply: Reply, key: str, now: datetime,
                    delayed: bool) -> int:
        first = occurrences_[0]
        ids = [o.id for o in occurrences_]
        adapter = self.app.adapters.get(first.platform)
        error = None
        try:
            if adapter is None:
                raise RuntimeError(f"no adapter for {first.platform}")
            message_id = await adapter.send(Target(first.platform, first.channel_id, first.thread_id), reply, key=key)
            if not message_id:
                error = "the platform did not confirm the post"
        except Exception as exc:
            log.warning("posting %s failed (attempt %d): %s", key, first.attempts, exc)
            error = repr(exc)
        if error is not None:
            async with self.app.sessions.begin() as session:
                await occurrences.release_failed(
                    session, ids, worker=self.worker, now=self.app.clock.now(), error=error,
                    max_attempts=self.config.max_attempts,
                    retry_after=timedelta(seconds=self.config.poll_interval_seconds))
            return 0
        async with self.app.sessions.begin() as session:
            changed = await occurrences.mark_sent(session, ids, worker=self.worker, now=self.app.clock.now(),
                                                  message_id=message_id, delayed=delayed)
        if changed != len(ids):
            log.warning("%s: another process took over %d of %d row(s) while this one sent",
                        key, len(ids) - changed, len(ids))
        return 1

    async def _skip(self, occurrences_: list[Occurrence], reason: str) -> None:
        async with self.app.sessions.begin() as session:
            await occurrences.mark_skipped(session, [o.id for o in occurrences_], worker=self.worker, reason=reason)

    async def _until(self, moment: datetime) -> None:
        for _ in range(100):  # bounded; each round sleeps what is left
            left = (moment - self.app.clock.now()).total_seconds()
            if left <= 0:
                return
            await asyncio.sleep(left)

    async def _deliver_offline(self, batch_key: str, group: list[Occurrence], now: datetime) -> int:
        items: list[ListItem] = []
        ctx = None
        for occurrence in sorted(group, key=lambda o: (o.due_at, o.id)):
            try:
                reply, ctx = await self._rendered(occurrence, now)
            except Exception:
                log.exception("could not prepare %s", occurrence.key)
                continue
            if reply is None:
                continue
            when = ctx.tr.moment(occurrence.due_at.astimezone(_zone(ctx.tz)))
            missed = (occurrence.detail or {}).get("missed")
            detail = ctx.t("due {when}", when=when)
            if missed:
                detail = ctx.t("due {n} times, last {when}", n=missed, when=when)
            items.append(ListItem(rich(reply.title or ctx.t("A post")), rich(detail)))
        if not items or ctx is None:
            await self._skip(group, "nothing to post")
            return 0
        reply = Reply(
            title=ctx.t("While I was offline"),
            body=(rich(ctx.tn("I was offline and missed {n} post here:", "I was offline and missed {n} posts here:",
                              len(items))),),
            items=tuple(items),
            lang=ctx.lang,
        )
        return await self._send(group, reply, batch_key, now, delayed=True)


def _zone(tz: str):
    from zoneinfo import ZoneInfo

    return ZoneInfo(tz)
