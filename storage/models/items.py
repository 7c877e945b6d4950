"""Action groups and action items with their owners."""

import calendar
from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, DescribedInLanguages, NamedInLanguages, Precision, utcnow


class ActionItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionGroup(NamedInLanguages, DescribedInLanguages, Base):
    __tablename__ = "action_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    name_es: Mapped[str] = mapped_column(String(200), default="")
    aliases: Mapped[list[str]] = mapped_column(default=list)
    leads: Mapped[list[str]] = mapped_column(default=list)
    lead_note: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    description_fr: Mapped[str] = mapped_column(Text, default="", server_default="")
    description_es: Mapped[str] = mapped_column(Text, default="", server_default="")
    # where a seeded fact comes from ("GCG4 meeting report, section II") and as of when (shown to the month);
    # empty for what people added or changed through the bot
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)

    def names(self) -> list[str]:
        """Every name the group is known by: in the three languages, then its aliases."""
        return [n for n in (self.name, self.name_fr, self.name_es, *(self.aliases or [])) if n]


class ActionItem(Base):
    __tablename__ = "action_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("action_group.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    due_precision: Mapped[str] = mapped_column(String(16), default=Precision.DAY)
    status: Mapped[str] = mapped_column(String(16), default=ActionItemStatus.OPEN, index=True)
    created_by: Mapped[str] = mapped_column(String(255))
    created_platform: Mapped[str] = mapped_column(String(32))
    created_channel: Mapped[str] = mapped_column(String(255), default="")
    source_link: Mapped[str] = mapped_column(String(1000), default="")
    seed_key: Mapped[str | None] = mapped_column(String(100), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # indexed: the latest change, and the items changed since one, are what questions look at to know
    # whether the items they keep in memory are current (storage.knowledge_tables, storage.actions)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow, index=True)
    closed_at: Mapped[datetime | None] = mapped_column()
    # where a seeded fact comes from ("GCG4 meeting report, section II") and as of when (shown to the month);
    # empty for what people added or changed through the bot
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)

    group: Mapped["ActionGroup | None"] = relationship(lazy="joined")
    owners: Mapped[list["ActionItemOwner"]] = relationship(
        back_populates="action_item",
        cascade="all, delete-orphan",
        order_by="ActionItemOwner.position",
        lazy="selectin",
    )

    @property
    def ref(self) -> str:
        return f"A{self.id}"

    @property
    def due_end(self) -> date | None:
        """The last day of the due date: the day, or the month's last day for an item due "in May"."""
        if self.due_date is None or self.due_precision != Precision.MONTH:
            return self.due_date
        return self.due_date.replace(day=calendar.monthrange(self.due_date.year, self.due_date.month)[1])

    def is_overdue(self, today: date) -> bool:
        end = self.due_end
        return self.status == ActionItemStatus.OPEN and end is not None and end < today


class ActionItemOwner(Base):
    """An owner: a person by platform-qualified id, or an organisation by name."""

    __tablename__ = "action_item_owner"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_item_id: Mapped[int] = mapped_column(ForeignKey("action_item.id", ondelete="CASCADE"), index=True)
    owner: Mapped[str] = mapped_column(String(255), index=True)
    is_person: Mapped[bool] = mapped_column(default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)

    action_item: Mapped["ActionItem"] = relationship(back_populates="owners")


# "!action list owner unicef" compares owners without case: an index on that, not only on the name
Index("ix_action_item_owner_owner_lower", func.lower(ActionItemOwner.owner))
# a list of items by status reads them in the order it shows them (dated first, soonest first) from this
# index instead of sorting every open item for one page
Index("ix_action_item_status_due", ActionItem.status, ActionItem.due_date.is_(None), ActionItem.due_date,
      ActionItem.id)
# "is this item UNICEF's?" asked of each item of such a list, in that order
Index("ix_action_item_owner_item_lower", ActionItemOwner.action_item_id, func.lower(ActionItemOwner.owner))
