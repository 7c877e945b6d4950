"""People's and channels' preferences: language and time zone."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ChannelProfile, UserProfile


async def user(session: AsyncSession, user_id: str) -> UserProfile | None:
    return await session.get(UserProfile, user_id)


async def channel(session: AsyncSession, channel_id: str) -> ChannelProfile | None:
    return await session.get(ChannelProfile, channel_id)


async def user_for_update(session: AsyncSession, user_id: str) -> UserProfile:
    profile = await session.get(UserProfile, user_id)
    if profile is None:
        profile = UserProfile(user_id=user_id)
        session.add(profile)
    return profile


async def channel_for_update(session: AsyncSession, channel_id: str) -> ChannelProfile:
    profile = await session.get(ChannelProfile, channel_id)
    if profile is None:
        profile = ChannelProfile(channel_id=channel_id)
        session.add(profile)
    return profile
