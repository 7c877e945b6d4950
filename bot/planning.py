"""Planning: which posts fall due in a window of time, as occurrence rows to create.

Every source — reminders, observance subscriptions, digest subscriptions, calendar
events, action items — is turned into ``Planned`` occurrences with a unique key
(what, where, when). Planning the same window twice, or in two processes at once,
creates each occurrence once. Posts missed for longer than the grace period are
folded into one occurrence per source (the latest, with a count), so a long downtime
never turns into a flood.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from bot import community, recurrence
from bot.settings import Settings
from storage import actions, campaigns, events, members, observances, polls, profiles, reminders, subscriptions
from storage.models import IntroPair, Precision
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


async def plan(session: AsyncSession, settings: Settings, *, start: datetime, end: datetime,
               now: datetime) -> list[Planned]:
    """Everything due in [start, end], with long-missed posts folded per source."""
    zones = Zones(session, settings.bot.timezone)
    found: list[Planned] = []
    found += await plan_reminders(session, start, end)
    found += await plan_observances(session, settings, zones, start, end)
    found += await plan_digests(session, zones, start, end)
    found += await plan_events(session, settings, zones, start, end)
    found += await plan_nudges(session, settings, zones, start, end)
    found += await plan_campaigns(session, settings, zones, start, end)
    found += await plan_polls(session, start, end)
    found += await plan_follow_ups(session, start, end)
    found += await plan_introductions(session, settings, start, end)
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
async def plan_reminders(session: AsyncSession, start: datetime, end: datetime) -> list[Planned]:
    found = []
    for reminder in await reminders.active(session, since=start, until=end):
        for moment in recurrence.moments(reminder.first_at, reminder.recurrence, reminder.timezone, start, end):
            if moment < reminder.created_at - timedelta(minutes=1):
                continue
            found.append(Planned(
                key=occurrence_key("reminder", reminder.ref, reminder.channel_id, stamp(moment)),
                kind="reminder", ref=reminder.ref, platform=reminder.platform, channel_id=reminder.channel_id,
                thread_id=reminder.thread_id, due_at=moment,
            ))
    return found


def _days(start: datetime, end: datetime, tz: str) -> list[date]:
    zone = ZoneInfo(tz)
    first, last = start.astimezone(zone).date() - timedelta(days=1), end.astimezone(zone).date() + timedelta(days=1)
    return [first + timedelta(days=i) for i in range((last - first).days + 1)]


def _clock(value: str) -> time:
    hour, minute = value.split(":")
    return time(int(hour), int(minute))


async def plan_follow_ups(session: AsyncSession, start: datetime, end: datetime) -> list[Planned]:
    """A few days after someone was greeted, a reminder to fill in a profile (it says nothing if they have)."""
    return [Planned(key=occurrence_key("follow_up", g.channel_id, g.user_id), kind="follow_up", ref=g.user_id,
                    platform=g.platform, channel_id=g.channel_id, due_at=g.follow_up_at, detail={"user": g.user_id})
            for g in await members.greetings_due(session, start, end) if g.follow_up_at is not None]


async def plan_introductions(session: AsyncSession, settings: Settings, start: datetime,
                             end: datetime) -> list[Planned]:
    """Each month on ``[community] intro_day``, at the notice time: the members of each workspace who
    joined the introductions are paired (once: the pairs are stored, and a second process finds them
    made), and each pair gets one direct message."""
    day = settings.community.intro_day
    if not day:
        return []
    tz = ZoneInfo(settings.bot.timezone)
    at = _clock(settings.scheduler.notice_time)
    found = []
    for first_of_month in sorted({start.astimezone(tz).date().replace(day=1), end.astimezone(tz).date().replace(day=1)}):
        moment = recurrence.local_moment(first_of_month.replace(day=day), at, settings.bot.timezone)
        if not start <= moment <= end:
            continue
        round_ = f"{moment:%Y-%m}"
        for workspace in await members.workspaces_with_intros(session):
            for pair in await _round_pairs(session, workspace, round_, moment):
                platform = workspace.partition(":")[0]
                natives = [u.partition(":")[2] for u in (pair.first, pair.second)]
                found.append(Planned(
                    key=occurrence_key("intro", round_, pair.first, pair.second), kind="intro", ref=f"I{pair.id}",
                    platform=platform, channel_id=f"{platform}:dm:{','.join(natives)}", due_at=moment,
                    detail={"pair": pair.id}))
    return found


async def _round_pairs(session: AsyncSession, workspace: str, round_: str, moment: datetime) -> list[IntroPair]:
    existing = await members.pairs_of_round(session, round_, workspace)
    if existing:
        return existing
    joined = [p for p in await members.in_workspace(session, workspace) if p.intros == "joined"]
    previous = await members.last_round(session, workspace, round_)
    last = await members.pairs_of_round(session, previous, workspace) if previous else []
    partners = {p.first: p.second for p in last} | {p.second: p.first for p in last}
    carried = [p.user_id for p in joined if previous and p.user_id not in partners]
    pairs, _left = community.pair_members(
        [community.Member(p.user_id, p.organisation, tuple(p.countries), tuple(p.themes), tuple(p.languages))
         for p in joined], seed=f"{workspace}:{round_}", last_partners=partners, carried=carried)
    made = [IntroPair(round=round_, workspace=workspace, first=a, second=b, created_at=moment) for a, b in pairs]
    try:
        async with session.begin_nested():  # another process making the same round at once: its pairs stand
            session.add_all(made)
    except IntegrityError:
        return await members.pairs_of_round(session, round_, workspace)
    return made


async def plan_polls(session: AsyncSession, start: datetime, end: datetime) -> list[Planned]:
    """A poll's results, posted once at its closing time."""
    return [Planned(key=occurrence_key("poll", poll.ref, "close", stamp(poll.closes_at)), kind="poll", ref=poll.ref,
                    platform=poll.platform, channel_id=poll.channel_id, due_at=poll.closes_at, detail={})
            for poll in await polls.closing_between(session, start, end)
            if poll.closes_at is not None and poll.closed_at is None]


