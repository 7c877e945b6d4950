"""The audit log: who changed what, when, through which platform."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import AuditEntry


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
