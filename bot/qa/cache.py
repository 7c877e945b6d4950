"""The Knowledge built once and reused while the data stays the same.

Building it needs every country, group, day and event, and a catalogue of the open action
items; a question needs only one look at the tables to know whether each is still current:
the app's counts of changes made through commands, and the row counts and latest changes
of each table (for changes made elsewhere: the command line, another instance). A change to
action items refreshes only the item catalogue, and only the items that changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.qa.understand import ItemCatalog
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


async def fingerprint(session: AsyncSession) -> tuple[tuple, tuple]:
    """(knowledge part, items part): row counts and latest changes, in one round trip."""
    columns = []
    for model, latest in (*_KNOWLEDGE, *_ITEMS):
        columns.append(select(func.count()).select_from(model).scalar_subquery())
        columns.append(select(func.max(latest)).scalar_subquery())
    row = tuple((await session.execute(select(*columns))).one())
    split = 2 * len(_KNOWLEDGE)
    return row[:split], row[split:]


@dataclass
class KnowledgeCache:
    key: tuple | None = None
    value: object | None = field(default=None, repr=False)
    items_key: tuple | None = None
    catalog: ItemCatalog = field(default_factory=ItemCatalog, repr=False)

    async def get(
        self,
        session: AsyncSession,
        changes: int,
        item_changes: int,
        build: Callable[[ItemCatalog], Awaitable[object]],
        load_stamps: Callable[[], Awaitable[tuple[list, list[str]]]],
        load_texts: Callable[[list[int] | None], Awaitable[list]],
    ) -> object:
        """The knowledge, rebuilt when its own tables changed; the item catalogue refreshed
        (incrementally) when the action items changed."""
        knowledge_part, items_part = await fingerprint(session)
        items_part = (item_changes, items_part)
        if items_part != self.items_key:
            stamps, organisations = await load_stamps()
            await self.catalog.refresh(stamps, load_texts, organisations)
            self.items_key = items_part
        key = (changes, knowledge_part)
        if self.value is None or key != self.key:
            self.value = await build(self.catalog)
            self.key = key
        return self.value
