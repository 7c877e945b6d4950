"""Posts the scheduler makes about calendar events and action items."""

from __future__ import annotations

import dataclasses

from bot.context import Context
from bot.router import posts
from bot.messages import Mention, Reply, rich
from handlers import actions as action_handlers
from handlers import events as event_handlers
from storage import actions, events
from storage.models import ActionItemStatus, Occurrence


@posts("event")
async def render_event(ctx: Context, occurrence: Occurrence) -> Reply | None:
    event = await events.get(ctx.session, int(occurrence.ref.lstrip("E")))
    if event is None or event.starts_on < ctx.today:
        return None
    headline = ctx.t("Coming up: {title}, {when}.", title=event.title, when=event_handlers.when_text(ctx, event))
    reply = event_handlers.card(ctx, event, headline)
    return dataclasses.replace(reply, title=ctx.t("Coming up: {title}", title=event.title))


@posts("nudge")
async def render_nudge(ctx: Context, occurrence: Occurrence) -> Reply | None:
    item = await actions.get(ctx.session, int(occurrence.ref.lstrip("A")))
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
