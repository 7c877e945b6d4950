"""Occurrences: the posts the bot makes on its own, and the claim → send → mark-sent cycle
that lets several processes share one database without posting anything twice.

Functions take a session and never commit; each step of the cycle is its own
transaction, owned by the scheduler.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime, timedelta
from typing import Any, cast

from sqlalchemy import Boolean, Integer, String, Table, any_, bindparam, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_dml, execute_dml
from storage.models import Occurrence, OccurrenceState

CLAIMABLE = (OccurrenceState.PENDING, OccurrenceState.SENDING)
STALE_LIMIT = 1000  # long-missed posts claimed at once, gathered per channel


@dataclass(frozen=True)
class Planned:
    """An occurrence to create if it does not exist yet."""

    key: str
    kind: str
    ref: str
    platform: str
    channel_id: str
    due_at: datetime
    thread_id: str | None = None
    detail: dict[str, Any] | None = None


async def add_missing(session: AsyncSession, planned: list[Planned], *, now: datetime) -> int:
    """Insert the occurrences whose key is new; an existing key (any state) is left alone.

    Safe when several processes plan the same occurrence at once: the unique key decides.
    """
    if not planned:
        return 0
    dialect = session.get_bind().dialect.name
    dml = dialect_dml(dialect)
    unique = {p.key: p for p in planned}
    # Most keys of a window exist already (each tick re-plans what the last one planned): leave
    # those out before building the insert, which costs far more per row than this lookup.
    # On PostgreSQL one array parameter rather than a thousand-item IN list, which measured far
    # slower once its prepared statement was reused.
    keys = list(unique)
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        if dialect == "postgresql":
            from sqlalchemy.dialects.postgresql import ARRAY

            where = Occurrence.key == any_(bindparam("keys", chunk, type_=ARRAY(String)))
        else:
            where = Occurrence.key.in_(chunk)
        for key in await session.scalars(select(Occurrence.key).where(where)):
            unique.pop(key, None)
    added = 0
    rows = [dict(key=p.key, kind=p.kind, ref=p.ref, platform=p.platform, channel_id=p.channel_id,
                 thread_id=p.thread_id, due_at=p.due_at, state=OccurrenceState.PENDING, detail=p.detail or {},
                 claimed_by="", attempts=0, delayed=False, message_id="", error="", created_at=now)
            for p in unique.values()]
    for start in range(0, len(rows), 500):
        batch = rows[start : start + 500]
        result = await session.execute(
            dml.insert(Occurrence).values(batch).on_conflict_do_nothing(index_elements=["key"]).returning(Occurrence.id)
        )
        added += len(result.all())
    return added


@dataclass(frozen=True, slots=True)
class Claimed:
    """A claimed occurrence as the scheduler needs it: a plain row, read back by the claim itself.

    Not an ORM object: thousands are claimed a second when many posts fall due at once, and the
    session's identity map, attribute instrumentation and expiry on commit cost more than the
    claim's own round trip. The row's state in the database is ``sending``, leased to the claimer.
    """

    id: int
    key: str
    kind: str
    ref: str
    platform: str
    channel_id: str
    thread_id: str | None
    due_at: datetime
    detail: dict[str, Any]
    attempts: int
    batch_key: str | None


def _claimed_columns(table: Table) -> tuple:
    return tuple(table.c[f.name] for f in fields(Claimed))  # in the order Claimed takes them


async def claim(
    session: AsyncSession,
    *,
    now: datetime,
    worker: str,
    platforms: list[str],
    lease: timedelta,
    limit: int,
    stale_before: datetime,
) -> list[Claimed]:
    """Take up to ``limit`` due occurrences for ``worker``: pending ones, and ones whose
    previous claimer's lease ran out. Rows another process holds are skipped, not waited for.

    One ``UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED) RETURNING`` a round: the rows
    are chosen, locked, leased and read back in one statement, as plain rows (``Claimed``).

    Occurrences due before ``stale_before`` are tied to one "while I was offline" summary
    per channel (``batch_key``) now, so a process that takes over after a crash sends the
    same summary under the same key.
    """
    if not platforms:
        return []
    table = cast("Table", Occurrence.__table__)  # a mapped class's table, typed only as a FromClause
    c = table.c

    def take(*conditions, size: int) -> Any:
        chosen = (
            select(c.id)
            .where(
                c.state.in_(CLAIMABLE),
                c.due_at <= now,
                c.platform.in_(platforms),
                or_(c.lease_until.is_(None), c.lease_until <= now),
                *conditions,
            )
            .order_by(c.due_at, c.id)
            .limit(size)
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        return (
            update(table)
            .where(c.id.in_(chosen))
            .values(state=OccurrenceState.SENDING, claimed_by=worker, lease_until=now + lease,
                    attempts=c.attempts + 1)
            .returning(*_claimed_columns(table))
        )

    # the oldest due rows come first: when they are long missed, take every long-missed row at
    # once (in the same transaction), so each channel gets one summary
    connection = await session.connection()
    claimed = [Claimed(*row) for row in (await connection.execute(take(size=limit))).all()]
    if any(o.due_at < stale_before for o in claimed):
        claimed += [Claimed(*row) for row in (await connection.execute(
            take(c.due_at < stale_before, size=STALE_LIMIT))).all()]
    claimed.sort(key=lambda o: (o.due_at, o.id))
    stale: dict[tuple[str, str], list[Claimed]] = defaultdict(list)
    for occurrence in claimed:
        # a row claimed before (its claimer died) keeps its own key: it may already be posted
        if occurrence.batch_key is None and occurrence.due_at < stale_before and occurrence.attempts == 1:
            stale[(occurrence.platform, occurrence.channel_id)].append(occurrence)
    tied: dict[int, str] = {}
    for (platform, channel), group in stale.items():
        batch_key = f"offline:{platform}:{channel}:{min(o.id for o in group)}"
        await connection.execute(update(table).where(c.id.in_([o.id for o in group])).values(batch_key=batch_key))
        tied.update((o.id, batch_key) for o in group)
    if tied:
        claimed = [replace(o, batch_key=tied[o.id]) if o.id in tied else o for o in claimed]
    return claimed


async def mark_sent(session: AsyncSession, ids: list[int], *, worker: str, now: datetime, message_id: str | None,
                    delayed: bool) -> int:
    """Sent, if this worker still holds them. Returns how many rows it changed."""
    result = await execute_dml(
        session,
        update(Occurrence)
        .where(Occurrence.id.in_(ids), Occurrence.state == OccurrenceState.SENDING, Occurrence.claimed_by == worker)
        .values(state=OccurrenceState.SENT, sent_at=now, message_id=message_id or "", delayed=delayed,
                lease_until=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


async def mark_sent_each(session: AsyncSession, sent: dict[int, tuple[str, bool]], *, worker: str,
                         now: datetime) -> int:
    """Mark a batch sent: ``sent`` maps each row id to the platform's id for its post and whether
    it went out late. One statement sent once with a row of parameters per post (the driver's
    executemany), then one count. Only rows this worker still holds change; returns how many did."""
    if not sent:
        return 0
    table = cast("Table", Occurrence.__table__)  # a mapped class's table, typed only as a FromClause
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        # one UPDATE … FROM unnest(three arrays) … RETURNING: every row and the count in one round trip,
        # the same statement (three parameters) whatever the batch's size
        posted = func.unnest(
            bindparam("row_ids", type_=ARRAY(Integer)),
            bindparam("posted_as", type_=ARRAY(String)),
            bindparam("late", type_=ARRAY(Boolean)),
        ).table_valued("row_id", "message_id", "delayed").render_derived(name="posted")
        changed = await session.scalars(
            update(table)
            .where(table.c.id == posted.c.row_id, table.c.state == OccurrenceState.SENDING,
                   table.c.claimed_by == worker)
            .values(state=OccurrenceState.SENT, sent_at=now, lease_until=None, message_id=posted.c.message_id,
                    delayed=posted.c.delayed)
            .returning(table.c.id),
            {"row_ids": list(sent), "posted_as": [m for m, _ in sent.values()], "late": [d for _, d in sent.values()]},
        )
        return len(changed.all())
    await session.execute(
        update(table)
        .where(table.c.id == bindparam("row_id"), table.c.state == OccurrenceState.SENDING,
               table.c.claimed_by == worker)
        .values(state=OccurrenceState.SENT, sent_at=now, lease_until=None, message_id=bindparam("posted_as"),
                delayed=bindparam("late")),
        [{"row_id": row, "posted_as": message_id, "late": late} for row, (message_id, late) in sent.items()],
    )
    ids = list(sent)
    return int(await session.scalar(
        select(func.count()).select_from(Occurrence).where(
            Occurrence.id.in_(ids), Occurrence.state == OccurrenceState.SENT, Occurrence.claimed_by == worker,
            Occurrence.sent_at == now)) or 0)


async def mark_skipped(session: AsyncSession, ids: list[int], *, worker: str, reason: str) -> None:
    await session.execute(
        update(Occurrence)
        .where(Occurrence.id.in_(ids), Occurrence.state == OccurrenceState.SENDING, Occurrence.claimed_by == worker)
        .values(state=OccurrenceState.SKIPPED, lease_until=None, error=reason)
        .execution_options(synchronize_session=False)
    )


async def release_unsent(session: AsyncSession, ids: list[int], *, worker: str) -> None:
    """Give back rows this worker claimed but did not try to send: pending again, free to claim at
    once, the claim not counted as an attempt."""
    await session.execute(
        update(Occurrence)
        .where(Occurrence.id.in_(ids), Occurrence.state == OccurrenceState.SENDING, Occurrence.claimed_by == worker)
        .values(state=OccurrenceState.PENDING, lease_until=None, attempts=Occurrence.attempts - 1)
        .execution_options(synchronize_session=False)
    )


async def release_failed(session: AsyncSession, ids: list[int], *, worker: str, now: datetime, error: str,
                         max_attempts: int, retry_after: timedelta) -> None:
    """After a failed send: try again later, or give up after ``max_attempts``."""
    for occurrence in await session.scalars(
        select(Occurrence).where(Occurrence.id.in_(ids), Occurrence.claimed_by == worker,
                                 Occurrence.state == OccurrenceState.SENDING)
    ):
        occurrence.error = error[:2000]
        if occurrence.attempts >= max_attempts:
            occurrence.state, occurrence.lease_until = OccurrenceState.FAILED, None
        else:
            occurrence.state = OccurrenceState.PENDING
            occurrence.lease_until = now + retry_after * occurrence.attempts


async def skip_pending(session: AsyncSession, *, kind: str, ref: str, channel_id: str | None = None,
                       reason: str) -> int:
    """Withdraw what is still to come for a source (a cancelled reminder, an unsubscribe)."""
    stmt = (update(Occurrence)
            .where(Occurrence.kind == kind, Occurrence.ref == ref, Occurrence.state == OccurrenceState.PENDING)
            .values(state=OccurrenceState.SKIPPED, error=reason)
            .execution_options(synchronize_session=False))
    if channel_id is not None:
        stmt = stmt.where(Occurrence.channel_id == channel_id)
    return (await execute_dml(session, stmt)).rowcount


async def next_due(session: AsyncSession, *, after: datetime, platforms: list[str]) -> datetime | None:
    return await session.scalar(
        select(func.min(Occurrence.due_at)).where(
            Occurrence.state == OccurrenceState.PENDING, Occurrence.due_at > after,
            Occurrence.platform.in_(platforms))
    )


async def pending_for(session: AsyncSession, *, kind: str, ref: str) -> list[Occurrence]:
    return list(await session.scalars(
        select(Occurrence).where(Occurrence.kind == kind, Occurrence.ref == ref,
                                 Occurrence.state == OccurrenceState.PENDING).order_by(Occurrence.due_at)
    ))


async def from_source(session: AsyncSession, *, kind: str, ref: str, since: datetime) -> list[Occurrence]:
    """A source's occurrences due at or after ``since`` (pending, sent or withdrawn)."""
    return list(await session.scalars(
        select(Occurrence).where(Occurrence.kind == kind, Occurrence.ref == ref, Occurrence.due_at >= since)
        .order_by(Occurrence.due_at)
    ))


