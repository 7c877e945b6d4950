"""Action items: queries and changes. Functions take a session and never commit."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from datetime import date, datetime
from typing import Any, Literal, TypeVar

from sqlalchemy import ColumnElement, Date, Integer, Select, String, and_, bindparam, cast, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from storage.models import ActionGroup, ActionItem, ActionItemOwner, ActionItemStatus, Precision

S = TypeVar("S", bound=Select[Any])


async def get(session: AsyncSession, item_id: int) -> ActionItem | None:
    """The item with its group and owners, in one query."""
    return await session.get(ActionItem, item_id, options=[joinedload(ActionItem.owners)])


@dataclass(frozen=True)
class ItemQuery:
    """Items by status, group, owner and due date. ``overdue_on``: those whose due date has passed on
    that day: a day before it, or a month that ended before it (an item due "in May" is overdue from
    1 June, as ``ActionItem.is_overdue`` says)."""

    statuses: tuple[str, ...] = (ActionItemStatus.OPEN,)
    group_id: int | None = None
    owner: str | None = None
    due_before: date | None = None
    due_from: date | None = None
    overdue_on: date | None = None

    @property
    def dated_only(self) -> bool:
        return self.due_before is not None or self.due_from is not None or self.overdue_on is not None

    @property
    def shape(self) -> tuple[object, ...]:
        """What the statement depends on, its values aside (``params``)."""
        return (self.statuses, self.group_id is not None, self.owner is not None, self.due_before is not None,
                self.due_from is not None, self.overdue_on is not None)

    @property
    def params(self) -> dict[str, object]:
        """The values of the statement ``criteria(bound=True)`` builds."""
        values = {"group_id": self.group_id, "owner": self.owner.lower() if self.owner is not None else None,
                  "due_before": self.due_before, "due_from": self.due_from, "overdue_day": self.overdue_on,
                  "overdue_month": self.overdue_on.replace(day=1) if self.overdue_on is not None else None}
        return {k: v for k, v in values.items() if v is not None}

    def criteria(self, *, owner_test: Literal["exists", "in"], bound: bool = False) -> list[ColumnElement[bool]]:
        """The conditions. The owner is tested per item (``exists``: a page read in the list's order
        stops at its last row) or as a set of ids (``in``: a count reads each owner's items once).
        ``bound``: the values as named parameters (``params``), so that one statement serves every
        query of the same ``shape``."""
        def value(name: str, given: object, type_: Any) -> Any:
            return bindparam(name, type_=type_) if bound else given

        where: list[ColumnElement[bool]] = []
        if self.statuses:
            where.append(ActionItem.status.in_(self.statuses))
        if self.group_id is not None:
            where.append(ActionItem.group_id == value("group_id", self.group_id, Integer()))
        if self.owner is not None:
            named = func.lower(ActionItemOwner.owner) == value("owner", self.owner.lower(), String())
            if owner_test == "exists":
                where.append(select(ActionItemOwner.id).where(
                    ActionItemOwner.action_item_id == ActionItem.id, named).exists())
            else:
                where.append(ActionItem.id.in_(select(ActionItemOwner.action_item_id).where(named)))
        if self.dated_only:
            # said as the index says it, so that a range of due dates is read from the index
            where.append(ActionItem.due_date.is_(None) == false())
        if self.due_before is not None:
            where.append(ActionItem.due_date < value("due_before", self.due_before, Date()))
        if self.due_from is not None:
            where.append(ActionItem.due_date >= value("due_from", self.due_from, Date()))
        if self.overdue_on is not None:
            day = value("overdue_day", self.overdue_on, Date())
            month_start = value("overdue_month", self.overdue_on.replace(day=1), Date())
            where.append(ActionItem.due_date < day)
            # the date first: it is in the index, so an item due before this month is counted without
            # reading its row for the precision (most overdue items are)
            where.append(or_(ActionItem.due_date < month_start, ActionItem.due_precision != Precision.MONTH))
        return where


def _in_list_order(stmt: S, items: ItemQuery) -> S:
    """The order lists show items in: dated first, soonest first (``ix_action_item_status_due``)."""
    if items.dated_only:  # the same order, said without the undated part the criteria leave out
        return stmt.order_by(ActionItem.due_date, ActionItem.id)
    return stmt.order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)


async def find(session: AsyncSession, items: ItemQuery, *, limit: int | None = None, offset: int = 0,
               ) -> list[ActionItem]:
    """The items in the order lists show them: dated first, soonest first (``ix_action_item_status_due``)."""
    stmt = _in_list_order(select(ActionItem).where(*items.criteria(owner_test="exists")), items)
    if offset:
        stmt = stmt.offset(offset)
    if limit is not None:  # a page: its owners read in the same query, not in a second one
        stmt = stmt.limit(limit).options(joinedload(ActionItem.owners))
    return list((await session.scalars(stmt)).unique())


def _count_of(items: ItemQuery, *, bound: bool = False) -> Select[int]:
    return select(func.count()).select_from(ActionItem).where(*items.criteria(owner_test="in", bound=bound))


async def count(session: AsyncSession, items: ItemQuery) -> int:
    return await session.scalar(_count_of(items)) or 0


async def page(session: AsyncSession, items: ItemQuery, *, limit: int, offset: int = 0,
               ) -> tuple[list[ActionItem], int]:
    """A page of the items, in the order lists show them, with their owners, and how many items there
    are in all (0 when the page is empty), in one round trip: the count is a subquery the database
    runs once, not a second statement."""
    key = (items.shape, limit, bool(offset))
    stmt = _PAGES.get(key)
    if stmt is None:  # built once for each shape: building it, and its cache key, cost as much as running it
        stmt = _in_list_order(select(ActionItem, _count_of(items, bound=True).scalar_subquery())
                              .where(*items.criteria(owner_test="exists", bound=True)), items)
        if offset:
            stmt = stmt.offset(bindparam("offset", type_=Integer()))
        stmt = _PAGES[key] = stmt.limit(limit).options(joinedload(ActionItem.owners))
    params = items.params | ({"offset": offset} if offset else {})
    rows = (await session.execute(stmt, params)).unique().all()
    return [row[0] for row in rows], (rows[0][1] if rows else 0)


_PAGES: dict[tuple[object, ...], Select[ActionItem, int]] = {}  # page statements by query shape


def set_owners(item: ActionItem, owners: list[tuple[str, bool]]) -> None:
    """Replace the owners; each is (owner, is_person)."""
    item.owners = [ActionItemOwner(owner=o, is_person=p, position=i) for i, (o, p) in enumerate(owners)]


async def add(
    session: AsyncSession,
    *,
    text: str,
    created_by: str,
    created_platform: str,
    created_channel: str = "",
    owners: list[tuple[str, bool]] | None = None,
    group_id: int | None = None,
    due_date: date | None = None,
    due_precision: str = "day",
    source_link: str = "",
    status: str = ActionItemStatus.OPEN,
    seed_key: str | None = None,
    now: datetime | None = None,
) -> ActionItem:
    item = ActionItem(
        text=text,
        created_by=created_by,
        created_platform=created_platform,
        created_channel=created_channel,
        group_id=group_id,
        due_date=due_date,
        due_precision=due_precision,
        source_link=source_link,
        status=status,
        seed_key=seed_key,
    )
    if now is not None:
        item.created_at = item.updated_at = now
    set_owners(item, owners or [])
    session.add(item)
    await session.flush()
    return item


def set_status(item: ActionItem, status: str, now: datetime) -> None:
    item.status = status
    item.updated_at = now
    item.closed_at = None if status == ActionItemStatus.OPEN else now


async def open_item_stamps(session: AsyncSession) -> list[tuple[int, str]]:
    """(id, last change) of every open item."""
    # the database writes the time as text: a stamp to compare, not parsed into ten thousand datetimes
    rows = await session.execute(select(ActionItem.id, cast(ActionItem.updated_at, String))
                                 .where(ActionItem.status == ActionItemStatus.OPEN))
    return [(r[0], r[1]) for r in rows]


async def items_changed_since(session: AsyncSession, since: object | None, above_id: int | None, ids: list[int],
                              ) -> list[tuple[int, str, bool, str, list[str], list[str]]]:
    """(id, last change, open, text, its group's names, the organisations that own it) of the items
    changed after ``since``, added after ``above_id``, or named in ``ids``: what a catalogue of open
    items kept in memory reads to catch up, instead of every item's stamp; read with their text in
    the same statement, for those it has to read again."""
    changed: ColumnElement[bool] = ActionItem.id.in_(ids)
    if since is not None:
        changed = or_(changed, ActionItem.updated_at > since, ActionItem.id > (above_id or 0))
    return [(r[0], r[3], r[5], r[1], r[2], r[4]) for r in await _with_texts(session, _texts_of(changed))]


async def item_texts(session: AsyncSession,
                     ids: list[int] | None) -> list[tuple[int, str, list[str], str, list[str]]]:
    """(id, text, its group's names, last change, the organisations that own it) of the given open
    items (all of them for None)."""
    if ids is None:
        rows = await _with_texts(session, _texts_of(ActionItem.status == ActionItemStatus.OPEN))
    else:  # after each change made here: the statement built once, the ids its parameter
        rows = await _with_texts(session, _open_texts_by_id(), {"ids": ids})
    return [(r[0], r[1], r[2], r[3], r[4]) for r in rows]


# (id, text, last change, group name in English, French, Spanish, aliases, an organisation, open)
_TextRows = Select[int, str, str, str, str, str, list[str], str, bool]


def _texts_of(where: ColumnElement[bool]) -> _TextRows:
    """(id, text, last change, its group's names, an organisation that owns it, open) of the items
    ``where`` picks: an item comes once per organisation that owns it (once with none when none does)."""
    return (select(ActionItem.id, ActionItem.text, cast(ActionItem.updated_at, String), ActionGroup.name,
                   ActionGroup.name_fr, ActionGroup.name_es, ActionGroup.aliases, ActionItemOwner.owner,
                   ActionItem.status == ActionItemStatus.OPEN)
            .outerjoin(ActionGroup, ActionItem.group_id == ActionGroup.id)
            .outerjoin(ActionItemOwner, and_(ActionItemOwner.action_item_id == ActionItem.id,
                                             ActionItemOwner.is_person.is_(False)))
            .where(where))


@cache
def _open_texts_by_id() -> _TextRows:
    return _texts_of(and_(ActionItem.status == ActionItemStatus.OPEN,
                          ActionItem.id.in_(bindparam("ids", expanding=True))))


async def _with_texts(session: AsyncSession, stmt: _TextRows, params: dict[str, object] | None = None,
                      ) -> list[tuple[int, str, list[str], str, list[str], bool]]:
    """(id, text, its group's names, last change, the organisations that own it, open) of the items
    read by a ``_texts_of`` statement."""
    found: dict[int, tuple[int, str, list[str], str, list[str], bool]] = {}
    for r in await session.execute(stmt, params):
        item = found.get(r[0])
        if item is None:
            item = found[r[0]] = (r[0], r[1], [n for n in (r[3], r[4], r[5], *(r[6] or ())) if n], r[2], [],
                                  bool(r[8]))
        if r[7] is not None:
            item[4].append(r[7])
    return list(found.values())


async def organisations(session: AsyncSession) -> list[str]:
    """Every organisation that owns an open action item."""
    stmt = (select(ActionItemOwner.owner).distinct()
            .join(ActionItem, ActionItem.id == ActionItemOwner.action_item_id)
            .where(ActionItemOwner.is_person.is_(False), ActionItem.status == ActionItemStatus.OPEN)
            .order_by(ActionItemOwner.owner))
    return list(await session.scalars(stmt))


async def open_from_a_channel_due(session: AsyncSession, first_day: date, last_day: date) -> list[ActionItem]:
    """The open items added in a conversation (a channel to nudge in) due between the two days."""
    return list((await session.scalars(select(ActionItem).where(
        ActionItem.status == ActionItemStatus.OPEN, ActionItem.created_channel != "",
        ActionItem.due_date.is_not(None), ActionItem.due_date >= first_day, ActionItem.due_date <= last_day))).unique())
