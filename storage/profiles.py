"""People's and channels' preferences: language and time zone."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CompoundSelect, String, bindparam, cast, literal, select, union_all
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.data_versions import DATA_VERSION
from storage.db import plain_rows
from storage.models import Base, utcnow


class ChannelProfile(Base):
    """Per-conversation settings: time zone and language of posts."""

    __tablename__ = "channel_profile"

    channel_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    locale: Mapped[str] = mapped_column(String(16), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class UserProfile(Base):
    """What the bot remembers about a person: language and time zone."""

    __tablename__ = "user_profile"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    display_name: Mapped[str] = mapped_column(String(300), default="")
    locale: Mapped[str] = mapped_column(String(16), default="")
    timezone: Mapped[str] = mapped_column(String(64), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


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


# read for every message, so written once: SQLAlchemy then finds it compiled without rebuilding it and
# working out that it is the same statement again
PREFERENCES = union_all(
    select(literal("user"), UserProfile.locale, UserProfile.timezone).where(
        UserProfile.user_id == bindparam("user_id")),
    select(literal("channel"), ChannelProfile.locale, ChannelProfile.timezone).where(
        ChannelProfile.channel_id == bindparam("channel_id")),
)


async def preferences(session: AsyncSession, user_id: str, channel_id: str) -> dict[str, tuple[str, str]]:
    """{"user": (locale, timezone), "channel": (locale, timezone)} in one round trip; missing ones left out."""
    rows = await session.execute(PREFERENCES, {"user_id": user_id, "channel_id": channel_id})
    return {kind: (locale or "", tz or "") for kind, locale, tz in rows}


# the preferences and, in the same round trip, the data versions (``storage.data_versions``): a command
# knows from them whether what the app keeps in memory is current, at no cost of its own
PREFERENCES_AND_VERSIONS: CompoundSelect[str, str, str] = union_all(
    PREFERENCES.selects[0], PREFERENCES.selects[1],
    select(literal("version"), DATA_VERSION.c.name, cast(DATA_VERSION.c.version, String)),
)


async def preferences_and_versions(session: AsyncSession, user_id: str,
                                   channel_id: str) -> tuple[dict[str, tuple[str, str]], dict[str, int]]:
    """(``preferences``, data name → version) in one round trip (one to SQLite's thread, too)."""
    rows = await plain_rows(session, PREFERENCES_AND_VERSIONS, {"user_id": user_id, "channel_id": channel_id})
    found: dict[str, tuple[str, str]] = {}
    versions: dict[str, int] = {}
    for kind, first, second in rows:
        if kind == "version":
            versions[first] = int(second)
        else:
            found[kind] = (first or "", second or "")
    return found, versions


async def channel_preferences(session: AsyncSession, channel_ids: list[str]) -> dict[str, tuple[str, str]]:
    """channel id → (locale, timezone) for those of ``channel_ids`` that have a profile, in one query."""
    if not channel_ids:
        return {}
    rows = await session.execute(select(ChannelProfile.channel_id, ChannelProfile.locale, ChannelProfile.timezone)
                                 .where(ChannelProfile.channel_id.in_(sorted(set(channel_ids)))))
    return {channel: (locale or "", tz or "") for channel, locale, tz in rows}
