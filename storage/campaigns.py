"""Campaigns for international days and their entries (highlights, champions)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from storage.models import Campaign, CampaignEntry


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
