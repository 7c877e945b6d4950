"""!digest: a weekly summary for a conversation — action items, events, international
days and pathfinder news — posted at the conversation's local time."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from datetime import timedelta

from bot.arguments import stored_ref
from bot.context import Context
from bot.errors import UsageError
from bot.i18n import FORMAT_LOCALE, N_, SUPPORTED
from bot.matching import fold
from bot.community import THEMES, workspace_of
from bot.messages import Field, Link, Mention, Reply, RichText, Span, Tone, label_separator, rich
from bot.dates import read_clock
from bot.recurrence import WEEKDAYS
from bot.router import command, Family, posts
from handlers.common import group_name, owner_span
from handlers.pathfinder import country_name
from storage import actions, events, meetings, members, observances, occurrences, pathfinders, resources, subscriptions
from storage.models import ActionItem
from storage.occurrences import Claimed, Planned
from storage.subscriptions import Subscription
from bot.planning import clock_time, days_around, occurrence_key, plans, stamp, Window
from bot import recurrence

SECTION_LIMIT = 8  # lines per section
EVENT_DAYS, OBSERVANCE_DAYS, UPDATE_DAYS, NEWCOMER_DAYS = 14, 30, 7, 30
SUBSCRIBE_USAGE = "subscribe [day] [time] [with chart]"
# "with chart" at the end of "digest subscribe", in the three languages
WITH_CHART = re.compile(r"\s*\b(?:with(?: the)? (?:chart|picture|timeline)|avec (?:le |un )?(?:graphique|image)"
                        r"|con (?:el |un )?(?:gr[aá]fico|imagen))\s*$", re.IGNORECASE)


def _grouped_lines(ctx: Context, items: list[ActionItem]) -> list[RichText]:
    """One line per group and set of owners, each item once: "Supply Chains — UNICEF, @ana: A3 Send the
    toolkit (due 14 May)"."""
    buckets: dict[tuple[str, tuple[str, ...]], list[ActionItem]] = defaultdict(list)
    spans: dict[str, Span] = {}
    for item in items:
        group = group_name(item.group, ctx.lang) or ctx.t("No group")
        owners = tuple(o.owner for o in (item.owners or []))
        for owner in item.owners or []:
            spans[owner.owner] = owner_span(ctx, owner.owner, owner.is_person)
        buckets[(group, owners)].append(item)
    lines = []
    for (group, owners), found in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        parts: list[Span] = [f"{group} — "]
        if not owners:
            parts.append(ctx.t("no owner"))
        for i, name in enumerate(owners):
            if i:
                parts.append(", ")
            parts.append(spans[name])
        parts.append(": ")
        for i, item in enumerate(found):
            due = ctx.tr.span(item.due_date, None, item.due_precision) if item.due_date else ""
            parts.append(("; " if i else "") + f"{item.ref} {item.text}" + (f" ({due})" if due else ""))
        lines.append(rich(*parts))
    return lines


def _section(ctx: Context, title: str, lines: list[RichText], count: int | None = None) -> list[RichText]:
    if not lines:
        return []
    shown = [rich("• ", *line) for line in lines[:SECTION_LIMIT]]
    if len(lines) > SECTION_LIMIT:
        shown.append(rich(ctx.t("… and {n} more", n=len(lines) - SECTION_LIMIT)))
    return [rich(f"{title} ({len(lines) if count is None else count})"), *shown]


