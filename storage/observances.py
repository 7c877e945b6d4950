"""Observances: international days on a fixed date every year."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Observance


async def all_observances(session: AsyncSession) -> list[Observance]:
    return list(await session.scalars(select(Observance).order_by(Observance.month, Observance.day)))


async def by_key(session: AsyncSession, key: str) -> Observance | None:
    return await session.scalar(select(Observance).where(Observance.key == key))
