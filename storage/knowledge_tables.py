"""What the answers to questions are built from, and whether it changed: row counts and latest
changes of each table, in one round trip (``bot.qa.cache`` keeps the knowledge while they stay the
same). Functions take a session and never commit."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, Select, func, select
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


def _fingerprint_statement(*, items_in_one_scan: bool) -> Select[Any]:
    """``items_in_one_scan``: the action items and the open ones counted in one pass over the table
    (PostgreSQL reads the table for each count; SQLite counts all rows from the b-tree without reading
    them, and the open ones from the status index, each faster than one pass)."""
    columns: list[ColumnElement[Any]] = []
    both = (select(func.count().label("all_items"),
                   func.count().filter(ActionItem.status == ActionItemStatus.OPEN).label("open_items"))
            .select_from(ActionItem).subquery())
    for model, latest in (*_KNOWLEDGE, *_ITEMS):
        if model is ActionItem and items_in_one_scan:
            columns.append(both.c.all_items)
        else:
            columns.append(select(func.count()).select_from(model).scalar_subquery())
        columns.append(select(func.max(latest)).scalar_subquery())
    if items_in_one_scan:
        columns.append(both.c.open_items)
    else:
        columns.append(select(func.count()).select_from(ActionItem)
                       .where(ActionItem.status == ActionItemStatus.OPEN).scalar_subquery())
    columns.append(select(func.max(ActionItem.id)).scalar_subquery())
    return select(*columns)


# built once: they have no parameters, and building one (and its cache key) again at each look cost
# as much as running it
_FINGERPRINT = _fingerprint_statement(items_in_one_scan=False)
_FINGERPRINT_ONE_SCAN = _fingerprint_statement(items_in_one_scan=True)


async def fingerprint(session: AsyncSession) -> tuple[tuple, tuple]:
    """(knowledge part, items part): row counts and latest changes, in one round trip. The items
    part is (items, latest item change, owners, latest owner, open items, highest item id)."""
    one_scan = session.get_bind().dialect.name == "postgresql"
    row = tuple((await session.execute(_FINGERPRINT_ONE_SCAN if one_scan else _FINGERPRINT)).one())
    split = 2 * len(_KNOWLEDGE)
    return row[:split], row[split:]
