"""Polls and votes."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from storage.models import Base, utcnow


class Poll(Base):
    """A question with options, voted on by button (Slack) or command, in one conversation."""

    __tablename__ = "poll"

    id: Mapped[int] = mapped_column(primary_key=True)
    question: Mapped[str] = mapped_column(String(300))
    options: Mapped[list[str]] = mapped_column(default=list)
    multiple: Mapped[bool] = mapped_column(default=False)  # several choices per person
    anonymous: Mapped[bool] = mapped_column(default=False)  # results never name voters
    hidden: Mapped[bool] = mapped_column(default=False)  # results shown only once closed
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    closes_at: Mapped[datetime | None] = mapped_column(index=True)  # a scheduled post announces the results
    closed_at: Mapped[datetime | None] = mapped_column()
    votes: Mapped[list["PollVote"]] = relationship(back_populates="poll", cascade="all, delete-orphan",
                                                 order_by="PollVote.id")

    @property
    def ref(self) -> str:
        return f"P{self.id}"


class PollVote(Base):
    """One person's choice of one option (several rows for a multiple-choice poll)."""

    __tablename__ = "poll_vote"
    __table_args__ = (UniqueConstraint("poll_id", "voter", "option"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    poll_id: Mapped[int] = mapped_column(ForeignKey("poll.id", ondelete="CASCADE"), index=True)
    voter: Mapped[str] = mapped_column(String(255))
    option: Mapped[int] = mapped_column(Integer)  # 1-based
    at: Mapped[datetime] = mapped_column(default=utcnow)
    poll: Mapped["Poll"] = relationship(back_populates="votes")


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
