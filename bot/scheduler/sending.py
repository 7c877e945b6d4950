"""Rendering claimed posts in their conversation's language and zone, sending them, and recording each outcome."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections import defaultdict
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.i18n import Translator
from bot.messages import Incoming, ListItem, Reply, Target, rich
from storage import occurrences, profiles
from storage.occurrences import Claimed

if TYPE_CHECKING:
    from bot.app import BotApp
    from bot.router import PostWriter
    from bot.settings import SchedulerSection

log = logging.getLogger("alliance_bot.scheduler")


@dataclasses.dataclass(frozen=True)
class Read:
    """What a batch's posts are written from, read for the whole batch at once."""

    sources: Mapping[tuple[str, str], Any]  # (kind, ref) → the row a post comes from (a reminder)
    channels: dict[str, tuple[str, str]]  # channel id → its (locale, timezone), for those that have them


@dataclasses.dataclass
class Prepared:
    """A claimed batch, rendered: what to send, and what is settled already (skipped, failed)."""

    give_back: float  # monotonic moment past which a post not yet sent goes back unclaimed
    ready: list[tuple[Claimed, Reply, bool]] = dataclasses.field(default_factory=list)
    failed: dict[str, list[int]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    skipped: list[int] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Outcome:
    """What became of a sent batch's posts, to be recorded: sent (row id → the platform's id for
    the post, and whether it went out late), failed (why → row ids), skipped, or given back unsent."""

    sent: dict[int, tuple[str, bool]] = dataclasses.field(default_factory=dict)
    failed: dict[str, list[int]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    skipped: list[int] = dataclasses.field(default_factory=list)
    unsent: list[int] = dataclasses.field(default_factory=list)


class Sending:
    """What the Scheduler does with the rows it claimed: render each post, send it, record the outcome."""

    # set by Scheduler.__init__
    app: BotApp
    config: SchedulerSection
    worker: str
    render: dict[str, PostWriter]
    _stopping: bool

    # ------------------------------------------------------------------ sending
    async def context(self, session: AsyncSession, occurrence: Claimed, now: datetime,
                      known: dict[tuple[str, str], tuple] | None = None,
                      sources: Mapping[tuple[str, str], Any] | None = None) -> Context:
        """The context a post is written in; ``known`` keeps each conversation's language, zone and
        command labels for the rest of a batch (they are the conversation's, not the post's), and
        ``sources`` what the batch's posts come from, read at once."""
        incoming = Incoming(platform=occurrence.platform, user_id=f"{occurrence.platform}:scheduler",
                            channel_id=occurrence.channel_id, text="", thread_id=occurrence.thread_id)
        where = (occurrence.platform, occurrence.channel_id)
        if known is not None and where in known:
            tr, tz, labels = known[where]
        else:
            tr, tz = await self.app.translator_for(session, incoming)
            labels = self.app.command_labels(occurrence.platform)
            if known is not None:
                known[where] = (tr, tz, labels)
        return Context(incoming=incoming, session=session, settings=self.app.settings, now=now, tr=tr, tz=tz,
                       dates=self.app.dates, command_labels=labels, kept=self.app.kept, i18n=self.app.i18n,
                       sources=sources or {})

    async def _rendered(self, occurrence: Claimed, now: datetime) -> tuple[Reply | None, Context]:
        async with self.app.sessions() as session:
            return await self._render_in(session, occurrence, now)

    async def _render_in(self, session: AsyncSession, occurrence: Claimed, now: datetime,
                         known: dict | None = None,
                         sources: Mapping[tuple[str, str], Any] | None = None) -> tuple[Reply | None, Context]:
        ctx = await self.context(session, occurrence, now, known, sources)
        render = self.render.get(occurrence.kind)
        reply = await render(ctx, occurrence) if render else None
        return reply, ctx

    def _finished(self, occurrence: Claimed, reply: Reply, ctx: Context, now: datetime) -> tuple[Reply, bool]:
        """The reply as posted (in its language, with a "delayed" note when late) and whether it is late.
        A post writer returns a new Reply for each post: it is completed in place, not copied."""
        if not reply.lang:
            reply.lang = ctx.lang
        delayed = now - occurrence.due_at > timedelta(seconds=max(60, 2 * self.config.poll_interval_seconds))
        if delayed:
            note = ctx.t("Delayed: this was due {when}; I was offline.", when=ctx.tr.moment(
                occurrence.due_at.astimezone(_zone(ctx.tz))))
            reply.footer = " ".join(filter(None, [reply.footer, note]))
        return reply, delayed

    async def _deliver_batch(self, batch: list[Claimed], now: datetime) -> int:
        """Render the batch in one session, send each post, then record every outcome in one transaction."""
        return await self._post_prepared(await self._prepare(batch, now, time.monotonic()))

    async def read_for(self, session: AsyncSession, batch: list[Claimed],
                       channels: dict[str, tuple[str, str] | None] | None = None) -> Read:
        """What a batch's posts are written from, in up to two queries: the rows they come from
        (reminders) and each conversation's language and zone. The claim's transaction reads it, to
        spare the batch a connection and a transaction of its own. ``channels`` keeps the
        conversations' language and zone from batch to batch (None: it has none): only those not
        in it yet are read."""
        known = {} if channels is None else channels
        missing = sorted({o.channel_id for o in batch} - known.keys())
        if missing:
            found = await profiles.channel_preferences(session, missing)
            known.update((channel, found.get(channel)) for channel in missing)
        return Read(await occurrences.load_sources(session, batch),
                    {channel: prefs for channel, prefs in known.items() if prefs is not None})

    async def _prepare(self, batch: list[Claimed], now: datetime, claimed_at: float,
                       read: Read | None = None) -> Prepared:
        """Render a claimed batch, each conversation's language and zone read once (``read``, when the
        claim read it already). ``claimed_at`` (monotonic) is when the batch was claimed: its lease
        runs from then.

        One Context for each conversation of the batch, not one per post: the posts are rendered one
        after another, and each starts from the conversation's language (a writer may switch it for
        its post). Writers that read more than ``read`` holds do it in one session, which connects
        only if one does."""
        prepared = Prepared(give_back=claimed_at + self.config.lease_seconds / 2)
        async with self.app.sessions() as session:
            if read is None:
                read = await self.read_for(session, batch)
            sources, channels = read.sources, read.channels
            contexts: dict[tuple[str, str, str | None], tuple[Context, Translator]] = {}
            labels: dict[str, dict[str, str]] = {}
            for occurrence in batch:
                where = (occurrence.platform, occurrence.channel_id, occurrence.thread_id)
                known = contexts.get(where)
                if known is None:
                    platform = occurrence.platform
                    incoming = Incoming(platform=platform, user_id=f"{platform}:scheduler",
                                        channel_id=occurrence.channel_id, text="", thread_id=occurrence.thread_id)
                    found = {"channel": channels[incoming.channel_id]} if incoming.channel_id in channels else {}
                    tr, tz = self.app.choose_translator(found, incoming)
                    if platform not in labels:
                        labels[platform] = self.app.command_labels(platform)
                    known = contexts[where] = (Context(
                        incoming=incoming, session=session, settings=self.app.settings, now=now, tr=tr, tz=tz,
                        dates=self.app.dates, command_labels=labels[platform], kept=self.app.kept,
                        i18n=self.app.i18n, sources=sources), tr)
                ctx, ctx.tr = known[0], known[1]  # the conversation's language, whatever the last post spoke
                render = self.render.get(occurrence.kind)
                try:
                    reply = await render(ctx, occurrence) if render else None
                except Exception as exc:
                    log.exception("could not prepare %s", occurrence.key)
                    prepared.failed[repr(exc)].append(occurrence.id)
                    if session.in_transaction():  # a failed query spoils the transaction for the rest
                        await session.rollback()
                    continue
                if reply is None:
                    prepared.skipped.append(occurrence.id)
                else:
                    reply, delayed = self._finished(occurrence, reply, ctx, now)
                    prepared.ready.append((occurrence, reply, delayed))
        return prepared

    async def _post_prepared(self, prepared: Prepared, send: bool = True) -> int:
        """Send a rendered batch (different channels in parallel, each in order), then record every
        outcome in one transaction: sent (with the platform's id), skipped, failed, or given back.
        ``send=False`` gives every post of the batch back unsent (a tick that stopped before it)."""
        return await self._record(await self._send_prepared(prepared, send))

    async def _send_prepared(self, prepared: Prepared, send: bool = True) -> Outcome:
        """Send a rendered batch, different channels in parallel, each in order; what became of each
        post, to be recorded (``_record``)."""
        outcome = Outcome(failed=prepared.failed, skipped=prepared.skipped)
        sent, unsent, failed = outcome.sent, outcome.unsent, outcome.failed
        # posts still unsent when half the lease is gone go back, unclaimed: past the lease another
        # process could take them over while this one is still sending
        give_back = prepared.give_back
        by_channel: dict[tuple[str, str], list[tuple[Claimed, Reply, bool]]] = defaultdict(list)
        for item in prepared.ready:
            by_channel[(item[0].platform, item[0].channel_id)].append(item)

        async def in_order(group: list[tuple[Claimed, Reply, bool]]) -> None:
            # one channel in order; different channels in parallel
            for occurrence, reply, delayed in group:
                if not send or time.monotonic() > give_back or self._stopping:
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
        return outcome

    async def _record(self, outcome: Outcome) -> int:
        """Record what became of a batch's posts in one transaction: sent (with the platform's id),
        skipped, failed (tried again later), or given back unsent. Returns how many were sent."""
        sent, unsent, skipped = outcome.sent, outcome.unsent, outcome.skipped
        async with self.app.sessions.begin() as session:
            changed = await occurrences.mark_sent_each(session, sent, worker=self.worker, now=self.app.clock.now())
            if skipped:
                await occurrences.mark_skipped(session, skipped, worker=self.worker, reason="nothing to post")
            if unsent:
                await occurrences.release_unsent(session, unsent, worker=self.worker)
            for error, ids in outcome.failed.items():
                await occurrences.release_failed(
                    session, ids, worker=self.worker, now=self.app.clock.now(), error=error,
                    max_attempts=self.config.max_attempts,
                    retry_after=timedelta(seconds=self.config.poll_interval_seconds))
        if changed != len(sent):
            log.warning("another process took over %d of %d sent row(s) while this one sent",
                        len(sent) - changed, len(sent))
        return len(sent)

    async def _post(self, first: Claimed, reply: Reply, key: str) -> tuple[str | None, str | None]:
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

    async def _send(self, occurrences_: list[Claimed], reply: Reply, key: str, now: datetime,
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

    async def _skip(self, occurrences_: list[Claimed], reason: str) -> None:
        async with self.app.sessions.begin() as session:
            await occurrences.mark_skipped(session, [o.id for o in occurrences_], worker=self.worker, reason=reason)

    async def _until(self, moment: datetime) -> None:
        for _ in range(100):  # bounded; each round sleeps what is left
            left = (moment - self.app.clock.now()).total_seconds()
            if left <= 0:
                return
            await asyncio.sleep(left)

    async def _deliver_offline(self, batch_key: str, group: list[Claimed], now: datetime) -> int:
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
