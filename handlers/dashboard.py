"""!dashboard link / revoke, !pathfinder timeline: the community's progress as a page and a picture."""

from __future__ import annotations

import asyncio
import calendar
import secrets
from collections import defaultdict
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.dashboard import CountryLine, DashboardView, DatedLine, GroupLine, RegionBlock, TimelineRow, chart
from bot.errors import UsageError
from bot.i18n import N_, Translator
from bot.messages import Attachment, Reply, Tone, Visibility, rich
from bot.router import command, Family
from handlers.common import group_name, require
from handlers.pathfinder import STATUS_LABELS, country_name_in, workshop_text_in
from storage import actions, events, groups, observances, pathfinders, subscriptions
from storage.models import ActionItem, PathfinderStatus, Precision
from storage.profiles import UserProfile
from storage.subscriptions import Subscription

EVENTS_SHOWN = 8
OBSERVANCES_SHOWN = 6
UPDATES_SHOWN = 6
ITEMS_SHOWN = 10
PLANNED = (PathfinderStatus.INTERESTED, PathfinderStatus.WORKSHOP_PLANNED)
LANGUAGE_NAMES = {"en": "English", "fr": "Français", "es": "Español"}


def dashboard_url(ctx: Context, token: str) -> str:
    base = ctx.settings.web.base_url.rstrip("/") or f"http://{ctx.settings.web.host}:{ctx.settings.web.port}"
    return f"{base}/dashboard/{token}"


# what the page and the picture show ------------------------------------------------------------------------
async def timeline_rows(session: AsyncSession, tr: Translator) -> list[TimelineRow]:
    rows = []
    for country in await pathfinders.all_countries(session, details=False):
        if country.workshop_start is None:
            continue
        end = country.workshop_end or country.workshop_start
        if country.workshop_precision == Precision.MONTH:
            end = country.workshop_start.replace(day=calendar.monthrange(country.workshop_start.year,
                                                                         country.workshop_start.month)[1])
        rows.append(TimelineRow(
            label=country_name_in(tr, country), start=country.workshop_start, end=end,
            held=PathfinderStatus(country.status) not in PLANNED,
            tentative=country.workshop_tbc or country.workshop_precision == Precision.MONTH,
            when=workshop_text_in(tr, country), status=tr.t(STATUS_LABELS[PathfinderStatus(country.status)])))
    return sorted(rows, key=lambda r: (r.start, r.label))


def timeline_words(tr: Translator) -> dict[str, str]:
    return {"title": tr.t("Pathfinder country workshops"), "held_label": tr.t("workshop held"),
            "planned_label": tr.t("workshop planned"), "empty_label": tr.t("No workshop dates are recorded.")}


async def timeline_picture(session: AsyncSession, tr: Translator) -> Attachment:
    """The timeline as a PNG attachment with its text alternative (drawn in a worker thread)."""
    rows = await timeline_rows(session, tr)
    words = timeline_words(tr)
    png = await asyncio.to_thread(chart.timeline_png, rows, locale=tr.babel_locale, **words)
    return Attachment("pathfinder-timeline.png", png, "image/png",
                      alt_text=chart.alt_text(rows, title=words["title"], empty_label=words["empty_label"]),
                      size=chart.size_for(len(rows)))


async def _owner_words(session: AsyncSession, tr: Translator, item: ActionItem, show_people: bool) -> str:
    names = []
    for owner in item.owners:
        if not owner.is_person:
            names.append(owner.owner)
        elif show_people:
            profile = await session.get(UserProfile, owner.owner)
            names.append(profile.display_name if profile and profile.display_name else tr.t("a member"))
    if not names and any(o.is_person for o in item.owners):
        names.append(tr.t("a member"))
    return ", ".join(dict.fromkeys(names))


