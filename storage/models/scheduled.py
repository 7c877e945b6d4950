"""What the bot posts on its own (occurrences) and the reminders that plan some of them."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, utcnow


class OccurrenceState(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"
    SKIPPED = "skipped"


class Occurrence(Base):
    """One post the bot makes on its own: a reminder, observance notice, event notice,
    action-item nudge or digest, due at one moment in one conversation.

    ``key`` (what, where, when) is unique, so planning the same post twice — from two
    processes or after a restart — yields one row. A process claims due rows
    (``sending`` with a lease), posts with ``key`` as the idempotency key, then marks
    them ``sent``; a lease that runs out lets another process finish the job.
    """

    __tablename__ = "occurrence"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(300), unique=True)
    kind: Mapped[str] = mapped_column(String(32))  # reminder | observance | event | nudge | digest
    ref: Mapped[str] = mapped_column(String(100), default="")  # "R12", "world-day-against-child-labour", "E3"
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255))
    thread_id: Mapped[str | None] = mapped_column(String(255))
    due_at: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16), default=OccurrenceState.PENDING, index=True)
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    lease_until: Mapped[datetime | None] = mapped_column()  # not claimable before this
    claimed_by: Mapped[str] = mapped_column(String(100), default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    batch_key: Mapped[str | None] = mapped_column(String(300))  # "while I was offline" summary it went into
    delayed: Mapped[bool] = mapped_column(default=False)
    sent_at: Mapped[datetime | None] = mapped_column()
    message_id: Mapped[str] = mapped_column(String(255), default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Reminder(Base):
    """``!remind``: a one-off moment or a recurrence, computed in ``timezone``."""

    __tablename__ = "reminder"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[str] = mapped_column(String(255), index=True)
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255), index=True)
    thread_id: Mapped[str | None] = mapped_column(String(255))
    mention: Mapped[str] = mapped_column(String(255), default="")  # whom to mention; "" for "here"
    timezone: Mapped[str] = mapped_column(String(64))
    first_at: Mapped[datetime] = mapped_column()
    recurrence: Mapped[str] = mapped_column(Text, default="")  # "" | "RRULE:…" | "cron:…"
    active: Mapped[bool] = mapped_column(default=True, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def ref(self) -> str:
        return f"R{self.id}"
