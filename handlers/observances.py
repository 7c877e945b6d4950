"""!observance: international days, which ones this conversation hears about, and custom days."""

from __future__ import annotations

import re
from datetime import date, timedelta

from bot.context import Context
from bot.i18n import N_
from bot.errors import NotFound, UsageError
from bot.matching import NameIndex, fold
from bot.messages import Field, Link, ListItem, Reply, Subject, Tone, rich
from bot.recurrence import MONTH_DAYS, MONTHS
from bot.router import command, Family, posts
from handlers.common import check_length, check_link, require, split_options
from storage import occurrences, observances, subscriptions
from storage.models import Observance
from storage.occurrences import Claimed, Planned
from storage.subscriptions import Subscription
from bot.planning import clock_time, days_around, occurrence_key, plans, stamp, Window
from bot import recurrence

SUBSCRIBE_USAGE = "subscribe all|<day> [lead <days before, …>]"
ADD_USAGE = "add <day month> <name> [link <url>] [about <text>]"
ALL_WORDS = ("all", "tous", "toutes", "todos", "todas")
_DAY_MONTH = re.compile(r"^(\d{1,2})\s+([^\W\d_]{3,})\.?\s+(.+)$|^([^\W\d_]{3,})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(.+)$")


def index(found: list[Observance]) -> NameIndex[str]:
    return NameIndex((o.key, o.name, [o.key, o.name_fr, o.name_es]) for o in found)


async def find(ctx: Context, text: str) -> Observance:
    found = await observances.all_observances(ctx.session)
    match = index(found).exact(text)
    if match is None:  # a misspelling of a whole name, or a distinctive part of one ("child labour")
        query = fold(text)
        names = {fold(n): o.key for o in found for n in (o.name, o.name_fr, o.name_es, o.key) if n}
        from rapidfuzz import fuzz, process  # on first use: it costs a start 4 MiB

        hit = process.extractOne(query, list(names), scorer=fuzz.ratio, score_cutoff=85)
        containing = {key for name, key in names.items() if len(query) >= 8 and query in name}
        key = names[hit[0]] if hit else (containing.pop() if len(containing) == 1 else None)
        match = index(found).exact(next(o.name for o in found if o.key == key)) if key else None
    if match is None:
        raise NotFound(ctx.t('There is no observance called "{name}".', name=text.strip()),
                       suggestions=[f"observance subscribe {s}" for s in index(found).suggestions(text)],
                       usage="observance list")
    return next(o for o in found if o.key == match.key)


def read_leads(ctx: Context, text: str) -> list[int]:
    values = [v for v in re.split(r"[,\s]+|\band\b", text) if v]
    if not values or not all(v.isdigit() and int(v) <= 60 for v in values):
        raise UsageError(ctx.t('"{text}" is not a list of days before (0 to 60).', text=text),
                         usage="observance subscribe", examples="lead 7, 0")
    return sorted({int(v) for v in values}, reverse=True)


HELP_POSITION = 60  # where these commands come in !help
OBSERVANCE_FAMILY = Family("observance", N_("International days and their reminders"), when_empty="list",
              aliases={"ls": "list", "sub": "subscribe", "unsub": "unsubscribe"})


@command("observance", "list", usage="list",
                summary=N_("International days, and which ones this conversation follows"))
async def list_(ctx: Context, args: str) -> Reply:
    subs = {s.ref: s for s in await subscriptions.for_channel(ctx.session, subscriptions.OBSERVANCE,
                                                                ctx.incoming.channel_id)}
    found = sorted(await observances.all_observances(ctx.session), key=lambda o: o.next_on_or_after(ctx.today))
    items = []
    for o in found:
        followed = subscriptions.ALL in subs or o.key in subs
        detail = [ctx.tr.day(o.next_on_or_after(ctx.today))]
        if followed:
            detail.append(" · " + ctx.t("followed here"))
        items.append(ListItem(rich(o.name_in(ctx.lang)), rich(*detail)))
    return Reply(title=ctx.t("International days"), items=tuple(items),
                 footer=ctx.t("Follow them with {command} subscribe all.", command=ctx.label("observance")))


@command("observance", "subscribe", usage=SUBSCRIBE_USAGE, summary=N_("Hear about a day (or all) here"),
                mutating=True)
async def subscribe(ctx: Context, args: str) -> Reply:
    name, options = split_options(ctx, args, ("lead",))
    if not name:
        raise UsageError(ctx.t("Which day? Say all or name one."), usage="observance subscribe",
                         examples="!observance subscribe World Day Against Child Labour lead 7, 0")
    leads = read_leads(ctx, options["lead"]) if "lead" in options else list(ctx.settings.scheduler.observance_lead_days)
    ref, label = subscriptions.ALL, ctx.t("all international days")
    if fold(name) not in ALL_WORDS:
        observance = await find(ctx, name)
        ref, label = observance.key, observance.name_in(ctx.lang)
    sub = await subscriptions.find(ctx.session, subscriptions.OBSERVANCE, ctx.incoming.channel_id, ref)
    if sub is None:
        sub = Subscription(kind=subscriptions.OBSERVANCE, platform=ctx.incoming.platform,
                           channel_id=ctx.incoming.channel_id, ref=ref, created_by=ctx.user, created_at=ctx.now,
                           time_of_day=ctx.settings.scheduler.notice_time)
        ctx.session.add(sub)
    sub.lead_days = leads
    ctx.audit("observance.subscribe", ref, lead_days=leads)
    when = ", ".join(ctx.t("on the day") if d == 0 else ctx.tn("{n} day before", "{n} days before", d) for d in leads)
    return Reply(body=(rich(ctx.t("This conversation now hears about {what}: {when}.", what=label, when=when)),),
                 tone=Tone.SUCCESS)


