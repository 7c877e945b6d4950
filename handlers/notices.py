"""Posts the scheduler makes about calendar events and action items."""

from __future__ import annotations

import dataclasses

from bot.arguments import stored_ref
from bot.context import Context
from bot.router import posts
from bot.messages import Mention, Reply, rich
from handlers import actions as action_handlers
from handlers import events as event_handlers
from storage import actions, events
from storage.models import ActionItemStatus, Precision
from storage.occurrences import Claimed, Planned
from bot.planning import clock_time, occurrence_key, plans, platform_of, stamp, Window
from bot import recurrence
from datetime import time, timedelta


@posts("event")
async def render_event(ctx: Context, occurrence: Claimed) -> Reply | None:
    event = await events.get(ctx.session, stored_ref(occurrence.ref, "E"))
    if event is None or event.starts_on < ctx.today:
        return None
    headline = ctx.t("Coming up: {title}, {when}.", title=event.title, when=event_handlers.when_text(ctx, event))
    reply = event_handlers.card(ctx, event, headline)
    return dataclasses.replace(reply, title=ctx.t("Coming up: {title}", title=event.title))


@posts("nudge")
async def render_nudge(ctx: Context, occurrence: Claimed) -> Reply | None:
    item = await actions.get(ctx.session, stored_ref(occurrence.ref, "A"))
    if item is None or item.status != ActionItemStatus.OPEN or item.due_date is None:
        return None
    due = ctx.tr.day(item.due_date)
    if (occurrence.detail or {}).get("stage") == "overdue":
        headline = ctx.t("{ref} was due {date} and is still open.", ref=item.ref, date=due)
    else:
        headline = ctx.t("{ref} is due {date}.", ref=item.ref, date=due)
    people: list = []
    for owner in item.owners:
        if owner.is_person:
            people += [Mention(owner.owner), " "]
    reply = action_handlers.card(ctx, item, headline)
    return dataclasses.replace(reply, body=(rich(*people, headline),), title=f"{item.ref} · {item.text}")


@plans
async def plan_events(w: Window) -> list[Planned]:
    session, settings, zones, start, end = w.session, w.settings, w.zones, w.start, w.end
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
                                             clock_time(settings.scheduler.notice_time), tz)
            begins = recurrence.local_moment(event.starts_on, time(0), tz)
        if not start <= moment <= end or moment < event.created_at - timedelta(minutes=1) or moment >= begins:
            continue
        found.append(Planned(
            key=occurrence_key("event", event.ref, event.channel_id, stamp(moment)), kind="event", ref=event.ref,
            platform=platform_of(event.channel_id, event.created_platform), channel_id=event.channel_id,
            due_at=moment,
        ))
    return found


@plans
async def plan_nudges(w: Window) -> list[Planned]:
    session, settings, zones, start, end = w.session, w.settings, w.zones, w.start, w.end
    before = sorted(set(settings.scheduler.nudge_days_before))
    if not before and not settings.scheduler.nudge_overdue:
        return []
    first_day = (start - timedelta(days=3)).date()
    last_day = (end + timedelta(days=max(before, default=0) + 3)).date()
    items = await actions.open_from_a_channel_due(session, first_day, last_day)
    await zones.load({i.created_channel for i in items})
    found = []
    at = clock_time(settings.scheduler.notice_time)
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
