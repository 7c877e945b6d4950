"""Facts from a source document with no table of their own (who chairs the Alliance)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, String, Text, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class ReferenceFact(Base):
    """A fact from a source document that has no table of its own: who chairs the Alliance,
    who is to chair it next. ``topic`` groups them ("chair")."""

    __tablename__ = "reference_fact"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    topic: Mapped[str] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)


async def by_topic(session: AsyncSession, topic: str) -> list[ReferenceFact]:
    return list(await session.scalars(select(ReferenceFact).where(ReferenceFact.topic == topic)
                                      .order_by(ReferenceFact.id)))
