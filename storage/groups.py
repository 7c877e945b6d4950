"""Action groups."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ActionGroup


async def all_groups(session: AsyncSession) -> list[ActionGroup]:
    return list(await session.scalars(select(ActionGroup).order_by(ActionGroup.name)))


async def by_key(session: AsyncSession, key: str) -> ActionGroup | None:
    return await session.scalar(select(ActionGroup).where(ActionGroup.key == key))
