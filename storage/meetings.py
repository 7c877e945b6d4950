"""Meetings and their minuted lines."""

from __future__ import annotations

from datetime import date, datetime, time, timezone

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from storage.models import Base, utcnow


class Meeting(Base):
    """A meeting held in a conversation: between ``!meeting start`` and ``!meeting end``, lines that
    begin with ``action:``, ``decision:`` or ``info:`` (or their French and Spanish words) are minuted."""

    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255), index=True)
    started_by: Mapped[str] = mapped_column(String(255))
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None] = mapped_column()
    lines: Mapped[list["MeetingLine"]] = relationship(back_populates="meeting", cascade="all, delete-orphan",
                                                     order_by="MeetingLine.id")

    @property
    def ref(self) -> str:
        return f"M{self.id}"


class MeetingLine(Base):
    """One minuted line: an action (with the action item it became, if any), a decision or a piece of information."""

    __tablename__ = "meeting_line"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # action | decision | info
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column(default=utcnow)
    action_item: Mapped[str] = mapped_column(String(16), default="")  # "A12" when the action became one
    meeting: Mapped["Meeting"] = relationship(back_populates="lines")


async def running(session: AsyncSession, channel_id: str, *, for_update: bool = False) -> Meeting | None:
    """The meeting under way in a conversation, if any."""
    stmt = (select(Meeting).where(Meeting.channel_id == channel_id, Meeting.ended_at.is_(None))
            .options(selectinload(Meeting.lines)).order_by(Meeting.id.desc()).limit(1))
    if for_update:
        stmt = stmt.with_for_update()
    return await session.scalar(stmt)


async def latest(session: AsyncSession, channel_id: str) -> Meeting | None:
    """The conversation's most recent meeting, running or ended."""
    return await session.scalar(select(Meeting).where(Meeting.channel_id == channel_id)
                                .options(selectinload(Meeting.lines)).order_by(Meeting.id.desc()).limit(1))


async def add(session: AsyncSession, meeting: Meeting) -> Meeting:
    session.add(meeting)
    await session.flush()
    return meeting


async def add_line(session: AsyncSession, line: MeetingLine) -> MeetingLine:
    session.add(line)
    await session.flush()
    return line


async def ended_since(session: AsyncSession, since: datetime) -> list[Meeting]:
    """Meetings that ended since a moment, in every conversation, oldest first."""
    return list(await session.scalars(select(Meeting).where(Meeting.ended_at >= since)
                                      .options(selectinload(Meeting.lines)).order_by(Meeting.ended_at)))


async def held_between(session: AsyncSession, first: date | None, before: date | None) -> list[Meeting]:
    """Meetings started on a day in [first, before) (either bound may be open), oldest first."""
    stmt = select(Meeting)
    if first is not None:
        stmt = stmt.where(Meeting.started_at >= datetime.combine(first, time(), timezone.utc))
    if before is not None:
        stmt = stmt.where(Meeting.started_at < datetime.combine(before, time(), timezone.utc))
    return list(await session.scalars(stmt.order_by(Meeting.started_at, Meeting.id)))
