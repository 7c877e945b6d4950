"""Calendar events and international days."""

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, DescribedInLanguages, NamedInLanguages, Precision, utcnow

if TYPE_CHECKING:
    from storage.models.items import ActionGroup


class CalendarEvent(Base):
    __tablename__ = "calendar_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    starts_on: Mapped[date] = mapped_column(Date, index=True)
    ends_on: Mapped[date] = mapped_column(Date)
    precision: Mapped[str] = mapped_column(String(16), default=Precision.DAY)
    start_at: Mapped[datetime | None] = mapped_column()  # set when the event has a time
    end_at: Mapped[datetime | None] = mapped_column()
    timezone: Mapped[str] = mapped_column(String(64), default="")
    tentative: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str] = mapped_column(String(300), default="")
    group_id: Mapped[int | None] = mapped_column(ForeignKey("action_group.id"), index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(1000), default="")
    created_by: Mapped[str] = mapped_column(String(255))
    created_platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255), default="")
    seed_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # where a seeded fact comes from ("GCG4 meeting report, section II") and as of when (shown to the month);
    # empty for what people added or changed through the bot
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)

    group: Mapped["ActionGroup | None"] = relationship(lazy="joined")

    @property
    def ref(self) -> str:
        return f"E{self.id}"


class Observance(NamedInLanguages, DescribedInLanguages, Base):
    """An international day, on the same date every year."""

    __tablename__ = "observance"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(100), unique=True)
    month: Mapped[int] = mapped_column(Integer)
    day: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(300))
    name_fr: Mapped[str] = mapped_column(String(300), default="")
    name_es: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    link: Mapped[str] = mapped_column(String(1000), default="")
    marked_by: Mapped[str] = mapped_column(String(300), default="")
    custom: Mapped[bool] = mapped_column(default=False)
    created_by: Mapped[str] = mapped_column(String(255), default="")
    # where a seeded fact comes from ("GCG4 meeting report, section II") and as of when (shown to the month);
    # empty for what people added or changed through the bot
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)

    def on(self, year: int) -> date | None:
        """The day in ``year``; None for 29 February in a common year."""
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None

    def about(self, lang: str | None) -> str:
        """What the day is for, in a language: its description there, or, for a day a member added, what they
        wrote, in whatever language they wrote it."""
        return self.description_in(lang) or (self.description if self.custom else "")

    def next_on_or_after(self, today: date) -> date:
        """The next time the day comes round, today included (29 February: the next leap year)."""
        for year in range(today.year, today.year + 9):
            found = self.on(year)
            if found is not None and found >= today:
                return found
        return today  # not reached for a valid day

    def last_on_or_before(self, today: date) -> date:
        """The last time the day came round, today included (29 February: the last leap year)."""
        for year in range(today.year, today.year - 9, -1):
            found = self.on(year)
            if found is not None and found <= today:
                return found
        return today  # not reached for a valid day

    def between(self, start: date, end: date) -> list[date]:
        """Each time the day falls between two dates, both included."""
        found = (self.on(year) for year in range(start.year, end.year + 1))
        return [d for d in found if d is not None and start <= d <= end]

