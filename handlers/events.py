"""!event: the calendar of meetings, workshops and campaigns."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from bot.arguments import parse_ref
from bot.context import Context
from bot.i18n import N_
from bot.ical import timed_end
from bot.dates import When, read_time_phrase, strip_confirm
from bot.errors import NotFound, UsageError
from bot.forms import Form, FormField, HomeSection
from bot.messages import Field, ListItem, Moment, Reply, Subject, Tone, rich
from bot.router import command, Family, suggest
from handlers.common import (
    check_length,
    check_link,
    find_group,
    group_name,
    more_button,
    read_back,
    read_page,
    reads_as_group,
    require,
    split_options,
)
from storage import events, groups, meetings
from storage.meetings import Meeting
from storage.models import CalendarEvent, Precision


# what starts like a clock time: "25:00", "3pm", "14h30", "9.30 am"
_TIME_LIKE = re.compile(r"^\d{1,2}(?:\s*(?:am|pm|a\.m\.|p\.m\.)\b|[:h.]\d{2}\b)", re.IGNORECASE)
_GROUP_TAIL = re.compile(r"\s+group\s+(\S.*)$", re.IGNORECASE)

LIST_LIMIT = 20
ADD_USAGE = 'add <title> or "<title>" on <date or range> [at <time>] [at <place>] [group <name>] [tentative]'
_TENTATIVE = re.compile(r"\s*[\(\[]?\b(tentative|tbc|to be confirmed|provisoire|provisional)\b[\)\]]?\s*$", re.I)
EDITABLE = ("title", "date", "place", "group", "description", "link", "tentative")


def when_text(ctx: Context, event: CalendarEvent) -> str:
    from babel.dates import format_time  # when first used: babel.dates costs a start about 10 ms

    if event.start_at is not None:  # in the reader's zone (each reader's own where the platform can)
        from zoneinfo import ZoneInfo

        zone, own = ZoneInfo(ctx.tz), ZoneInfo(event.timezone or ctx.tz)  # the reader's, the event's
        at = event.start_at if event.start_at.tzinfo else event.start_at.replace(tzinfo=ZoneInfo("UTC"))
        start = at.astimezone(zone)
        text = ctx.tr.moment(start)
        last = at.astimezone(own).date()  # ends_on is a day where the event is: compare there
        if event.end_at is not None:
            until = event.end_at if event.end_at.tzinfo else event.end_at.replace(tzinfo=ZoneInfo("UTC"))
            if event.ends_on and event.ends_on > until.astimezone(own).date():
                until = timed_end(event)  # "14-15 May at 10:00-12:00": to 12:00 on the 15th, as the export says
            end = until.astimezone(zone)
            text += " – " + (ctx.tr.moment(end) if end.date() != start.date()
                               else format_time(end, "short", tzinfo=end.tzinfo, locale=ctx.tr.babel_locale))
            last = until.astimezone(own).date()
        if event.ends_on and event.ends_on != last:  # "14-15 May at 10:00(-12:00)": the last day too
            text += " – " + ctx.tr.day(event.ends_on)
        if event.end_at is None and text == ctx.tr.moment(start):
            return Moment(text, at)  # one instant: platforms that can show it in each reader's zone do
        return text
    return ctx.tr.span(event.starts_on, event.ends_on, event.precision)


def card(ctx: Context, event: CalendarEvent, headline: str | None = None) -> Reply:
    fields = [Field(ctx.t("When"), rich(when_text(ctx, event), event.tentative and " " + ctx.t("(tentative)")))]
    if event.place:
        fields.append(Field(ctx.t("Where"), rich(event.place)))
    if event.group:
        fields.append(Field(ctx.t("Group"), rich(group_name(event.group, ctx.lang))))
    if event.description:
        fields.append(Field(ctx.t("About"), rich(event.description)))
    if event.link:
        fields.append(Field(ctx.t("Link"), rich(event.link)))
    return Reply(
        title=f"{event.ref} · {event.title}",
        body=(rich(headline),) if headline else (),
        fields=tuple(fields),
        tone=Tone.SUCCESS if headline else Tone.INFO,
        subject=Subject("event", event.ref),
    )


def list_item(ctx: Context, event: CalendarEvent) -> ListItem:
    detail = [when_text(ctx, event)]
    if event.tentative:
        detail.append(" " + ctx.t("(tentative)"))
    if event.place:
        detail.append(f" · {event.place}")
    return ListItem(rich(f"{event.ref} ", event.title), rich(*detail))


def read_when(ctx: Context, date_text: str, time_text: str | None) -> When:
    date_text, confirmed = strip_confirm(date_text)
    text = f"{date_text} at {time_text}" if time_text else date_text
    return ctx.read_date(f"{text} confirm" if confirmed else text, prefer_future=True)


def split_title_and_date(ctx: Context, text: str) -> tuple[str, str]:
    """The title is before the last " on " whose date part reads as a date; a title in quotes is
    taken whole (``"Talk on trafficking" on 14 May``)."""
    quoted = re.match(r'^\s*["“«](.+?)["”»]\s+(?:on|le|el|du|del)\s+(.+)$', text, re.IGNORECASE)
    if quoted:
        return quoted.group(1).strip(), quoted.group(2).strip()
    # "du 14 au 16 avril", "del 3 al 5 de abril" start a range as "on" does, when what follows reads as a date
    positions = [(m.start(), m.end() - 1) for m in re.finditer(r"\s(?:on|le|el|du|del)\s", f" {text} ", re.IGNORECASE)]
    if not positions:
        raise UsageError(ctx.t("Please say when, after \"on\"."), usage="event add",
                         examples="!event add Supply chains workshop on 14-15 May 2019 at Abidjan")
    last_error: UsageError | None = None
    for position, end in reversed(positions):
        title, rest = text[: max(position - 1, 0)].strip(), text[end:].strip()
        date_part = re.split(r"\s(?:at|à|en|group)\s", f" {rest} ", maxsplit=1, flags=re.I)[0].strip()
        try:
            ctx.dates.read(strip_confirm(date_part)[0], tz=ctx.tz, now=ctx.now)
            return title, rest
        except UsageError as exc:
            last_error = exc
    assert last_error is not None
    raise last_error


def apply_when(event: CalendarEvent, when: When) -> None:
    event.starts_on, event.ends_on, event.precision = when.start, when.end, when.precision
    event.start_at = when.at
    event.end_at = when.end_at
    event.timezone = when.timezone if when.at else ""


HELP_POSITION = 20  # where these commands come in !help
EVENT_FAMILY = Family("event", N_("Calendar events: workshops, meetings, campaigns"), when_empty="list",
              aliases={"ls": "list", "new": "add", "rm": "delete", "remove": "delete"})
EVENT_FORM = Form(
    "event_modal", "event", "add", N_("New event"), opens_on=("add", "new"), on_home=True, step="add_event_step",
    keep_empty=("title", "date"), fields=(
        FormField("title", N_("Title"), required=True, max_length=2000),
        FormField("date", N_("Date"), "date", required=True),
        FormField("time", N_("Time"), "time"),
        FormField("place", N_("Place")),
        FormField("group", N_("Group"), "group"),
    ))
UPCOMING_AT_HOME = HomeSection("event", "list upcoming")


@command("event", "add", usage=ADD_USAGE, summary=N_("Add an event to the calendar"), mutating=True)
async def add(ctx: Context, args: str) -> Reply:
    form = ctx.incoming.form
    if isinstance(form, dict):  # filled in field by field (a Slack modal): nothing to split
        tentative = bool(form.get("tentative"))
        title, date_text = str(form.get("title", "")), str(form.get("date", ""))
        options = {k: str(form[k]) for k in ("group",) if form.get(k)}
        place_parts = [str(form.get("place") or ""), str(form.get("time") or "")]
    else:
        tentative = bool(_TENTATIVE.search(args))
        text = _TENTATIVE.sub("", args) if tentative else args
        title, rest = split_title_and_date(ctx, text)
        all_groups = await groups.all_groups(ctx.session)
        date_text, options = split_options(ctx, rest, ("at", "à", "en", "group"), repeatable=("at", "à", "en"),
                                           reads_as={"group": reads_as_group(all_groups)})
        place_parts = [p for k in ("at", "à", "en") for p in options.get(k, "").split("\n")]
        for i, part in enumerate(place_parts):  # "at 14:00 GMT+2 group migrashun": a group not recognised
            tail = _GROUP_TAIL.search(part)     # as a name still ends the time, and is then asked back
            if tail and "group" not in options and read_time_phrase(part[:tail.start()], bare_hour=True):
                place_parts[i], options["group"] = part[:tail.start()], tail.group(1)
    title = check_length(ctx, title, ctx.t("title"))
    if not title:
        raise UsageError(ctx.t("Please give the event a title."), usage="event add")
    place, time_text = "", None
    for part in filter(None, place_parts):
        if time_text is None and read_time_phrase(part, bare_hour=True):  # "3pm CET", "14:00-16:00", "noon"
            time_text = part
        elif _TIME_LIKE.match(part):  # "25:00", "3pm New York time": a time that did not read, never a place
            raise UsageError(ctx.t('I could not read "{part}" as a time (with a time zone, if any); please '
                                   'write it like 15:00 or 3pm America/New_York.', part=part), usage="event add")
        else:
            place = check_length(ctx, part, ctx.t("place"))
    when = read_when(ctx, date_text, time_text)
    group = await find_group(ctx, options["group"]) if "group" in options else None
    event = CalendarEvent(
        title=title,
        tentative=tentative,
        place=place,
        group_id=group.id if group else None,
        created_by=ctx.user,
        created_platform=ctx.incoming.platform,
        channel_id=ctx.incoming.channel_id,
        link=ctx.incoming.permalink or "",
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    apply_when(event, when)
    await events.add(ctx.session, event)
    event.group = group
    ctx.audit("event.create", event.ref, title=title)
    return read_back(ctx, card(ctx, event, ctx.t("Event {ref} added to the calendar.", ref=event.ref)), when)


@command("event", "list", usage="list [upcoming|past|<month>] [page <n>]", summary=N_("List events"))
async def list_(ctx: Context, args: str) -> Reply:
    args, options = split_options(ctx, args, ("page",))
    page = read_page(ctx, options)
    scope = args.strip().lower() or "upcoming"
    held: list[Meeting] = []  # meetings held in the period asked about (never "upcoming": they happen live)
    if scope in ("upcoming", "next", "future"):
        stmt, title = events.between(ctx.today, None), ctx.t("Upcoming events")
    elif scope in ("past", "previous"):
        stmt, title = events.between(None, ctx.today - timedelta(days=1), newest_first=True), ctx.t("Past events")
        held = await meetings.held_between(ctx.session, None, ctx.today)
    elif scope == "all":
        stmt, title = events.between(None, None), ctx.t("All events")
        held = await meetings.held_between(ctx.session, None, None)
    else:
        when = ctx.read_date(args, prefer_future=False)
        stmt = events.between(when.start, when.end)
        title = ctx.t("Events in {period}", period=ctx.tr.span(when.start, when.end, when.precision))
        held = await meetings.held_between(ctx.session, when.start, when.end + timedelta(days=1))
    skipped = (page - 1) * LIST_LIMIT
    found = await events.find(ctx.session, stmt.offset(skipped).limit(LIST_LIMIT))
    # a page that is not full ends the list: its total is known without counting
    total = skipped + len(found) if len(found) < LIST_LIMIT else await events.count(ctx.session, stmt)
    minuted = tuple(ListItem(rich(f"{m.ref} ", m.title), rich(ctx.tr.day(m.started_at.astimezone(ZoneInfo(ctx.tz))
                                                                         .date()), " · ", ctx.t("meeting")))
                    for m in held) if page == 1 else ()
    if not found and not minuted:
        return Reply(title=title, body=(rich(ctx.t("No events.")),))
    if page > 1:
        title += " · " + ctx.t("{first}–{last} of {total}", first=skipped + 1, last=skipped + len(found),
                               total=total)
    more = max(0, total - skipped - len(found))
    return Reply(
        title=title,
        items=tuple(list_item(ctx, e) for e in found) + minuted,
        more=more,
        more_hint=ctx.t("Ask for one month, e.g. event list May 2019."),
        actions=(more_button(ctx, "event list", args.strip(), page),) if more else (),
    )


async def load(ctx: Context, ref: str) -> CalendarEvent:
    event = await events.get(ctx.session, parse_ref(ctx, ref, "E"))
    if event is None:
        raise NotFound(ctx.t("There is no event {ref}.", ref=ref.strip().upper()), usage="event list")
    return event


def require_change(ctx: Context, event: CalendarEvent, action: str) -> None:
    require(ctx, ctx.is_admin or event.created_by == ctx.user, action=action, subject=event.ref,
            message=ctx.t("Only the creator or an admin can change {ref}.", ref=event.ref))


@command("event", "show", usage="show <id>", summary=N_("Show one event"))
async def show(ctx: Context, args: str) -> Reply:
    return card(ctx, await load(ctx, args))


@command("event", "edit", usage="edit <id> title|date|place|group|description|link|tentative <value>",
                summary=N_("Change an event"), mutating=True)
async def edit(ctx: Context, args: str) -> Reply:
    ref, _, rest = args.strip().partition(" ")
    event = await load(ctx, ref)
    require_change(ctx, event, "event.edit")
    field_name, _, value = rest.strip().partition(" ")
    field_name = field_name.lower()
    if field_name not in EDITABLE:
        raise UsageError(ctx.t('"{field}" is not a field of an event.', field=field_name),
                         suggestions=[f"event edit {event.ref} {f}" for f in suggest(field_name, list(EDITABLE))],
                         usage="event edit")
    value = check_length(ctx, value, field_name)
    when = None
    if field_name == "date":
        when = ctx.read_date(value)
        apply_when(event, when)
    elif field_name == "group":
        group = await find_group(ctx, value)
        event.group_id, event.group = group.id, group
    elif field_name == "tentative":
        event.tentative = value.lower() not in ("no", "false", "off", "non", "0")
    elif field_name == "link":
        event.link = check_link(ctx, value)
    elif field_name == "title" and not value:
        raise UsageError(ctx.t("Please give the event a title."), usage="event edit")
    else:
        setattr(event, field_name, value)
    event.updated_at = ctx.now
    ctx.audit("event.edit", event.ref, field=field_name, value=value)
    return read_back(ctx, card(ctx, event, ctx.t("{ref} updated.", ref=event.ref)), when)


@command("event", "delete", usage="delete <id>", summary=N_("Delete an event"), mutating=True)
async def delete(ctx: Context, args: str) -> Reply:
    event = await load(ctx, args)
    require_change(ctx, event, "event.delete")
    ref, title, seed_key = event.ref, event.title, event.seed_key
    await ctx.session.delete(event)
    ctx.audit("event.delete", ref, title=title, **({"seed_key": seed_key} if seed_key else {}))
    return Reply(body=(rich(ctx.t("{ref} deleted: {title}", ref=ref, title=title)),), tone=Tone.SUCCESS)


__all__ = ["card", "Precision"]
