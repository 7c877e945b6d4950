"""Calendar events."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import CalendarEvent


async def get(session: AsyncSession, event_id: int) -> CalendarEvent | None:
    return await session.get(CalendarEvent, event_id)


def between(start: date | None, end: date | None, *, newest_first: bool = False) -> Select[CalendarEvent]:
    """Events that overlap [start, end] (either bound may be open)."""
    stmt = select(CalendarEvent)
    if start is not None:
        stmt = stmt.where(CalendarEvent.ends_on >= start)
    if end is not None:
        stmt = stmt.where(CalendarEvent.starts_on <= end)
    order = (CalendarEvent.starts_on.desc(), CalendarEvent.id.desc()) if newest_first else (
        CalendarEvent.starts_on,
        CalendarEvent.id,
    )
    return stmt.order_by(*order)


async def find(session: AsyncSession, stmt: Select[CalendarEvent]) -> list[CalendarEvent]:
    return list((await session.scalars(stmt)).unique())


async def count(session: AsyncSession, stmt: Select[CalendarEvent]) -> int:
    return await session.scalar(select(func.count()).select_from(stmt.order_by(None).limit(None).subquery())) or 0


async def add(session: AsyncSession, event: CalendarEvent) -> CalendarEvent:
    session.add(event)
    await session.flush()
    return event


async def with_seed_key(session: AsyncSession, key: str) -> int | None:
    """The id of the event stored under ``key`` (a seed's or an imported calendar entry's), if any."""
    return await session.scalar(select(CalendarEvent.id).where(CalendarEvent.seed_key == key))


async def posted_starting(session: AsyncSession, first_day: date, last_day: date) -> list[CalendarEvent]:
    """The events added in a conversation (they have a channel to post their notice to) that start
    between the two days."""
    return list(await session.scalars(select(CalendarEvent).where(
        CalendarEvent.channel_id != "", CalendarEvent.starts_on >= first_day, CalendarEvent.starts_on <= last_day)))
