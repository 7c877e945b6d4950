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


async def preferences(session: AsyncSession, user_id: str, channel_id: str) -> dict[str, tuple[str, str]]:
    """{"user": (locale, timezone), "channel": (locale, timezone)} in one round trip; missing ones left out."""
    from sqlalchemy import literal, select, union_all

    stmt = union_all(
        select(literal("user"), UserProfile.locale, UserProfile.timezone).where(UserProfile.user_id == user_id),
        select(literal("channel"), ChannelProfile.locale, ChannelProfile.timezone).where(
            ChannelProfile.channel_id == channel_id
        ),
    )
    return {kind: (locale or "", tz or "") for kind, locale, tz in await session.execute(stmt)}


async def channel_preferences(session: AsyncSession, channel_ids: list[str]) -> dict[str, tuple[str, str]]:
    """channel id → (locale, timezone) for those of ``channel_ids`` that have a profile, in one query."""
    from sqlalchemy import select

    if not channel_ids:
        return {}
    rows = await session.execute(select(ChannelProfile.channel_id, ChannelProfile.locale, ChannelProfile.timezone)
                                 .where(ChannelProfile.channel_id.in_(sorted(set(channel_ids)))))
    return {channel: (locale or "", tz or "") for channel, locale, tz in rows}