async def plan_campaigns(session: AsyncSession, settings: Settings, zones: Zones, start: datetime,
                         end: datetime) -> list[Planned]:
    """A campaign's calls for highlights at its lead times, and its compiled post on the day, each at
    the conversation's notice time."""
    found = []
    at = _clock(settings.scheduler.notice_time)
    for campaign in await campaigns.between(session, start.date() - timedelta(days=1), end.date() + timedelta(days=62)):
        await zones.load({campaign.channel_id})
        tz = zones[campaign.channel_id]
        for lead in sorted({int(n) for n in campaign.lead_days} | {0}, reverse=True):
            moment = recurrence.local_moment(campaign.day - timedelta(days=lead), at, tz)
            if not start <= moment <= end or moment < campaign.created_at - timedelta(minutes=1):
                continue
            stage = "post" if lead == 0 else "call"
            found.append(Planned(
                key=occurrence_key("campaign", campaign.ref, stage, f"{lead}d", stamp(moment)),
                kind="campaign", ref=campaign.ref, platform=campaign.platform, channel_id=campaign.channel_id,
                due_at=moment, detail={"stage": stage, "lead_days": lead},
            ))
    return found


async def plan_observances(session: AsyncSession, settings: Settings, zones: Zones, start: datetime,
                           end: datetime) -> list[Planned]:
    subs = await subscriptions.of_kind(session, subscriptions.OBSERVANCE)
    if not subs:
        return []
    await zones.load({s.channel_id for s in subs})
    days = {o.key: o for o in await observances.all_observances(session)}
    found = []
    for sub in subs:
        tz = zones[sub.channel_id]
        chosen = list(days.values()) if sub.ref == subscriptions.ALL else [days[sub.ref]] if sub.ref in days else []
        leads = sub.lead_days or settings.scheduler.observance_lead_days
        at = _clock(sub.time_of_day or settings.scheduler.notice_time)
        window_days = _days(start, end, tz)
        for observance in chosen:
            for lead in sorted(set(leads)):
                for day in window_days:
                    target = day + timedelta(days=lead)
                    if (target.month, target.day) != (observance.month, observance.day):
                        continue
                    moment = recurrence.local_moment(day, at, tz)
                    if not start <= moment <= end or moment < sub.created_at - timedelta(minutes=1):
                        continue
                    found.append(Planned(
                        key=occurrence_key("observance", observance.key, f"{lead}d", sub.channel_id, stamp(moment)),
                        kind="observance", ref=observance.key, platform=sub.platform, channel_id=sub.channel_id,
                        due_at=moment, detail={"lead_days": lead, "date": target.isoformat()},
                    ))
    return found


