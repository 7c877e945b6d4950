"""!remind: reminders once or on a recurrence, posted by the scheduler."""

from __future__ import annotations

from datetime import time, timedelta
from zoneinfo import ZoneInfo

from bot import planning, recurrence
from bot.arguments import parse_ref, stored_ref
from bot.context import Context
from bot.i18n import N_
from bot.errors import NotFound, UsageError
from bot.messages import Action, Field, ListItem, Mention, Moment, Reply, Subject, Tone, Visibility, rich
from bot.router import command, Family, posts, split_first
from bot.dates import Unlikely, When, strip_confirm
from handlers.common import HERE_WORDS, SELF_WORDS, check_length, parse_owner, read_back, require
from storage.models import Precision
from storage import occurrences, profiles, reminders
from storage.models import OccurrenceState, Reminder
from storage.occurrences import Claimed, Planned
from bot.planning import occurrence_key, plans, stamp, Window

SET_USAGE = "me|here|@user <when> <what>"
LIST_LIMIT = 20
SNOOZE_DEFAULT = "1h"


def default_time(ctx: Context) -> time:
    hour, minute = ctx.settings.scheduler.notice_time.split(":")
    return time(int(hour), int(minute))


def moment_text(ctx: Context, moment, tz: str | None = None) -> str:
    """When a reminder is due, in the reader's zone (the reminder's own zone is a field of its card)."""
    at = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return Moment(ctx.tr.moment(at.astimezone(ZoneInfo(ctx.tz))), at)


def next_at(reminder: Reminder, after):
    return recurrence.next_moment(reminder.first_at, reminder.recurrence, reminder.timezone, after)


async def fires_next(ctx: Context, reminder: Reminder, after):
    """When the reminder will really be posted next: a snoozed post counts, a withdrawn moment does not."""
    def utc(moment):
        return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))

    planned = await occurrences.from_source(ctx.session, kind="reminder", ref=reminder.ref, since=after)
    withdrawn = {utc(o.due_at) for o in planned if o.state == OccurrenceState.SKIPPED}
    pending = [utc(o.due_at) for o in planned if o.state == OccurrenceState.PENDING]
    moment = next_at(reminder, after)
    for _ in range(100):  # a rule's moments, past the ones withdrawn by a snooze
        if moment is None or moment not in withdrawn:
            break
        moment = next_at(reminder, moment)
    candidates = pending + ([moment] if moment is not None and moment not in withdrawn else [])
    return min(candidates) if candidates else None


def repeats(ctx: Context, reminder: Reminder) -> str:
    return recurrence.describe(reminder.recurrence, reminder.first_at, reminder.timezone, ctx.tr)


def card(ctx: Context, reminder: Reminder, headline: str) -> Reply:
    upcoming = next_at(reminder, ctx.now - timedelta(seconds=1))
    fields = [Field(ctx.t("When"), rich(moment_text(ctx, upcoming, reminder.timezone) if upcoming else ctx.t("never again")))]
    if reminder.recurrence:
        fields.append(Field(ctx.t("Repeats"), rich(repeats(ctx, reminder))))
    fields.append(Field(ctx.t("Time zone"), rich(reminder.timezone)))
    if reminder.mention:
        fields.append(Field(ctx.t("For"), rich(Mention(reminder.mention))))
    return Reply(title=f"{reminder.ref} · {reminder.text}", body=(rich(headline),), fields=tuple(fields),
                 tone=Tone.SUCCESS, subject=Subject("reminder", reminder.ref))


async def load(ctx: Context, ref: str) -> Reminder:
    reminder = await reminders.get(ctx.session, parse_ref(ctx, ref, "R"))
    if reminder is None or not reminder.active:
        raise NotFound(ctx.t("There is no reminder {ref}.", ref=ref.strip().upper()), usage="remind list")
    return reminder


HELP_POSITION = 50  # where these commands come in !help
REMIND_FAMILY = Family("remind", N_("Reminders, once or recurring"), when_empty="list", otherwise="set",
              aliases={"ls": "list", "delete": "cancel", "rm": "cancel", "stop": "cancel"})


