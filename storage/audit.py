"""The audit log: who changed what, when, through which platform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base, utcnow


class AuditEntry(Base):
    """Who changed what, when, through which platform — and refused attempts."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(255))
    platform: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(64))
    subject: Mapped[str] = mapped_column(String(100), default="")
    outcome: Mapped[str] = mapped_column(String(16), default="ok")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)


def record(
    session: AsyncSession,
    *,
    actor: str,
    platform: str,
    action: str,
    subject: str = "",
    outcome: str = "ok",
    detail: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        actor=actor, platform=platform, action=action, subject=subject, outcome=outcome, detail=detail or {}
    )
    if at is not None:
        entry.at = at
    session.add(entry)
    return entry


def recent(limit: int = 50, *, outcome: str | None = None) -> Select[AuditEntry]:
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)
    if outcome:
        stmt = stmt.where(AuditEntry.outcome == outcome)
    return stmt
