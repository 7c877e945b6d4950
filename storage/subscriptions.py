"""A channel's standing orders: observance notices, weekly digests, calendar feeds."""

from __future__ import annotations

import hashlib

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Subscription

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
