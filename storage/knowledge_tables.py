"""What the answers to questions are built from, and whether it changed: row counts and latest
changes of each table, in one round trip (``bot.qa.cache`` keeps the knowledge while they stay the
same). Functions take a session and never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActionGroup,
    ActionItem,
    ActionItemOwner,
    ActionItemStatus,
    CalendarEvent,
    Observance,
    PathfinderCountry,
    PathfinderPriority,
    PathfinderUpdate,
)

# what the rest of the knowledge is built from, and what the item catalogue is built from
_KNOWLEDGE = (
    (PathfinderCountry, PathfinderCountry.updated_at),
    (PathfinderPriority, PathfinderPriority.id),
    (PathfinderUpdate, PathfinderUpdate.id),
    (ActionGroup, ActionGroup.id),
    (Observance, Observance.id),
    (CalendarEvent, CalendarEvent.updated_at),
)
_ITEMS = (
    (ActionItem, ActionItem.updated_at),
    (ActionItemOwner, ActionItemOwner.id),
)


def _fingerprint_statement() -> Select[Any]:
    columns = []
    for model, latest in (*_KNOWLEDGE, *_ITEMS):
        columns.append(select(func.count()).select_from(model).scalar_subquery())
        columns.append(select(func.max(latest)).scalar_subquery())
    columns.append(select(func.count()).select_from(ActionItem)
                   .where(ActionItem.status == ActionItemStatus.OPEN).scalar_subquery())
    columns.append(select(func.max(ActionItem.id)).scalar_subquery())
    return select(*columns)


# built once: it has no parameters, and building it (and its cache key) again at each look cost
# as much as running it
_FINGERPRINT = _fingerprint_statement()


async def fingerprint(session: AsyncSession) -> tuple[tuple, tuple]:
    """(knowledge part, items part): row counts and latest changes, in one round trip. The items
    part is (items, latest item change, owners, latest owner, open items, highest item id)."""
    row = tuple((await session.execute(_FINGERPRINT)).one())
    split = 2 * len(_KNOWLEDGE)
    return row[:split], row[split:]