async def build(ctx: Context, *, quiet: str = "line") -> Reply | None:
    today = ctx.today
    week_end = today + timedelta(days=7 - today.weekday())  # "this week" ends on Sunday
    overdue = await actions.find(ctx.session, actions.ItemQuery(overdue_on=today))
    due_soon = await actions.find(ctx.session, actions.ItemQuery(due_from=today, due_before=week_end))
    open_count = await actions.count(ctx.session, actions.ItemQuery())
    upcoming = await events.find(ctx.session, events.between(today, today + timedelta(days=EVENT_DAYS)))
    days = [(o.next_on_or_after(today), o) for o in await observances.all_observances(ctx.session)]
    days = sorted((d, o) for d, o in days if d <= today + timedelta(days=OBSERVANCE_DAYS))
    news = await pathfinders.updates_between(ctx.session, today - timedelta(days=UPDATE_DAYS), today)
    shared = await resources.find(ctx.session, resources.listing(since=ctx.now - timedelta(days=UPDATE_DAYS)))
    held = await meetings.ended_since(ctx.session, ctx.now - timedelta(days=UPDATE_DAYS))
    # members who joined the directory this month and asked to be shown, of this conversation's workspace
    workspace = workspace_of(ctx.incoming.channel_id)
    newcomers = [p for p in await members.joined_since(ctx.session, ctx.now - timedelta(days=NEWCOMER_DAYS))
                 if p.workspace == workspace]

    title = ctx.t("Weekly digest · {date}", date=ctx.tr.day(today))
    if not (overdue or due_soon or upcoming or days or news or shared or held or newcomers):
        if quiet == "skip":
            return None
        return Reply(title=title, body=(rich(ctx.t(
            "A quiet week: no action items due or overdue, no events or international days coming up, "
            "no pathfinder news.")),))
    body: list[RichText] = []
    body += _section(ctx, ctx.t("Overdue action items"), _grouped_lines(ctx, overdue), len(overdue))
    body += _section(ctx, ctx.t("Due this week"), _grouped_lines(ctx, due_soon), len(due_soon))
    body += _section(ctx, ctx.t("Events in the next {n} days", n=EVENT_DAYS), [
        rich(f"{e.ref} {e.title} — ", ctx.tr.span(e.starts_on, e.ends_on, e.precision), e.place and f" · {e.place}")
        for e in upcoming])
    body += _section(ctx, ctx.t("International days in the next {n} days", n=OBSERVANCE_DAYS), [
        rich(f"{o.name_in(ctx.lang)} — {ctx.tr.day(d)}") for d, o in days])
    body += _section(ctx, ctx.t("Pathfinder news from the last {n} days", n=UPDATE_DAYS), [
        rich(f"{country_name(ctx, country)}{label_separator(ctx.lang)}{u.text} ({ctx.tr.span(u.date, None, u.date_precision)})")
        for u, country in news])
    body += _section(ctx, ctx.t("Meetings in the last {n} days", n=UPDATE_DAYS), [
        rich(f"{m.ref} {m.title} — ", ctx.tn("{n} decision", "{n} decisions", sum(x.kind == "decision" for x in m.lines)),
             ", ", ctx.tn("{n} action", "{n} actions", sum(x.kind == "action" for x in m.lines))) for m in held])
    body += _section(ctx, ctx.t("New resources from the last {n} days", n=UPDATE_DAYS), [
        rich(f"{r.ref} ", Link(r.url, r.title)) for r in shared])
    body += _section(ctx, ctx.t("New members of the last {n} days", n=NEWCOMER_DAYS), [
        rich(Mention(p.user_id, p.display_name or None),
             (" — " + ", ".join(ctx.t(THEMES[t]) for t in p.themes if t in THEMES)) if p.themes else None)
        for p in newcomers])
    fields = (
        Field(ctx.t("Open action items"), rich(str(open_count))),
        Field(ctx.t("Overdue"), rich(str(len(overdue)))),
        Field(ctx.t("Due this week"), rich(str(len(due_soon)))),
        Field(ctx.t("Events, next {n} days", n=EVENT_DAYS), rich(str(len(upcoming)))),
        Field(ctx.t("Pathfinder updates, last {n} days", n=UPDATE_DAYS), rich(str(len(news)))),
    )
    return Reply(title=title, body=tuple(body), fields=fields,
                 footer=ctx.t("{command} unsubscribe stops these.", command=ctx.label("digest")))


def _weekday(word: str) -> int | None:
    """0 for "Monday", "mon", "lundi", "lunes" (Babel's day names in each language we speak)."""
    from babel.dates import get_day_names  # when first used: babel.dates costs a start about 10 ms

    key = word.lower().rstrip("s,")[:3]
    if key in WEEKDAYS and word.isalpha():
        return WEEKDAYS[key]
    wanted = fold(word.rstrip(",."))
    for lang in SUPPORTED:
        for width in ("wide", "abbreviated"):
            for number, name in get_day_names(width, locale=FORMAT_LOCALE[lang]).items():
                if fold(name.rstrip(".")) == wanted:
                    return number
    return None


_CONNECTORS = {"at", "a", "on", "every", "each", "le", "les", "chaque", "tous", "el", "los", "cada", "todos"}


def _read_day_and_time(ctx: Context, args: str) -> tuple[int, str]:
    day, at = ctx.settings.scheduler.digest_day, ctx.settings.scheduler.digest_time
    # "Monday 9:00", "lundi à 9h", "los lunes a las 9", "every Monday at 9am"
    words = [w for w in re.sub(r"\b(?:a las|a la)\b", " ", args, flags=re.IGNORECASE).split()
             if fold(w) not in _CONNECTORS]
    for word in words:
        weekday = _weekday(word)
        if weekday is not None:
            day = weekday
        else:
            found = read_clock(word, bare_hour=True)
            if found is None:
                raise UsageError(ctx.t('"{word}" is neither a weekday nor a time of day.', word=word),
                                 usage="digest subscribe", examples="!digest subscribe Monday 9:00")
            at = f"{found.hour:02d}:{found.minute:02d}"
    return day, at


