"""Pathfinder countries and their timelines."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PathfinderCountry, PathfinderUpdate


async def all_countries(session: AsyncSession) -> list[PathfinderCountry]:
    stmt = select(PathfinderCountry).order_by(PathfinderCountry.region, PathfinderCountry.name)
    return list(await session.scalars(stmt))


async def by_name(session: AsyncSession, name: str) -> PathfinderCountry | None:
    return await session.scalar(select(PathfinderCountry).where(PathfinderCountry.name == name))


def add_update(country: PathfinderCountry, update: PathfinderUpdate) -> None:
    country.updates.append(update)
