"""Action items: queries and changes. Functions take a session and never commit."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ColumnElement, Select, String, and_, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActionItem, ActionItemOwner, ActionItemStatus, Precision


async def get(session: AsyncSession, item_id: int) -> ActionItem | None:
    return await session.get(ActionItem, item_id)


def query(
    *,
    statuses: tuple[str, ...] = (ActionItemStatus.OPEN,),
    group_id: int | None = None,
    owner: str | None = None,
    due_before: date | None = None,
    due_from: date | None = None,
    overdue_on: date | None = None,
    limit: int | None = None,
) -> Select[ActionItem]:
    """Items by status, group, owner and due date. ``overdue_on``: those whose due date has passed on
    that day: a day before it, or a month that ended before it (an item due "in May" is overdue from
    1 June, as ``ActionItem.is_overdue`` says)."""
    stmt = select(ActionItem)
    if statuses:
        stmt = stmt.where(ActionItem.status.in_(statuses))
    if group_id is not None:
        stmt = stmt.where(ActionItem.group_id == group_id)
    if owner is not None:
        owned = select(ActionItemOwner.action_item_id).where(
            func.lower(ActionItemOwner.owner) == owner.lower()
        )
        stmt = stmt.where(ActionItem.id.in_(owned))
    if due_before is not None:
        stmt = stmt.where(ActionItem.due_date < due_before)
    if due_from is not None:
        stmt = stmt.where(ActionItem.due_date >= due_from)
    if overdue_on is not None:
        stmt = stmt.where(or_(
            and_(ActionItem.due_precision != Precision.MONTH, ActionItem.due_date < overdue_on),
            and_(ActionItem.due_precision == Precision.MONTH, ActionItem.due_date < overdue_on.replace(day=1))))
    stmt = stmt.order_by(ActionItem.due_date.is_(None), ActionItem.due_date, ActionItem.id)
    if limit is not None:
        stmt = stmt.limit(limit)
    return stmt


async def find(session: AsyncSession, stmt: Select[ActionItem]) -> list[ActionItem]:
    return list((await session.scalars(stmt)).unique())


async def count(session: AsyncSession, stmt: Select[ActionItem]) -> int:
    return await session.scalar(select(func.count()).select_from(stmt.order_by(None).limit(None).subquery())) or 0


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


async def item_stamps_since(session: AsyncSession, since: object | None, above_id: int | None,
                            ids: list[int]) -> list[tuple[int, str, bool]]:
    """(id, last change, open) of the items changed after ``since``, added after ``above_id``,
    or named in ``ids``: what a catalogue of open items kept in memory reads to catch up, instead
    of every item's stamp."""
    changed: ColumnElement[bool] = ActionItem.id.in_(ids)
    if since is not None:
        changed = or_(changed, ActionItem.updated_at > since, ActionItem.id > (above_id or 0))
    rows = await session.execute(select(ActionItem.id, cast(ActionItem.updated_at, String),
                                        ActionItem.status == ActionItemStatus.OPEN).where(changed))
    return [(r[0], r[1], bool(r[2])) for r in rows]


async def item_texts(session: AsyncSession,
                     ids: list[int] | None) -> list[tuple[int, str, list[str], str, list[str]]]:
    """(id, text, its group's names, last change, the organisations that own it) of the given open
    items (all of them for None)."""
    from storage.models import ActionGroup

    stmt = (select(ActionItem.id, ActionItem.text, cast(ActionItem.updated_at, String), ActionGroup.name,
                   ActionGroup.name_fr,
                   ActionGroup.name_es, ActionGroup.aliases)
            .outerjoin(ActionGroup, ActionItem.group_id == ActionGroup.id)
            .where(ActionItem.status == ActionItemStatus.OPEN))
    if ids is not None:
        stmt = stmt.where(ActionItem.id.in_(ids))
    rows = list(await session.execute(stmt))
    owners_stmt = (select(ActionItemOwner.action_item_id, ActionItemOwner.owner)
                   .join(ActionItem, ActionItem.id == ActionItemOwner.action_item_id)
                   .where(ActionItemOwner.is_person.is_(False), ActionItem.status == ActionItemStatus.OPEN))
    if ids is not None:
        owners_stmt = owners_stmt.where(ActionItemOwner.action_item_id.in_(ids))
    owners: dict[int, list[str]] = {}
    for item_id, owner in await session.execute(owners_stmt):
        owners.setdefault(item_id, []).append(owner)
    return [(r[0], r[1], [n for n in (r[3], r[4], r[5], *(r[6] or ())) if n], r[2], owners.get(r[0], []))
            for r in rows]


async def organisations(session: AsyncSession) -> list[str]:
    """Every organisation that owns an open action item."""
    stmt = (select(ActionItemOwner.owner).distinct()
            .join(ActionItem, ActionItem.id == ActionItemOwner.action_item_id)
            .where(ActionItemOwner.is_person.is_(False), ActionItem.status == ActionItemStatus.OPEN)
            .order_by(ActionItemOwner.owner))
    return list(await session.scalars(stmt))
