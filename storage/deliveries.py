"""Once-only handling of platform deliveries, and small adapter state.

``claim`` runs in its own short transaction before the work (so a concurrent
retry sees it); ``finish`` marks it done. A claim left "processing" longer than
``stale_after`` (the process died) may be taken over by a later retry.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any, cast

from sqlalchemy import JSON, String, Table, Text, delete, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.db import dialect_dml, execute_dml
from storage.models import Base, utcnow


class PlatformState(Base):
    """Small values a platform adapter must keep across restarts (sync token, device id)."""

    __tablename__ = "platform_state"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class PostedMessage(Base):
    """A message the bot posted about something (an action item, a poll), so a reaction to that
    message can find its subject, and the command the reaction stands for, again."""

    __tablename__ = "posted_message"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    message_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    channel_id: Mapped[str] = mapped_column(String(255))
    subject_kind: Mapped[str] = mapped_column(String(32))
    subject_ref: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # what a reaction to it runs: emoji → "action_done A12" (the message's own buttons), and "ballot" →
    # the command a native poll's answer runs; None for a message posted before reactions were stored
    reactions: Mapped[dict[str, str] | None] = mapped_column(JSON, nullable=True)


class ProcessedEvent(Base):
    """A platform delivery the bot has taken on (Slack event_id, Matrix event id).

    A retried delivery of the same id finds its row and has no second effect.
    ``state`` is "processing" while the first delivery runs and "done" after;
    rows expire so the table stays small.
    """

    __tablename__ = "processed_event"

    platform: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str] = mapped_column(String(16), default="processing")
    claimed_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)


async def release_unfinished(session: AsyncSession, platform: str) -> int:
    """At start, for a platform served by one process: claims left "processing" by a crash
    committed no effect (their command's transaction never did), so a redelivery may run."""
    result = await execute_dml(
        session,
        delete(ProcessedEvent).where(ProcessedEvent.platform == platform, ProcessedEvent.state == "processing"),
    )
    return result.rowcount or 0


async def claim(
    session: AsyncSession,
    platform: str,
    event_id: str,
    *,
    now: datetime,
    keep_for: timedelta = timedelta(days=1),
    stale_after: timedelta = timedelta(minutes=2),
) -> bool:
    """True if this caller should process the delivery; False if it is a duplicate."""
    try:
        async with session.begin_nested():
            session.add(ProcessedEvent(platform=platform, event_id=event_id, state="processing",
                                       claimed_at=now, expires_at=now + keep_for))
        return True
    except IntegrityError:
        pass
    taken = await execute_dml(
        session,
        update(ProcessedEvent)
        .where(ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id,
               ProcessedEvent.state == "processing", ProcessedEvent.claimed_at < now - stale_after)
        .values(claimed_at=now)
    )
    return taken.rowcount == 1


@lru_cache(maxsize=4)
def _remember_statement(dialect_name: str) -> Any:
    """The statement ``remember_each`` runs, made once per dialect."""
    table = cast("Table", ProcessedEvent.__table__)  # a Core statement: none of the ORM's bulk work per row
    return dialect_dml(dialect_name).insert(table).on_conflict_do_nothing().returning(table.c.event_id)


async def remember_each(session: AsyncSession, platform: str, keys: list[str], *, now: datetime,
                        keep_for: timedelta) -> set[str]:
    """Note deliveries that are complete as soon as they are seen (signed requests' signatures), several
    at once in one INSERT … ON CONFLICT DO NOTHING RETURNING: the keys noted now, the first time they
    are seen; the others were noted before. ``keys`` hold no duplicate."""
    if not keys:
        return set()
    rows = [dict(platform=platform, event_id=key, state="done", claimed_at=now, expires_at=now + keep_for)
            for key in keys]
    fresh: set[str] = set()
    # one statement for any number of keys, compiled once: SQLAlchemy writes it out as one INSERT with as
    # many VALUES as there are keys (its "insert many values"), where rows put in the statement itself
    # made a new statement, compiled again, for every number of keys
    fresh.update(await session.scalars(_remember_statement(session.get_bind().dialect.name), rows))
    return fresh


async def finish(session: AsyncSession, platform: str, event_id: str) -> None:
    await session.execute(
        update(ProcessedEvent)
        .where(ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id)
        .values(state="done")
    )


async def release(session: AsyncSession, platform: str, event_id: str) -> None:
    """Forget a claim whose work failed before any effect, so a retry can run."""
    await session.execute(
        delete(ProcessedEvent).where(ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id)
    )


async def purge_expired(session: AsyncSession, now: datetime) -> int:
    result = await execute_dml(session, delete(ProcessedEvent).where(ProcessedEvent.expires_at < now))
    return result.rowcount or 0


async def get_state(session: AsyncSession, platform: str, key: str) -> str | None:
    return await session.scalar(
        select(PlatformState.value).where(PlatformState.platform == platform, PlatformState.key == key)
    )


async def set_state(session: AsyncSession, platform: str, key: str, value: str) -> None:
    row = await session.get(PlatformState, (platform, key))
    if row is None:
        session.add(PlatformState(platform=platform, key=key, value=value))
    else:
        row.value = value


async def remember_post(
    session: AsyncSession, platform: str, message_id: str, channel_id: str, subject: tuple[str, str] | None, *,
    now: datetime, reactions: dict[str, str] | None = None,
) -> None:
    """Record what a message the bot posted is about (kind, ref) and what reactions to it run."""
    if await session.get(PostedMessage, (platform, message_id)) is None:
        kind, ref = subject or ("", "")
        session.add(PostedMessage(platform=platform, message_id=message_id, channel_id=channel_id,
                                  subject_kind=kind, subject_ref=ref, posted_at=now, reactions=reactions or None))


async def posted_subject(session: AsyncSession, platform: str, message_id: str) -> tuple[str, str] | None:
    """(kind, ref) of a message the bot posted, or None if it was about nothing in particular."""
    row = await session.get(PostedMessage, (platform, message_id))
    return (row.subject_kind, row.subject_ref) if row and row.subject_kind else None


async def reaction_command(session: AsyncSession, platform: str, message_id: str, key: str) -> str | None:
    """What a reaction ``key`` to a message the bot posted runs ("action_done A12"), or None."""
    row = await session.get(PostedMessage, (platform, message_id))
    return (row.reactions or {}).get(key) if row else None


async def forget_posts_before(session: AsyncSession, before: datetime) -> int:
    result = await execute_dml(session, delete(PostedMessage).where(PostedMessage.posted_at < before))
    return result.rowcount or 0
