"""Polls and votes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Poll, PollVote


async def add(session: AsyncSession, poll: Poll) -> Poll:
    session.add(poll)
    await session.flush()
    return poll


async def get(session: AsyncSession, poll_id: int, *, for_update: bool = False) -> Poll | None:
    stmt = select(Poll).where(Poll.id == poll_id).options(selectinload(Poll.votes))
    if for_update:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


async def closing_between(session: AsyncSession, start: datetime, end: datetime) -> list[Poll]:
    return list(await session.scalars(select(Poll).where(Poll.closes_at >= start, Poll.closes_at <= end)))


async def choices_of(session: AsyncSession, poll_id: int, voter: str) -> set[int]:
    return set(await session.scalars(select(PollVote.option).where(PollVote.poll_id == poll_id,
                                                                   PollVote.voter == voter)))


async def set_choices(session: AsyncSession, poll_id: int, voter: str, options: set[int], *, at: datetime) -> None:
    """Replace a person's choices on a poll (a changed vote replaces the old one)."""
    await session.execute(delete(PollVote).where(PollVote.poll_id == poll_id, PollVote.voter == voter))
    session.add_all(PollVote(poll_id=poll_id, voter=voter, option=o, at=at) for o in sorted(options))
    await session.flush()
