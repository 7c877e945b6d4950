"""A channel's standing orders: observance notices, weekly digests, calendar feeds."""

from __future__ import annotations

import hashlib
from datetime import datetime

from sqlalchemy import Integer, JSON, String, UniqueConstraint, false, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class Subscription(Base):
    """A channel's standing order: observance notices, a weekly digest, a calendar feed."""

    __tablename__ = "subscription"
    __table_args__ = (UniqueConstraint("kind", "channel_id", "ref"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))  # observance | digest | feed
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255), index=True)
    ref: Mapped[str] = mapped_column(String(100), default="*")  # observance key or "*" for all
    lead_days: Mapped[list[int]] = mapped_column(JSON, default=list)
    weekday: Mapped[int] = mapped_column(Integer, default=0)  # digest: 0 = Monday
    time_of_day: Mapped[str] = mapped_column(String(5), default="09:00")
    # digest: the pathfinder timeline picture goes with it
    with_chart: Mapped[bool] = mapped_column(default=False, server_default=false())
    # feed: the SHA-256 (hex) of the token in the feed's address; the token itself is never stored
    token: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

OBSERVANCE, DIGEST, FEED = "observance", "digest", "feed"
DASHBOARD = "dashboard"  # a private link to the dashboard page (the token's hash, as for a feed)
ALL = "*"


async def of_kind(session: AsyncSession, kind: str) -> list[Subscription]:
    return list(await session.scalars(select(Subscription).where(Subscription.kind == kind).order_by(Subscription.id)))


async def for_channel(session: AsyncSession, kind: str, channel_id: str) -> list[Subscription]:
    return list(await session.scalars(
        select(Subscription).where(Subscription.kind == kind, Subscription.channel_id == channel_id)
        .order_by(Subscription.id)
    ))


async def find(session: AsyncSession, kind: str, channel_id: str, ref: str = ALL) -> Subscription | None:
    return await session.scalar(select(Subscription).where(
        Subscription.kind == kind, Subscription.channel_id == channel_id, Subscription.ref == ref))


def hash_token(token: str) -> str:
    """What is stored of a feed token: its SHA-256 (the token itself is shown once, never kept)."""
    return hashlib.sha256(token.encode()).hexdigest()


async def by_token(session: AsyncSession, token: str, *, kind: str = FEED) -> Subscription | None:
    return await session.scalar(select(Subscription).where(Subscription.kind == kind,
                                                           Subscription.token == hash_token(token)))