async def counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(Occurrence.state, func.count()).group_by(Occurrence.state))
    return {state: n for state, n in rows.all()}


@dataclass(frozen=True, slots=True)
class ReminderSource:
    """What a reminder's post is written from, read as a plain row for a whole batch of posts."""

    id: int
    text: str
    mention: str
    recurrence: str
    active: bool

    @property
    def ref(self) -> str:
        return f"R{self.id}"


async def load_sources(session: AsyncSession, batch: list[Claimed]) -> dict[tuple[str, str], Any]:
    """Read the reminders a batch of posts comes from in one query, so rendering each post finds
    its reminder at once rather than asking the database once per post: (kind, ref) → a
    ``ReminderSource``, a plain row (thousands are read a second when many posts fall due at once).
    On PostgreSQL the ids go as one array parameter, the same statement whatever the batch's size."""
    from storage.models import Reminder

    ids = sorted({int(o.ref.lstrip("R")) for o in batch if o.kind == "reminder" and o.ref.lstrip("R").isdigit()})
    if not ids:
        return {}
    table = cast("Table", Reminder.__table__)  # a mapped class's table, typed only as a FromClause
    columns = [table.c[f.name] for f in fields(ReminderSource)]
    if session.get_bind().dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import ARRAY

        where = table.c.id == any_(bindparam("ids", ids, type_=ARRAY(Integer)))
    else:
        where = table.c.id.in_(ids)
    rows = (await session.execute(select(*columns).where(where))).all()
    return {("reminder", f"R{row[0]}"): ReminderSource(*row) for row in rows}


async def skip_key(session: AsyncSession, key: str, *, reason: str) -> None:
    """Withdraw one pending occurrence by its key (a snoozed reminder's post)."""
    await session.execute(
        update(Occurrence).where(Occurrence.key == key, Occurrence.state == OccurrenceState.PENDING)
        .values(state=OccurrenceState.SKIPPED, error=reason).execution_options(synchronize_session=False))


async def last_sent(session: AsyncSession, *, kind: str, ref: str) -> datetime | None:
    """When the latest post of a source was due (aware UTC), or None."""
    found = await session.scalar(
        select(Occurrence.due_at).where(Occurrence.kind == kind, Occurrence.ref == ref,
                                        Occurrence.state == OccurrenceState.SENT)
        .order_by(Occurrence.due_at.desc()).limit(1))
    if found is not None and found.tzinfo is None:
        found = found.replace(tzinfo=UTC)
    return found
