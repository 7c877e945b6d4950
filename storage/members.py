"""Member profiles, welcome texts, greetings and introductions. Functions never commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, String, Text, UniqueConstraint, delete, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage.db import dialect_dml
from storage.models import Base, utcnow


class MemberProfile(Base):
    """A member's own profile for the directory (opt-in: made by ``!profile set``, removed whole by
    ``!profile delete``). Seen only by members of the same workspace or homeserver."""

    __tablename__ = "member_profile"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)  # platform-qualified
    workspace: Mapped[str] = mapped_column(String(255), index=True)  # "slack", "matrix:example.org", "console"
    display_name: Mapped[str] = mapped_column(String(300), default="")
    organisation: Mapped[str] = mapped_column(String(200), default="")
    countries: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 3166 codes
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)  # keys of bot.community.THEMES
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)  # ISO 639-1 codes
    role: Mapped[str] = mapped_column(String(200), default="")
    about: Mapped[str] = mapped_column(Text, default="")
    in_digest: Mapped[bool] = mapped_column(default=False)  # shown among the month's new members
    intros: Mapped[str] = mapped_column(String(16), default="")  # "" | "joined" | "paused"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ChannelWelcome(Base):
    """The welcome text admins set for a conversation (``!welcome set``)."""

    __tablename__ = "channel_welcome"

    channel_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    text: Mapped[str] = mapped_column(Text, default="")
    enabled: Mapped[bool] = mapped_column(default=True)
    updated_by: Mapped[str] = mapped_column(String(255), default="")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Greeting(Base):
    """A person greeted in a conversation: the key makes it once per person per conversation, whatever
    the restarts and processes."""

    __tablename__ = "greeting"

    channel_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    greeted_at: Mapped[datetime] = mapped_column(default=utcnow)
    follow_up_at: Mapped[datetime | None] = mapped_column()  # when to remind them of the profile, if still none


class IntroPair(Base):
    """Two members introduced to each other in one round ("2026-12")."""

    __tablename__ = "intro_pair"
    __table_args__ = (UniqueConstraint("round", "first", name="uq_intro_pair_round_first"),
                      UniqueConstraint("round", "second", name="uq_intro_pair_round_second"))

    id: Mapped[int] = mapped_column(primary_key=True)
    round: Mapped[str] = mapped_column(String(16), index=True)
    workspace: Mapped[str] = mapped_column(String(255))
    first: Mapped[str] = mapped_column(String(255))
    second: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


async def profile(session: AsyncSession, user_id: str) -> MemberProfile | None:
    return await session.get(MemberProfile, user_id)


async def profile_for_update(session: AsyncSession, user_id: str, workspace: str, now: datetime) -> MemberProfile:
    found = await session.get(MemberProfile, user_id, with_for_update=True)
    if found is None:
        found = MemberProfile(user_id=user_id, workspace=workspace, display_name="", organisation="", countries=[],
                              themes=[], languages=[], role="", about="", in_digest=False, intros="",
                              created_at=now, updated_at=now)
        session.add(found)
    return found


async def delete_profile(session: AsyncSession, user_id: str) -> bool:
    result = await session.execute(delete(MemberProfile).where(MemberProfile.user_id == user_id))
    return bool(getattr(result, "rowcount", 0))


async def in_workspace(session: AsyncSession, workspace: str) -> list[MemberProfile]:
    return list(await session.scalars(
        select(MemberProfile).where(MemberProfile.workspace == workspace).order_by(MemberProfile.display_name,
                                                                                   MemberProfile.user_id)))


async def joined_since(session: AsyncSession, since: datetime) -> list[MemberProfile]:
    """Profiles made since ``since`` whose owners asked to be shown in the digest."""
    return list(await session.scalars(select(MemberProfile).where(
        MemberProfile.created_at >= since, MemberProfile.in_digest.is_(True)).order_by(MemberProfile.created_at)))


async def welcome(session: AsyncSession, channel_id: str) -> ChannelWelcome | None:
    return await session.get(ChannelWelcome, channel_id)


async def record_greeting(session: AsyncSession, greeting: Greeting) -> bool:
    """Insert the greeting unless this person was already greeted here (by any process): True when
    this call is the one that greets."""
    values = {"channel_id": greeting.channel_id, "user_id": greeting.user_id, "platform": greeting.platform,
              "greeted_at": greeting.greeted_at, "follow_up_at": greeting.follow_up_at}
    dml = dialect_dml("postgresql" if session.bind is not None and session.bind.dialect.name == "postgresql"
                      else "sqlite")
    result = await session.execute(dml.insert(Greeting).values(**values).on_conflict_do_nothing(
        index_elements=["channel_id", "user_id"]))
    return bool(getattr(result, "rowcount", 0))


async def greetings_due(session: AsyncSession, start: datetime, end: datetime) -> list[Greeting]:
    return list(await session.scalars(select(Greeting).where(
        Greeting.follow_up_at.is_not(None), Greeting.follow_up_at >= start, Greeting.follow_up_at <= end)))


async def greeting(session: AsyncSession, channel_id: str, user_id: str) -> Greeting | None:
    return await session.get(Greeting, (channel_id, user_id))


async def pairs_of_round(session: AsyncSession, round_: str, workspace: str) -> list[IntroPair]:
    return list(await session.scalars(select(IntroPair).where(IntroPair.round == round_,
                                                              IntroPair.workspace == workspace)))


async def last_round(session: AsyncSession, workspace: str, before: str) -> str | None:
    return await session.scalar(select(IntroPair.round).where(IntroPair.workspace == workspace,
                                                              IntroPair.round < before)
                                .order_by(IntroPair.round.desc()).limit(1))


async def workspaces_with_intros(session: AsyncSession) -> list[str]:
    return list(await session.scalars(select(MemberProfile.workspace).where(MemberProfile.intros == "joined")
                                      .distinct().order_by(MemberProfile.workspace)))
