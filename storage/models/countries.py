"""Pathfinder countries, their priorities and their updates."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base, NamedInLanguages, Precision, utcnow


class PathfinderStatus(StrEnum):
    INTERESTED = "interested"
    WORKSHOP_PLANNED = "workshop_planned"
    WORKSHOP_HELD = "workshop_held"
    ROADMAP_ADOPTED = "roadmap_adopted"
    ACTION_PLAN_ADOPTED = "action_plan_adopted"


class PathfinderCountry(NamedInLanguages, Base):
    """A pathfinder country, or a regional body such as the African Union."""

    __tablename__ = "pathfinder_country"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    name_fr: Mapped[str] = mapped_column(String(200), default="")
    name_es: Mapped[str] = mapped_column(String(200), default="")
    aliases: Mapped[list[str]] = mapped_column(default=list)
    kind: Mapped[str] = mapped_column(String(32), default="country")
    iso_code: Mapped[str] = mapped_column(String(8), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    workshop_start: Mapped[date | None] = mapped_column(Date)
    workshop_end: Mapped[date | None] = mapped_column(Date)
    workshop_precision: Mapped[str] = mapped_column(String(16), default=Precision.DAY)
    workshop_tbc: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(32), default=PathfinderStatus.INTERESTED)
    focal_point: Mapped[str] = mapped_column(String(300), default="")
    next_steps: Mapped[list[str]] = mapped_column(default=list)
    challenges: Mapped[list[str]] = mapped_column(default=list)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # where a seeded fact comes from ("GCG4 meeting report, section II") and as of when (shown to the month);
    # empty for what people added or changed through the bot
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)

    priorities: Mapped[list["PathfinderPriority"]] = relationship(
        back_populates="country",
        cascade="all, delete-orphan",
        order_by="PathfinderPriority.position",
        lazy="selectin",
    )
    updates: Mapped[list["PathfinderUpdate"]] = relationship(
        back_populates="country",
        cascade="all, delete-orphan",
        order_by="PathfinderUpdate.date",
        lazy="selectin",
    )


class PathfinderPriority(Base):
    __tablename__ = "pathfinder_priority"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("pathfinder_country.id", ondelete="CASCADE"), index=True)
    theme: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    country: Mapped["PathfinderCountry"] = relationship(back_populates="priorities")


class PathfinderUpdate(Base):
    """A dated entry in a country's timeline."""

    __tablename__ = "pathfinder_update"

    id: Mapped[int] = mapped_column(primary_key=True)
    country_id: Mapped[int] = mapped_column(ForeignKey("pathfinder_country.id", ondelete="CASCADE"), index=True)
    date: Mapped[date] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(16), default=Precision.DAY)
    author: Mapped[str] = mapped_column(String(300), default="")
    source: Mapped[str] = mapped_column(String(500), default="")
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    country: Mapped["PathfinderCountry"] = relationship(back_populates="updates")
