"""The Knowledge built once and reused while the data stays the same.

Building it needs every country, group, day and event, and a catalogue of the open action
items; a question needs only one look at the tables to know whether each is still current:
the app's counts of changes made through commands, and the row counts and latest changes
of each table (for changes made elsewhere: the command line, another instance). A change to
action items refreshes only the item catalogue, and only the items that changed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
import time
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from bot.qa.understand import ItemCatalog
from storage.knowledge_tables import fingerprint

# How long what questions are answered from is trusted without looking at the tables again, when
# this app changed nothing: changes made elsewhere (the command line, another process) are seen
# within this time; changes made through this app are seen at once.
RECHECK_SECONDS = 1.0


@dataclass
class KnowledgeCache:
    key: tuple | None = None
    value: object | None = field(default=None, repr=False)
    items_key: tuple | None = None
    catalog: ItemCatalog = field(default_factory=ItemCatalog, repr=False)
    checked_at: float = float("-inf")
    local: tuple[int, int] | None = None
    read_own: bool = False  # items this app changed were read by id since the tables were last looked at

    async def get(
        self,
        session: AsyncSession,
        changes: int,
        item_changes: int,
        build: Callable[[ItemCatalog], Awaitable[object]],
        load_stamps: Callable[[], Awaitable[list]],
        load_texts: Callable[[list[int] | None], Awaitable[list]],
        load_since: Callable[[object | None, int | None, list[int]], Awaitable[list]] | None = None,
        changed_ids: set[int] | None = None,
    ) -> object:
        """The knowledge, rebuilt when its own tables changed; the item catalogue brought up to date
        when the action items changed.

        The tables are looked at (one round trip) at most every ``RECHECK_SECONDS`` while this app
        changes nothing else; an action item changed through this app is read again at once by its
        id (``changed_ids``, emptied as they are read). When the tables did change, the catalogue
        reads the items written since the latest change it saw and those newer than the highest id
        it saw; when that does not account for every open item (an item deleted elsewhere, another
        process's clock behind, owners changed elsewhere), it reads every open item's stamp.
        """
        now = time.monotonic()
        ids = sorted(changed_ids or ())
        if (self.value is not None and self.local is not None and changes == self.local[0]
                and now - self.checked_at < RECHECK_SECONDS):
            if ids:  # only action items, changed here: read them again by id, nothing else
                await self.catalog.reread(ids, load_texts)
                assert changed_ids is not None
                changed_ids.difference_update(ids)
                self.read_own = True
            self.local = (changes, item_changes)
            return self.value
        knowledge_part, items_part = await fingerprint(session)
        if items_part != self.items_key or ids:
            previous = self.items_key
            caught_up = False
            # owners changed with no item of this app's to explain it: changed elsewhere, read all
            owners_explained = previous is not None and (previous[2:4] == items_part[2:4] or ids or self.read_own)
            if load_since is not None and previous is not None and previous[1] is not None and owners_explained:
                self.catalog.catch_up(await load_since(previous[1], previous[5] or 0, ids),
                                      reread_all=bool(ids))
                caught_up = len(self.catalog) == items_part[4]
            if not caught_up:
                if not owners_explained:  # owners changed elsewhere: their items are not known
                    self.catalog.clear()  # the same catalogue: the knowledge built holds it
                await self.catalog.refresh(await load_stamps(), load_texts)
            self.items_key = items_part
            self.read_own = False
            if changed_ids is not None:
                changed_ids.difference_update(ids)
        key = (changes, knowledge_part)
        if self.value is None or key != self.key:
            self.value = await build(self.catalog)
            self.key = key
        self.checked_at, self.local = now, (changes, item_changes)
        return self.value
