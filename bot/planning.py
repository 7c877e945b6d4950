"""Planning: which posts fall due in a window of time, as occurrence rows to create.

Every source — reminders, observance subscriptions, digest subscriptions, calendar
events, action items, polls — is turned into ``Planned`` occurrences with a unique key
(what, where, when), by the planner its handler module declares with ``@plans``. Planning the same window twice, or in two processes at once,
creates each occurrence once. Posts missed for longer than the grace period are
folded into one occurrence per source (the latest, with a count), so a long downtime
never turns into a flood.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.settings import Settings
from storage import profiles
from storage.occurrences import Planned

KEY_LIMIT = 300


def occurrence_key(*parts: str) -> str:
    key = ":".join(parts)
    if len(key) <= KEY_LIMIT:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    return f"{key[: KEY_LIMIT - 33]}#{digest}"


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%MZ")


def platform_of(channel_id: str, fallback: str = "") -> str:
    return channel_id.split(":", 1)[0] if ":" in channel_id else fallback


class Zones:
    """Each channel's time zone (its profile, else the configured default), looked up once."""

    def __init__(self, session: AsyncSession, default: str) -> None:
        self.session = session
        self.default = default
        self._known: dict[str, str] = {}

    async def load(self, channel_ids: set[str]) -> None:
        missing = [c for c in channel_ids if c not in self._known]
        for channel, (_locale, tz) in (await profiles.channel_preferences(self.session, missing)).items():
            self._known[channel] = tz
        for channel in missing:
            self._known.setdefault(channel, "")

    def __getitem__(self, channel_id: str) -> str:
        zone = self._known.get(channel_id) or self.default
        try:
            ZoneInfo(zone)
        except Exception:
            return self.default
        return zone


@dataclass(frozen=True)
class Window:
    """What a planner reads: the window [start, end], the session, the settings, channels' zones."""

    session: AsyncSession
    settings: Settings
    zones: Zones
    start: datetime
    end: datetime


# a handler module's planner: the posts of its kind that fall due in a window
Planner = Callable[[Window], Awaitable[list[Planned]]]
PLANS = "plans_posts"  # the attribute ``plans`` puts on a planner
F = TypeVar("F", bound=Planner)


def plans(planner: F) -> F:
    """Declare a module-level function of a handler module as a planner (the router collects them)."""
    setattr(planner, PLANS, True)
    return planner


async def plan(session: AsyncSession, settings: Settings, *, start: datetime, end: datetime,
               now: datetime, planners: Iterable[Planner]) -> list[Planned]:
    """Everything due in [start, end] by the handler modules' planners, with long-missed posts folded
    per source."""
    window = Window(session, settings, Zones(session, settings.bot.timezone), start, end)
    found: list[Planned] = []
    for planner in planners:
        found += await planner(window)
    return fold_missed(found, stale_before=now - timedelta(seconds=settings.scheduler.grace_period_seconds))


def fold_missed(planned: list[Planned], *, stale_before: datetime) -> list[Planned]:
    """Of the posts a source missed before ``stale_before``, keep the latest, counting the rest."""
    fresh: list[Planned] = []
    stale: dict[tuple[str, str, str], list[Planned]] = defaultdict(list)
    for p in planned:
        if p.due_at < stale_before and p.kind in ("reminder", "digest"):
            stale[(p.kind, p.ref, p.channel_id)].append(p)
        else:
            fresh.append(p)
    for group in stale.values():
        group.sort(key=lambda p: p.due_at)
        latest = group[-1]
        if len(group) > 1:
            detail = dict(latest.detail or {}, missed=len(group), first_missed=stamp(group[0].due_at))
            latest = Planned(latest.key, latest.kind, latest.ref, latest.platform, latest.channel_id,
                             latest.due_at, latest.thread_id, detail)
        fresh.append(latest)
    return fresh


# ---------------------------------------------------------------------------


def days_around(start: datetime, end: datetime, tz: str) -> list[date]:
    zone = ZoneInfo(tz)
    first, last = start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date() + timedelta(days=1)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def clock_time(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


__all__ = ["plan", "plans", "occurrence_key", "stamp", "Zones", "Window"]