async def collect(session: AsyncSession, tr: Translator, today: date, *, show_people: bool) -> DashboardView:
    countries = await pathfinders.all_countries(session, details=False)
    counts = {status: 0 for status in PathfinderStatus}
    by_region: dict[str, list[CountryLine]] = defaultdict(list)
    for country in sorted(countries, key=lambda c: country_name_in(tr, c)):
        status = PathfinderStatus(country.status)
        counts[status] += 1
        by_region[country.region or "—"].append(CountryLine(
            name=country_name_in(tr, country), status=tr.t(STATUS_LABELS[status]), status_key=status.value,
            workshop=workshop_text_in(tr, country)))
    regions = tuple(RegionBlock(tr.t(region), tuple(lines)) for region, lines in
                    sorted(by_region.items(), key=lambda kv: tr.t(kv[0])))

    upcoming = await events.find(session, events.between(today, None).limit(EVENTS_SHOWN))
    event_lines = tuple(DatedLine(
        when=tr.span(e.starts_on, e.ends_on, e.precision), iso=e.starts_on.isoformat(), text=e.title,
        note=" · ".join(x for x in (e.place, tr.t("to be confirmed") if e.tentative else "") if x))
        for e in upcoming)

    days = sorted(((o.next_on_or_after(today), o) for o in await observances.all_observances(session)),
                  key=lambda pair: (pair[0], pair[1].key))[:OBSERVANCES_SHOWN]
    day_lines = tuple(DatedLine(when=tr.day(when), iso=when.isoformat(), text=o.name_in(tr.lang)) for when, o in days)

    all_groups = {g.id: g for g in await groups.all_groups(session)}
    open_items = await actions.find(session, actions.ItemQuery())
    per_group: dict[int | None, list[ActionItem]] = defaultdict(list)
    for item in open_items:
        per_group[item.group_id].append(item)
    group_lines = []
    for group_id, items in sorted(per_group.items(), key=lambda kv: (kv[0] is None, group_name(
            all_groups.get(kv[0]) if kv[0] is not None else None, tr.lang))):
        lines: list[DatedLine] = []
        overdue = 0
        for item in items:
            late = item.is_overdue(today)
            overdue += late
            if len(lines) < ITEMS_SHOWN:
                owners = await _owner_words(session, tr, item, show_people)
                lines.append(DatedLine(
                    when=tr.span(item.due_date, None, item.due_precision) if item.due_date else "",
                    iso=item.due_date.isoformat() if item.due_date else "",
                    text=f"{item.ref} {item.text}" + (f" ({owners})" if owners else ""),
                    note=tr.t("overdue") if late else ""))
        name = group_name(all_groups.get(group_id), tr.lang) if group_id is not None else tr.t("No action group")
        group_lines.append(GroupLine(name=name, open=len(items), overdue=overdue, items=tuple(lines)))

    names = {c.id: country_name_in(tr, c) for c in countries}
    latest = await pathfinders.latest_updates(session, UPDATES_SHOWN)
    update_lines = tuple(DatedLine(when=tr.span(u.date, None, u.date_precision), iso=u.date.isoformat(),
                                   text=u.text, note=names.get(u.country_id, "")) for u in latest)
    rows = await timeline_rows(session, tr)
    words = timeline_words(tr)
    width, height = chart.size_for(len(rows))
    return DashboardView(
        lang=tr.lang, today=tr.day(today),
        status_counts=tuple((s.value, tr.t(STATUS_LABELS[s]), counts[s]) for s in PathfinderStatus),
        regions=regions, timeline=tuple(rows), events=event_lines, observances=day_lines,
        groups=tuple(group_lines), updates=update_lines,
        labels=page_words(tr, today) | {
            "timeline_alt": chart.alt_text(rows, title=words["title"], empty_label=words["empty_label"]),
            "timeline_width": str(width), "timeline_height": str(height)})


