"""Pathfinder countries and their timelines."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, load_only, raiseload

from datetime import date

from storage.models import PathfinderCountry, PathfinderUpdate


# what a list of countries shows: names, region, workshop and status
LISTED = (PathfinderCountry.name, PathfinderCountry.name_fr, PathfinderCountry.name_es, PathfinderCountry.iso_code,
          PathfinderCountry.region, PathfinderCountry.workshop_start, PathfinderCountry.workshop_end,
          PathfinderCountry.workshop_precision, PathfinderCountry.workshop_tbc, PathfinderCountry.status)


async def all_countries(session: AsyncSession, *, details: bool = True, region: str | None = None,
                        status: str | None = None) -> list[PathfinderCountry]:
    """Every country (of ``region``, with ``status``) by region and name; without ``details`` only what a
    list shows is loaded (``LISTED``), not their aliases, notes, priorities or updates."""
    stmt = select(PathfinderCountry).order_by(PathfinderCountry.region, PathfinderCountry.name)
    if region is not None:
        stmt = stmt.where(PathfinderCountry.region == region)
    if status is not None:
        stmt = stmt.where(PathfinderCountry.status == status)
    if not details:
        stmt = stmt.options(load_only(*LISTED, raiseload=True), raiseload(PathfinderCountry.priorities),
                            raiseload(PathfinderCountry.updates))
    return list(await session.scalars(stmt))


async def regions(session: AsyncSession) -> list[str]:
    """The regions countries are in, by name."""
    return sorted(await session.scalars(select(PathfinderCountry.region).distinct()))


async def names(session: AsyncSession) -> list[tuple[int, str, str, str, str, tuple[str, ...]]]:
    """(id, name, name_fr, name_es, iso_code, aliases) of every country: enough to match a name."""
    rows = await session.execute(
        select(PathfinderCountry.id, PathfinderCountry.name, PathfinderCountry.name_fr, PathfinderCountry.name_es,
               PathfinderCountry.iso_code, PathfinderCountry.aliases).order_by(PathfinderCountry.id)
    )
    return [(r[0], r[1], r[2], r[3], r[4], tuple(r[5] or ())) for r in rows]


async def get(session: AsyncSession, country_id: int) -> PathfinderCountry | None:
    """A country with its priorities and timeline, in one query (a country has a handful of each)."""
    found = await session.scalars(
        select(PathfinderCountry).where(PathfinderCountry.id == country_id)
        .options(joinedload(PathfinderCountry.priorities), joinedload(PathfinderCountry.updates))
    )
    return found.unique().one_or_none()


async def by_name(session: AsyncSession, name: str) -> PathfinderCountry | None:
    return await session.scalar(select(PathfinderCountry).where(PathfinderCountry.name == name))


def add_update(country: PathfinderCountry, update: PathfinderUpdate) -> None:
    country.updates.append(update)


async def updates_between(session: AsyncSession, start: date,
                          end: date) -> list[tuple[PathfinderUpdate, PathfinderCountry]]:
    """The updates dated between two days (both included), newest first, each with its country."""
    rows = await session.execute(
        select(PathfinderUpdate, PathfinderCountry).join(PathfinderCountry)
        .where(PathfinderUpdate.date >= start, PathfinderUpdate.date <= end)
        .order_by(PathfinderUpdate.date.desc())
    )
    return [(update, country) for update, country in rows.all()]


async def latest_updates(session: AsyncSession, limit: int) -> list[PathfinderUpdate]:
    """The newest updates of any country."""
    return list(await session.scalars(
        select(PathfinderUpdate).order_by(PathfinderUpdate.date.desc(), PathfinderUpdate.id.desc()).limit(limit)))