@command("remind", "set", usage=SET_USAGE, summary=N_("Set a reminder"), mutating=True)
async def set_(ctx: Context, args: str) -> Reply:
    who, rest = split_first(args)
    if who.lower() in SELF_WORDS:
        mention = ctx.user
    elif who.lower() in HERE_WORDS:
        mention = ""
    elif who.startswith(("@", "<@")):
        mention, _person = parse_owner(who, ctx)
    else:
        raise UsageError(ctx.t("Say whom to remind first: me, here or @someone."), usage="remind set",
                         examples=f"{ctx.label('remind')} me tomorrow 9:00 send the toolkit")
    scheduler = ctx.settings.scheduler

    def read(text: str, confirmed: bool):
        return recurrence.read_schedule(
            text, tz=ctx.tz, now=ctx.now, default_time=default_time(ctx), languages=ctx.dates.languages,
            min_interval=timedelta(minutes=scheduler.reminder_min_interval_minutes), confirmed=confirmed)

    try:
        schedule, text = read(rest, False)
    except Unlikely:  # far away: "confirm" after the time, or as the last word, saves it
        rest, confirmed = strip_confirm(rest)
        if not confirmed:
            raise
        schedule, text = read(rest, True)
    mine = [r for r in await reminders.set_by(ctx.session, ctx.user) if next_at(r, ctx.now) is not None]
    if len(mine) >= scheduler.max_active_reminders:
        raise UsageError(ctx.t("You have {n} reminders set, the most one person may have; cancel one first.",
                               n=len(mine)), usage="remind list")
    text = check_length(ctx, text, ctx.t("reminder"))
    reminder = await reminders.add(ctx.session, Reminder(
        text=text, created_by=ctx.user, platform=ctx.incoming.platform, channel_id=ctx.incoming.channel_id,
        thread_id=ctx.incoming.thread_id, mention=mention, timezone=schedule.timezone,
        first_at=schedule.first_at, recurrence=schedule.recurrence, created_at=ctx.now,
    ))
    ctx.audit("reminder.create", reminder.ref, text=text, recurrence=schedule.recurrence,
              first_at=schedule.first_at.isoformat())
    first = schedule.first_at.astimezone(ZoneInfo(schedule.timezone))
    when = When(first.date(), first.date(), Precision.DAY, at=first, timezone=schedule.timezone)
    confirmation = read_back(ctx, card(ctx, reminder, ctx.t("Reminder {ref} set.", ref=reminder.ref)), when)
    if mention == ctx.user:  # a personal reminder: its confirmation is for the person alone
        confirmation.visibility = Visibility.PRIVATE
    return confirmation


@command("remind", "list", usage="list", summary=N_("Reminders here and yours"))
async def list_(ctx: Context, args: str) -> Reply:
    found = []
    for reminder in await reminders.visible_to(ctx.session, channel_id=ctx.incoming.channel_id, user_id=ctx.user):
        upcoming = await fires_next(ctx, reminder, ctx.now - timedelta(seconds=1))
        if upcoming is not None:
            found.append((upcoming, reminder))
    found.sort(key=lambda pair: pair[0])
    if not found:
        return Reply(title=ctx.t("Reminders"), body=(rich(ctx.t("No reminders. Set one with {example}.",
                                                               example=f"{ctx.label('remind')} me tomorrow 9:00 …")),))
    items = []
    for upcoming, reminder in found[:LIST_LIMIT]:
        detail = [moment_text(ctx, upcoming, reminder.timezone)]
        if reminder.recurrence:
            detail.append(" · " + repeats(ctx, reminder))
        items.append(ListItem(rich(f"{reminder.ref} ", reminder.text), rich(*detail)))
    return Reply(title=ctx.t("Reminders"), items=tuple(items), more=max(0, len(found) - LIST_LIMIT))


@command("remind", "cancel", usage="cancel <id>", summary=N_("Cancel a reminder"), mutating=True)
async def cancel(ctx: Context, args: str) -> Reply:
    reminder = await load(ctx, args)
    require(ctx, may_change(ctx, reminder), action="reminder.cancel",
            subject=reminder.ref, message=ctx.t("Only the person who set {ref}, or an admin, can cancel it.",
                                                 ref=reminder.ref))
    reminder.active = False
    await occurrences.skip_pending(ctx.session, kind="reminder", ref=reminder.ref, reason="cancelled")
    ctx.audit("reminder.cancel", reminder.ref)
    return Reply(body=(rich(ctx.t("{ref} cancelled: {text}", ref=reminder.ref, text=reminder.text)),),
                 tone=Tone.SUCCESS)