@command("observance", "unsubscribe", usage="unsubscribe all|<day>", summary=N_("Stop hearing about a day"),
                mutating=True)
async def unsubscribe(ctx: Context, args: str) -> Reply:
    channel = ctx.incoming.channel_id
    current = await subscriptions.for_channel(ctx.session, subscriptions.OBSERVANCE, channel)
    if fold(args) in ALL_WORDS or not args.strip():
        dropped, label = current, ctx.t("all international days")
        refs = [o.key for o in await observances.all_observances(ctx.session)]
    else:
        observance = await find(ctx, args)
        label, refs = observance.name_in(ctx.lang), [observance.key]
        dropped = [s for s in current if s.ref == observance.key]
        everything = next((s for s in current if s.ref == subscriptions.ALL), None)
        if everything is not None:  # "all but this one": keep the others one by one
            dropped.append(everything)
            have = {s.ref for s in current}
            for other in await observances.all_observances(ctx.session):
                if other.key != observance.key and other.key not in have:
                    ctx.session.add(Subscription(
                        kind=subscriptions.OBSERVANCE, platform=everything.platform, channel_id=channel,
                        ref=other.key, lead_days=everything.lead_days, time_of_day=everything.time_of_day,
                        created_by=ctx.user, created_at=everything.created_at))
    if not dropped:
        raise UsageError(ctx.t("This conversation does not follow {what}.", what=label), usage="observance list")
    for sub in dropped:
        await ctx.session.delete(sub)
    await ctx.session.flush()
    for ref in refs:
        await occurrences.skip_pending(ctx.session, kind="observance", ref=ref, channel_id=channel,
                                       reason="unsubscribed")
    ctx.audit("observance.unsubscribe", args.strip() or "all")
    return Reply(body=(rich(ctx.t("This conversation no longer hears about {what}.", what=label)),),
                 tone=Tone.SUCCESS)


@command("observance", "add", usage=ADD_USAGE, summary=N_("Add a custom day (admins)"), mutating=True)
async def add(ctx: Context, args: str) -> Reply:
    require(ctx, ctx.is_admin, action="observance.add", subject="observance",
            message=ctx.t("Only an admin can add international days."))
    head, options = split_options(ctx, args, ("link", "about"))
    match = _DAY_MONTH.match(head.strip())
    if not match:
        raise UsageError(ctx.t("Please start with the day and month."), usage="observance add",
                         examples="!observance add 30 July World Day against Trafficking in Persons")
    day_text, month_text, name = (match.group(1), match.group(2), match.group(3)) if match.group(1) else (
        match.group(5), match.group(4), match.group(6))
    month = MONTHS.get(month_text.lower()[:3])
    day = int(day_text)
    if month is None or not 1 <= day <= MONTH_DAYS[month]:
        raise UsageError(ctx.t('"{day} {month}" is not a day of the year.', day=day_text, month=month_text),
                         usage="observance add", examples="12 June, 29 February")
    name = check_length(ctx, name, ctx.t("name"))
    key = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")[:90] or "day"
    if await observances.by_key(ctx.session, key):
        raise UsageError(ctx.t('There is already a day called "{name}".', name=name), usage="observance list")
    link = check_link(ctx, options.get("link", ""))
    observance = Observance(key=key, month=month, day=day, name=name, description=options.get("about", ""),
                            link=link, custom=True, created_by=ctx.user)
    ctx.session.add(observance)
    await ctx.session.flush()
    ctx.audit("observance.add", key, name=name, month=month, day=day)
    return Reply(body=(rich(ctx.t("{name} added on {date}.", name=name,
                                  date=ctx.tr.day(observance.next_on_or_after(ctx.today)))),), tone=Tone.SUCCESS)


def notice(ctx: Context, observance: Observance, day: date, lead: int) -> Reply:
    name = observance.name_in(ctx.lang)
    if lead == 0:
        headline = ctx.t("Today is {name}.", name=name)
    else:
        headline = ctx.tn("In {n} day: {name}, on {date}.", "In {n} days: {name}, on {date}.", lead, name=name,
                          date=ctx.tr.day(day))
    body = [rich(headline)]
    if described := observance.about(ctx.lang):
        body.append(rich(described))
    fields = [Field(ctx.t("Date"), rich(ctx.tr.day(day)))]
    if observance.marked_by:
        fields.append(Field(ctx.t("Marked by"), rich(observance.marked_by)))
    if observance.link:
        fields.append(Field(ctx.t("Link"), rich(Link(observance.link, observance.link))))
    return Reply(title=f"{name} · {ctx.tr.day(day)}", body=tuple(body), fields=tuple(fields),
                 subject=Subject("observance", observance.key))


@posts("observance")
async def render_occurrence(ctx: Context, occurrence: Claimed) -> Reply | None:
    observance = await observances.by_key(ctx.session, occurrence.ref)
    if observance is None:
        return None
    detail = occurrence.detail or {}
    day = date.fromisoformat(detail["date"]) if "date" in detail else observance.next_on_or_after(ctx.today)
    return notice(ctx, observance, day, int(detail.get("lead_days", 0)))


@plans
async def plan_observances(w: Window) -> list[Planned]:
    session, settings, zones, start, end = w.session, w.settings, w.zones, w.start, w.end
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
        at = clock_time(sub.time_of_day or settings.scheduler.notice_time)
        window_days = days_around(start, end, tz)
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


__all__ = ["render_occurrence"]