async def plan_digests(session: AsyncSession, zones: Zones, start: datetime, end: datetime) -> list[Planned]:
    subs = await subscriptions.of_kind(session, subscriptions.DIGEST)
    await zones.load({s.channel_id for s in subs})
    found = []
    for sub in subs:
        tz = zones[sub.channel_id]
        for day in _days(start, end, tz):
            if day.weekday() != sub.weekday:
                continue
            moment = recurrence.local_moment(day, _clock(sub.time_of_day), tz)
            if start <= moment <= end and moment >= sub.created_at - timedelta(minutes=1):
                found.append(Planned(
                    key=occurrence_key("digest", sub.channel_id, stamp(moment)), kind="digest",
                    ref=f"D{sub.id}", platform=sub.platform, channel_id=sub.channel_id, due_at=moment,
                ))
    return found


async def plan_events(session: AsyncSession, settings: Settings, zones: Zones, start: datetime,
                      end: datetime) -> list[Planned]:
    lead = timedelta(hours=settings.scheduler.event_lead_hours)
    lead_days = max(1, -(-settings.scheduler.event_lead_hours // 24))
    first_day = (start - timedelta(days=2)).date()
    last_day = (end + lead + timedelta(days=lead_days + 2)).date()
    found_events = await events.posted_starting(session, first_day, last_day)
    await zones.load({e.channel_id for e in found_events})
    found = []
    for event in found_events:
        if event.precision != Precision.DAY:
            continue
        tz = zones[event.channel_id]
        if event.start_at is not None:
            moment, begins = event.start_at - lead, event.start_at
        else:
            moment = recurrence.local_moment(event.starts_on - timedelta(days=lead_days),
                                             _clock(settings.scheduler.notice_time), tz)
            begins = recurrence.local_moment(event.starts_on, time(0), tz)
        if not start <= moment <= end or moment < event.created_at - timedelta(minutes=1) or moment >= begins:
            continue
        found.append(Planned(
            key=occurrence_key("event", event.ref, event.channel_id, stamp(moment)), kind="event", ref=event.ref,
            platform=platform_of(event.channel_id, event.created_platform), channel_id=event.channel_id,
            due_at=moment,
        ))
    return found


async def plan_nudges(session: AsyncSession, settings: Settings, zones: Zones, start: datetime,
                      end: datetime) -> list[Planned]:
    before = sorted(set(settings.scheduler.nudge_days_before))
    if not before and not settings.scheduler.nudge_overdue:
        return []
    first_day = (start - timedelta(days=3)).date()
    last_day = (end + timedelta(days=max(before, default=0) + 3)).date()
    items = await actions.open_from_a_channel_due(session, first_day, last_day)
    await zones.load({i.created_channel for i in items})
    found = []
    at = _clock(settings.scheduler.notice_time)
    for item in items:
        if item.due_precision != Precision.DAY or not any(o.is_person for o in item.owners):
            continue
        assert item.due_date is not None  # only items with a due date are read
        tz = zones[item.created_channel]
        stages = [(f"before{d}", item.due_date - timedelta(days=d)) for d in before]
        if settings.scheduler.nudge_overdue:
            stages.append(("overdue", item.due_date + timedelta(days=1)))
        for stage, day in stages:
            moment = recurrence.local_moment(day, at, tz)
            if not start <= moment <= end or moment < item.created_at - timedelta(minutes=1):
                continue
            # once per item and stage, whatever later edits do to the due date
            found.append(Planned(
                key=occurrence_key("nudge", item.ref, stage, item.created_channel), kind="nudge", ref=item.ref,
                platform=platform_of(item.created_channel, item.created_platform), channel_id=item.created_channel,
                due_at=moment, detail={"stage": stage, "due": item.due_date.isoformat()},
            ))
    return found


__all__ = ["plan", "occurrence_key", "stamp", "Zones"]