@command("remind", "snooze", usage="snooze <id> [duration]", summary=N_("Remind again later"), mutating=True)
async def snooze(ctx: Context, args: str) -> Reply:
    ref, duration_text = split_first(args)
    reminder = await load(ctx, ref)
    require(ctx, may_change(ctx, reminder), action="reminder.snooze", subject=reminder.ref,
            message=ctx.t("Only the person who set {ref}, the person it reminds, or an admin can snooze it.",
                          ref=reminder.ref))
    duration = recurrence.read_duration(duration_text or SNOOZE_DEFAULT)
    # snooze only ever moves a reminder later: after one just posted, again in <duration>;
    # otherwise the next one to come moves <duration> later (it is withdrawn and posted then)
    upcoming = next_at(reminder, ctx.now)
    recent = await recently_posted(ctx, reminder)
    if recent or upcoming is None:
        at = ctx.now + duration
    else:
        at = upcoming + duration
        await withdraw(ctx, reminder, upcoming)
    await occurrences.add_missing(ctx.session, [Planned(
        key=planning.occurrence_key("reminder", reminder.ref, reminder.channel_id, "snooze", planning.stamp(at)),
        kind="reminder", ref=reminder.ref, platform=reminder.platform, channel_id=reminder.channel_id,
        thread_id=reminder.thread_id, due_at=at, detail={"snoozed_by": ctx.user},
    )], now=ctx.now)
    ctx.audit("reminder.snooze", reminder.ref, until=at.isoformat())
    return Reply(body=(rich(ctx.t("I'll remind you again {when}: {text}", when=moment_text(ctx, at, ctx.tz),
                                  text=reminder.text)),), tone=Tone.SUCCESS)


async def recently_posted(ctx: Context, reminder: Reminder) -> bool:
    """Whether the reminder was posted in the last day (a snooze then means "again later")."""
    last = await occurrences.last_sent(ctx.session, kind="reminder", ref=reminder.ref)
    return last is not None and ctx.now - last < timedelta(days=1)


async def withdraw(ctx: Context, reminder: Reminder, moment) -> None:
    """Withdraw the reminder's post at ``moment`` (planned already, or planned now and withdrawn)."""
    key = planning.occurrence_key("reminder", reminder.ref, reminder.channel_id, planning.stamp(moment))
    await occurrences.add_missing(ctx.session, [Planned(
        key=key, kind="reminder", ref=reminder.ref, platform=reminder.platform, channel_id=reminder.channel_id,
        thread_id=reminder.thread_id, due_at=moment)], now=ctx.now)
    await occurrences.skip_key(ctx.session, key, reason="snoozed")


def may_change(ctx: Context, reminder) -> bool:
    """The person who set a reminder, the person it reminds, or an admin."""
    return ctx.is_admin or ctx.user in (reminder.created_by, reminder.mention)


@posts("reminder")
async def render_occurrence(ctx: Context, occurrence: Claimed) -> Reply | None:
    reminder = ctx.sources.get(("reminder", occurrence.ref))  # read with the rest of the batch
    if reminder is None:
        reminder = await reminders.get(ctx.session, stored_ref(occurrence.ref, "R"))
    if reminder is None or not reminder.active:
        return None
    if reminder.mention:  # in the language the person reminded chose, else the conversation's
        person = await profiles.user(ctx.session, reminder.mention)
        if person is not None and person.locale:
            ctx.speak(person.locale)
    body = (rich(Mention(reminder.mention), " ", ctx.t("this is your reminder.")),) if reminder.mention else ()
    return Reply(
        title=ctx.t("Reminder: {text}", text=reminder.text),
        body=body,
        actions=(Action(ctx.t("Snooze 1 hour"), "remind_snooze", f"{reminder.ref} 1h"),),
        footer=ctx.t("{ref} · {command} cancel {ref} to stop it.", ref=reminder.ref, command=ctx.label("remind"))
        if reminder.recurrence else None,
        subject=Subject("reminder", reminder.ref),
        notify=True,
    )


@plans
async def plan_reminders(w: Window) -> list[Planned]:
    session, start, end = w.session, w.start, w.end
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