HELP_POSITION = 70  # where these commands come in !help
DIGEST_FAMILY = Family("digest", N_("A weekly summary for this conversation"), when_empty="preview",
              aliases={"sub": "subscribe", "unsub": "unsubscribe", "show": "preview"})


@command("digest", "subscribe", usage=SUBSCRIBE_USAGE, summary=N_("Post a digest here every week"),
                mutating=True)
async def subscribe(ctx: Context, args: str) -> Reply:
    with_chart = WITH_CHART.search(args) is not None
    day, at = _read_day_and_time(ctx, WITH_CHART.sub("", args))
    channel = ctx.incoming.channel_id
    sub = await subscriptions.find(ctx.session, subscriptions.DIGEST, channel)
    if sub is None:
        sub = Subscription(kind=subscriptions.DIGEST, platform=ctx.incoming.platform, channel_id=channel,
                           created_by=ctx.user, created_at=ctx.now)
        ctx.session.add(sub)
    else:
        await ctx.session.flush()
        await occurrences.skip_pending(ctx.session, kind="digest", ref=f"D{sub.id}", reason="rescheduled")
    sub.weekday, sub.time_of_day, sub.with_chart = day, at, with_chart
    ctx.audit("digest.subscribe", channel, weekday=day, time=at, with_chart=with_chart)
    from babel.dates import get_day_names

    weekday = get_day_names("wide", locale=ctx.tr.babel_locale)[day]
    text = (ctx.t("A digest will be posted here every {day} at {time}, with the pathfinder timeline picture.",
                  day=weekday, time=at) if with_chart
            else ctx.t("A digest will be posted here every {day} at {time}.", day=weekday, time=at))
    return Reply(body=(rich(text),), tone=Tone.SUCCESS)


@command("digest", "unsubscribe", usage="unsubscribe", summary=N_("Stop the weekly digest here"),
                mutating=True)
async def unsubscribe(ctx: Context, args: str) -> Reply:
    sub = await subscriptions.find(ctx.session, subscriptions.DIGEST, ctx.incoming.channel_id)
    if sub is None:
        raise UsageError(ctx.t("No digest is posted here."), usage="digest subscribe")
    await occurrences.skip_pending(ctx.session, kind="digest", ref=f"D{sub.id}", reason="unsubscribed")
    await ctx.session.delete(sub)
    ctx.audit("digest.unsubscribe", ctx.incoming.channel_id)
    return Reply(body=(rich(ctx.t("No more digests here.")),), tone=Tone.SUCCESS)


@command("digest", "preview", usage="preview", summary=N_("Show this week's digest now"))
async def preview(ctx: Context, args: str) -> Reply:
    reply = await build(ctx, quiet="line")
    assert reply is not None
    return reply


@posts("digest")
async def render_occurrence(ctx: Context, occurrence: Claimed) -> Reply | None:
    sub = await ctx.session.get(Subscription, stored_ref(occurrence.ref, "D"))
    if sub is None:
        return None
    reply = await build(ctx, quiet=ctx.settings.scheduler.quiet_digest)
    if reply is not None and sub.with_chart:
        from handlers.dashboard import timeline_picture

        reply = replace(reply, attachment=await timeline_picture(ctx.session, ctx.tr))
    return reply


@plans
async def plan_digests(w: Window) -> list[Planned]:
    session, zones, start, end = w.session, w.zones, w.start, w.end
    subs = await subscriptions.of_kind(session, subscriptions.DIGEST)
    await zones.load({s.channel_id for s in subs})
    found = []
    for sub in subs:
        tz = zones[sub.channel_id]
        for day in days_around(start, end, tz):
            if day.weekday() != sub.weekday:
                continue
            moment = recurrence.local_moment(day, clock_time(sub.time_of_day), tz)
            if start <= moment <= end and moment >= sub.created_at - timedelta(minutes=1):
                found.append(Planned(
                    key=occurrence_key("digest", sub.channel_id, stamp(moment)), kind="digest",
                    ref=f"D{sub.id}", platform=sub.platform, channel_id=sub.channel_id, due_at=moment,
                ))
    return found


__all__ = ["build", "render_occurrence"]
