"""Reminders set with ``!remind``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Reminder


async def get(session: AsyncSession, reminder_id: int) -> Reminder | None:
    return await session.get(Reminder, reminder_id)


async def add(session: AsyncSession, reminder: Reminder) -> Reminder:
    session.add(reminder)
    await session.flush()
    return reminder


async def active(session: AsyncSession, *, since: datetime, until: datetime | None = None) -> list[Reminder]:
    """Reminders not cancelled that can still fall on or after ``since`` (and, for one-off
    reminders, by ``until`` when given: a planning window need not load next year's)."""
    one_off = Reminder.first_at >= since if until is None else Reminder.first_at.between(since, until)
    return list(await session.scalars(
        select(Reminder)
        .where(Reminder.active.is_(True), or_(Reminder.recurrence != "", one_off))
        .order_by(Reminder.id)
    ))


async def visible_to(session: AsyncSession, *, channel_id: str, user_id: str) -> list[Reminder]:
    """Active reminders set in this conversation, or set by or for this person."""
    return list(await session.scalars(
        select(Reminder)
        .where(Reminder.active.is_(True),
               or_(Reminder.channel_id == channel_id, Reminder.created_by == user_id, Reminder.mention == user_id))
        .order_by(Reminder.id)
    ))


async def set_by(session: AsyncSession, user_id: str) -> list[Reminder]:
    """Active reminders this person set."""
    return list(await session.scalars(
        select(Reminder).where(Reminder.active.is_(True), Reminder.created_by == user_id).order_by(Reminder.id)
    ))
