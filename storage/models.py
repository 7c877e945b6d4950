"""The domain as tables: pathfinder countries, action groups, action items,
calendar events, observances, people's preferences and the audit log."""


import calendar
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator):
    """Aware datetimes stored as UTC; SQLite gives them back aware too."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime, dict[str, Any]: JSON, list[str]: JSON}


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"


class PathfinderStatus(StrEnum):
    INTERESTED = "interested"
    WORKSHOP_PLANNED = "workshop_planned"
    WORKSHOP_HELD = "workshop_held"
    ROADMAP_ADOPTED = "roadmap_adopted"
    ACTION_PLAN_ADOPTED = "action_plan_adopted"


class ActionItemStatus(StrEnum):
    OPEN = "open"
    DONE = "done"
    CANCELLED = "cancelled"


class ActionGroup(Base):
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
    # where a seeded fact comes from ("GCG4 meeting report, section II") and as of when (shown to the month);
    # empty for what people added or changed through the bot
    source: Mapped[str] = mapped_column(String(300), default="", server_default="")
    source_date: Mapped[date | None] = mapped_column(Date)


class PathfinderCountry(Base):
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
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
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


class Observance(Base):
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

    def next_on_or_after(self, today: date) -> date:
        """The next time the day comes round, today included (29 February: the next leap year)."""
        for year in range(today.year, today.year + 9):
            found = self.on(year)
            if found is not None and found >= today:
                return found
        return today  # not reached for a valid day

    def between(self, start: date, end: date) -> list[date]:
        """Each time the day falls between two dates, both included."""
        found = (self.on(year) for year in range(start.year, end.year + 1))
        return [d for d in found if d is not None and start <= d <= end]

    def name_in(self, lang: str | None) -> str:
        """The day's name in a language, the English one when it has none there."""
        return {"fr": self.name_fr, "es": self.name_es}.get(lang or "") or self.name


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
