"""Facts from a source document with no table of their own (who chairs the Alliance)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ReferenceFact


async def by_topic(session: AsyncSession, topic: str) -> list[ReferenceFact]:
    return list(await session.scalars(select(ReferenceFact).where(ReferenceFact.topic == topic)
                                      .order_by(ReferenceFact.id)))