def page_words(tr: Translator, today: date) -> dict[str, str]:
    t = tr.t
    return {
        "title": t("Alliance 8.7 community dashboard"), "skip": t("Skip to the content"),
        "asof": t("As of {day}. Read-only; the bot keeps it up to date.", day=tr.day(today)),
        "languages": t("Language"), "pathfinders": t("Pathfinder countries"),
        "road_intro": t("From interest to an adopted action plan: how many countries are at each step."),
        "by_region": t("By region"), "timeline": t("Pathfinder country workshops"),
        "timeline_caption": t("Filled circles: workshops held; open diamonds: workshops planned."),
        "timeline_table": t("The timeline as a table"), "country": t("Country"), "workshop": t("Workshop"),
        "status": t("Status"), "events": t("Upcoming events"), "date": t("Date"), "event": t("Event"),
        "no_events": t("No upcoming events."), "observances": t("International days"), "day": t("Day"),
        "actions": t("Open action items by action group"), "group": t("Action group"), "open": t("open"),
        "overdue": t("overdue"), "updates": t("Latest pathfinder updates"), "no_updates": t("No updates yet."),
        "ical": t("The calendar (iCalendar)"),
        "footer": t("Alliance 8.7: ending forced labour, modern slavery, human trafficking and child labour."),
    }


# commands ---------------------------------------------------------------------------------------------------
HELP_POSITION = 150  # where these commands come in !help
DASHBOARD_FAMILY = Family("dashboard", N_("The dashboard page: a private link to it, or ending the links (admins)"))


@command("dashboard", "link", usage="link", summary=N_("A private link to the dashboard page (admins)"),
                mutating=True)
async def link(ctx: Context, args: str) -> Reply:
    require(ctx, ctx.is_admin, action="dashboard.link", subject=subscriptions.DASHBOARD,
            message=ctx.t("Only an admin can make a dashboard link."))
    if args.strip():
        raise UsageError(ctx.t('"{word}" is not something dashboard link can do.', word=args.strip()),
                         usage="dashboard link")
    token = secrets.token_urlsafe(24)
    ctx.session.add(Subscription(kind=subscriptions.DASHBOARD, platform=ctx.incoming.platform, channel_id=ctx.incoming.channel_id,
                                 ref=f"link-{secrets.token_hex(8)}", token=subscriptions.hash_token(token),
                                 created_by=ctx.user, created_at=ctx.now))
    ctx.audit("dashboard.link", ctx.incoming.channel_id)
    body = [rich(ctx.t("A private link to the dashboard (anyone with it can read the page; keep it within the "
                       "workspace):")), rich(dashboard_url(ctx, token))]
    if not ctx.settings.web.enabled:
        body.append(rich(ctx.t("The web endpoint is switched off in the configuration, so the address does not "
                               "answer yet.")))
    body.append(rich(ctx.t("{command} revoke ends every dashboard link of this workspace.", command=ctx.label("dashboard"))))
    return Reply(body=tuple(body), visibility=Visibility.PRIVATE)


@command("dashboard", "revoke", usage="revoke", summary=N_("End the dashboard links (admins)"),
                mutating=True)
async def revoke(ctx: Context, args: str) -> Reply:
    require(ctx, ctx.is_admin, action="dashboard.revoke", subject=subscriptions.DASHBOARD,
            message=ctx.t("Only an admin can end dashboard links."))
    links = [s for s in await subscriptions.of_kind(ctx.session, subscriptions.DASHBOARD)
             if s.platform == ctx.incoming.platform]
    for found in links:
        await ctx.session.delete(found)
    ctx.audit("dashboard.revoke", ctx.incoming.channel_id, links=len(links))
    text = ctx.tn("{n} dashboard link ended; it no longer opens the page.",
                  "{n} dashboard links ended; they no longer open the page.", len(links))
    return Reply(body=(rich(text),), tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)


@command("pathfinder", "timeline", usage="timeline",
                summary=N_("The pathfinder workshops as a picture"))
async def timeline(ctx: Context, args: str) -> Reply:
    picture = await timeline_picture(ctx.session, ctx.tr)
    return Reply(body=(rich(ctx.t("The pathfinder country workshops, held and planned.")),), attachment=picture)
