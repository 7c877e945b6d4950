"""The Knowledge built once and reused while the data stays the same.

Building it needs every country, group, day, event and action item; a question needs
only one look at the tables to know whether that is still current: the app's count of
changes made through commands, and the row counts and latest changes of each table
(for changes made elsewhere: the command line, another instance).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import (
    ActionGroup,
    ActionItem,
    ActionItemOwner,
    CalendarEvent,
    Observance,
    PathfinderCountry,
    PathfinderPriority,
    PathfinderUpdate,
)

_WATCHED = (
    (PathfinderCountry, PathfinderCountry.updated_at),
    (PathfinderPriority, PathfinderPriority.id),
    (PathfinderUpdate, PathfinderUpdate.id),
    (ActionGroup, ActionGroup.id),
    (Observance, Observance.id),
    (CalendarEvent, CalendarEvent.updated_at),
    (ActionItem, ActionItem.updated_at),
    (ActionItemOwner, ActionItemOwner.id),
)


async def fingerprint(session: AsyncSession) -> tuple:
    columns = []
    for model, latest in _WATCHED:
        columns.append(select(func.count()).select_from(model).scalar_subquery())
        columns.append(select(func.max(latest)).scalar_subquery())
    row = (await session.execute(select(*columns))).one()
    return tuple(row)


@dataclass
class KnowledgeCache:
    key: tuple | None = None
    value: object | None = field(default=None, repr=False)

    async def get(self, session: AsyncSession, changes: int, build: Callable[[], Awaitable[object]]) -> object:
        key = (changes, await fingerprint(session))
        if self.value is None or key != self.key:
            self.value = await build()
            self.key = key
        return self.value
