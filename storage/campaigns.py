"""Campaigns for international days and their entries (highlights, champions)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, JSON, String, Text, UniqueConstraint, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from storage.models import Base, utcnow


class Campaign(Base):
    """A campaign for the next occurrence of an international day in one conversation: members add
    highlights from countries and champions; calls for them go out at the lead times, and on the day
    the bot posts them compiled."""

    __tablename__ = "campaign"
    __table_args__ = (UniqueConstraint("observance_key", "day", "channel_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    observance_key: Mapped[str] = mapped_column(String(100))
    day: Mapped[date] = mapped_column(Date)
    platform: Mapped[str] = mapped_column(String(32))
    channel_id: Mapped[str] = mapped_column(String(255))
    lead_days: Mapped[list[int]] = mapped_column(JSON, default=list)  # calls for highlights, days before
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    entries: Mapped[list["CampaignEntry"]] = relationship(back_populates="campaign", cascade="all, delete-orphan",
                                                         order_by="CampaignEntry.id")

    @property
    def ref(self) -> str:
        return f"C{self.id}"


class CampaignEntry(Base):
    """A highlight from a country, or a champion (a person, their organisation and why)."""

    __tablename__ = "campaign_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    campaign_id: Mapped[int] = mapped_column(ForeignKey("campaign.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # highlight | champion
    country: Mapped[str] = mapped_column(String(8), default="")  # ISO 3166 code (highlights)
    name: Mapped[str] = mapped_column(String(200), default="")  # the champion
    organisation: Mapped[str] = mapped_column(String(200), default="")
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    campaign: Mapped["Campaign"] = relationship(back_populates="entries")

    @property
    def ref(self) -> str:
        return f"H{self.id}"


async def add(session: AsyncSession, campaign: Campaign) -> Campaign:
    session.add(campaign)
    await session.flush()
    return campaign


async def get(session: AsyncSession, campaign_id: int) -> Campaign | None:
    return await session.scalar(select(Campaign).where(Campaign.id == campaign_id)
                                .options(selectinload(Campaign.entries)))


async def same(session: AsyncSession, observance_key: str, day: date, channel_id: str) -> Campaign | None:
    return await session.scalar(select(Campaign).where(
        Campaign.observance_key == observance_key, Campaign.day == day, Campaign.channel_id == channel_id))


async def in_channel(session: AsyncSession, channel_id: str, *, from_day: date) -> list[Campaign]:
    """The conversation's campaigns whose day has not passed, soonest first."""
    return list(await session.scalars(
        select(Campaign).where(Campaign.channel_id == channel_id, Campaign.day >= from_day)
        .options(selectinload(Campaign.entries)).order_by(Campaign.day, Campaign.id)))


async def between(session: AsyncSession, first: date, last: date) -> list[Campaign]:
    """Campaigns whose day falls in [first, last] (for planning their posts)."""
    return list(await session.scalars(select(Campaign).where(Campaign.day >= first, Campaign.day <= last)))


async def add_entry(session: AsyncSession, entry: CampaignEntry) -> CampaignEntry:
    session.add(entry)
    await session.flush()
    return entry


async def get_entry(session: AsyncSession, entry_id: int) -> CampaignEntry | None:
    return await session.scalar(select(CampaignEntry).where(CampaignEntry.id == entry_id)
                                .options(selectinload(CampaignEntry.campaign)))


async def remove_entry(session: AsyncSession, entry: CampaignEntry) -> None:
    await session.delete(entry)
    await session.flush()
