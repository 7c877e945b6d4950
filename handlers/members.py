"""Connecting practitioners: !profile, !people, !welcome and !intros, the greeting of people who
join a conversation, its follow-up, and the monthly introductions."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.community import THEMES, workspace_of
from bot.context import Context
from bot.directory import directory_names, read_directory_question
from bot.errors import UsageError
from bot.forms import Form, FormField
from bot.i18n import N_
from bot.matching import fold
from bot.qa.lexicon import ORGANISATION_ALIASES
from bot.messages import Mention, Reply, Tone, Visibility, rich
from bot.router import command, Family, greets, posts
from handlers.common import check_length, require
from handlers.member_directory import as_member, directory_reply, filter_labels, not_a_directory_name
from handlers.member_profiles import FIELD_LABELS, FIELDS, _names, _themes, card, introduction, read_field
from storage import events, members
from storage.members import Greeting, IntroPair
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.exc import IntegrityError
from storage.occurrences import Claimed, Planned
from bot.planning import clock_time, occurrence_key, plans, Window
from zoneinfo import ZoneInfo
from bot import community, recurrence


HELP_POSITION = 160  # where these commands come in !help
PROFILE_FAMILY = Family("profile", N_("Your profile in the members' directory"), when_empty="show")
# each field optional: one left empty keeps what is there
PROFILE_FORM = Form("profile_modal", "profile", "save", N_("Your profile"), opens_on=("form", "edit"), fields=(
    FormField("organisation", N_("Organisation"), hint=N_("e.g. ILO"), max_length=200),
    FormField("countries", N_("Countries"), hint=N_("e.g. Nepal, Viet Nam"), max_length=200),
    FormField("themes", N_("Themes"), hint=N_("e.g. child labour, forced labour"), max_length=200),
    FormField("languages", N_("Languages"), hint=N_("e.g. English, French"), max_length=200),
    FormField("role", N_("Role"), hint=N_("e.g. national focal point"), max_length=200),
    FormField("about", N_("About"), "long_text", max_length=1000),
))


@command("profile", "show", usage="show", summary=N_("Your profile"))
async def show(ctx: Context, args: str) -> Reply:
    found = await members.profile(ctx.session, ctx.user)
    if found is None:
        return Reply(body=(rich(ctx.t("You have no profile yet. Make one so members can find you: {command} set "
                                      "organisation ILO, then countries, themes, languages, role, about.",
                                      command=ctx.label("profile"))),), visibility=Visibility.PRIVATE)
    return card(ctx, found, ctx.t("Your profile"))


@command("profile", "set", usage="set organisation|countries|themes|languages|role|about|digest <value>",
                summary=N_("Fill in a field of your profile"), mutating=True)
async def set_(ctx: Context, args: str) -> Reply:
    word, _, value = args.strip().partition(" ")
    field = FIELDS.get(fold(word))
    if field is None or not value.strip():
        raise UsageError(ctx.t("Say which field and its value."), usage="profile set",
                         examples="!profile set themes child labour, forced labour")
    read = read_field(ctx, field, value.strip())
    profile = await members.profile_for_update(ctx.session, ctx.user, workspace_of(ctx.user), ctx.now)
    profile.display_name = ctx.incoming.user_name or profile.display_name
    setattr(profile, field, read)
    profile.updated_at = ctx.now
    ctx.audit("profile.set", ctx.user, field=field)
    shown = {"countries": lambda: _names(ctx, read, "country"),  # type: ignore[arg-type]
             "languages": lambda: _names(ctx, read, "language"),  # type: ignore[arg-type]
             "themes": lambda: _themes(ctx, read),  # type: ignore[arg-type]
             "in_digest": lambda: ctx.t("shown") if read else ctx.t("not shown")}.get(field, lambda: str(read))()
    reply = card(ctx, profile, ctx.t("Your profile"))
    reply.body = (rich(ctx.t("Saved. {field} read as: {value}.", field=ctx.t(FIELD_LABELS[field]), value=shown)),)
    reply.tone = Tone.SUCCESS
    return reply


@command("profile", "save", usage="save (the Slack form: /profile form)",
                summary=N_("Save the fields of the profile form"), mutating=True)
async def save(ctx: Context, args: str) -> Reply:
    form = ctx.incoming.form
    if not isinstance(form, dict) or not form:
        raise UsageError(ctx.t("Fill in at least one field."), usage="profile set")
    read = {FIELDS[name]: read_field(ctx, FIELDS[name], str(value).strip())  # every field read, or none saved
            for name, value in form.items() if name in FIELDS and str(value).strip()}
    profile = await members.profile_for_update(ctx.session, ctx.user, workspace_of(ctx.user), ctx.now)
    profile.display_name = ctx.incoming.user_name or profile.display_name
    for field, value in read.items():
        setattr(profile, field, value)
    profile.updated_at = ctx.now
    ctx.audit("profile.set", ctx.user, fields=sorted(read))
    reply = card(ctx, profile, ctx.t("Your profile"))
    reply.body = (rich(ctx.t("Saved.")),)
    reply.tone = Tone.SUCCESS
    return reply


@command("profile", "delete", usage="delete", summary=N_("Remove your profile entirely"), mutating=True)
async def delete(ctx: Context, args: str) -> Reply:
    removed = await members.delete_profile(ctx.session, ctx.user)
    ctx.audit("profile.delete", ctx.user, removed=removed)
    text = (ctx.t("Your profile is deleted: nothing of it is kept, and it is in no export.") if removed
            else ctx.t("You have no profile."))
    return Reply(body=(rich(text),), tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)


@command("people", usage="<theme|country|organisation|language …>",
                summary=N_("Members who work on a theme, in a country, at an organisation"))
async def people(ctx: Context, args: str) -> Reply:
    assert ctx.i18n is not None
    everyone = await members.in_workspace(ctx.session, workspace_of(ctx.user))
    names = directory_names(ctx.i18n, (p.organisation for p in everyone), ORGANISATION_ALIASES,
                            ((p.user_id, p.display_name) for p in everyone))
    wanted = read_directory_question(args, names, fragment=True)
    assert wanted is not None
    if wanted.unknown:  # never matched loosely: asked back with the closest names
        candidates = [ctx.t(n) for n in THEMES.values()] + sorted({p.organisation for p in everyone if p.organisation})
        raise UsageError(not_a_directory_name(ctx, " ".join(wanted.unknown)[:60], candidates, cutoff=70),
                         usage="people")
    found = [p for p in everyone if wanted.matches(as_member(p))]
    return directory_reply(ctx, found, filter_labels(ctx, wanted))

WELCOME_FAMILY = Family("welcome", N_("The greeting of people who join this conversation (admins)"), when_empty="preview")


@command("welcome", "set", usage="set <text>", summary=N_("The welcome text here"), mutating=True)
async def welcome_set(ctx: Context, args: str) -> Reply:
    require(ctx, ctx.is_admin, action="welcome.set", subject=ctx.incoming.channel_id,
            message=ctx.t("Only an admin can change the welcome here."))
    text = check_length(ctx, args.strip(), ctx.t("welcome"))
    if not text:
        raise UsageError(ctx.t("Please give the welcome text."), usage="welcome set")
    found = await members.welcome(ctx.session, ctx.incoming.channel_id)
    if found is None:
        from storage.members import ChannelWelcome

        found = ChannelWelcome(channel_id=ctx.incoming.channel_id)
        ctx.session.add(found)
    found.text, found.enabled, found.updated_by, found.updated_at = text[:1000], True, ctx.user, ctx.now
    ctx.audit("welcome.set", ctx.incoming.channel_id)
    return Reply(body=(rich(ctx.t("People who join here will be greeted. It reads:")),
                       *(await greeting_reply(ctx, ctx.user, ctx.incoming.user_name or "")).body), tone=Tone.SUCCESS)


@command("welcome", "off", usage="off", summary=N_("No greeting here"), mutating=True)
async def welcome_off(ctx: Context, args: str) -> Reply:
    require(ctx, ctx.is_admin, action="welcome.off", subject=ctx.incoming.channel_id,
            message=ctx.t("Only an admin can change the welcome here."))
    found = await members.welcome(ctx.session, ctx.incoming.channel_id)
    if found is not None:
        found.enabled, found.updated_by, found.updated_at = False, ctx.user, ctx.now
    ctx.audit("welcome.off", ctx.incoming.channel_id)
    return Reply(body=(rich(ctx.t("Nobody will be greeted here.")),), tone=Tone.SUCCESS)


@command("welcome", "preview", usage="preview", summary=N_("The greeting as someone who joins sees it"))
async def welcome_preview(ctx: Context, args: str) -> Reply:
    found = await members.welcome(ctx.session, ctx.incoming.channel_id)
    if found is None or not found.enabled:
        return Reply(body=(rich(ctx.t("Nobody is greeted here. An admin can start with {command} set <text>.",
                                      command=ctx.label("welcome"))),))
    return await greeting_reply(ctx, ctx.user, ctx.incoming.user_name or "")

INTROS_FAMILY = Family("intros", N_("Monthly introductions to another member"))


async def _intros(ctx: Context, state: str, text: str) -> Reply:
    profile = await members.profile_for_update(ctx.session, ctx.user, workspace_of(ctx.user), ctx.now)
    profile.display_name = ctx.incoming.user_name or profile.display_name
    profile.intros = state
    ctx.audit(f"intros.{state or 'leave'}", ctx.user)
    return Reply(body=(rich(text),), tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)


@command("intros", "join", usage="join", summary=N_("Be introduced to a member each month"), mutating=True)
async def intros_join(ctx: Context, args: str) -> Reply:
    return await _intros(ctx, "joined", ctx.t("You are in: once a month you will be introduced to another "
                                              "member, by a direct message to you both."))


@command("intros", "pause", usage="pause", summary=N_("Skip the introductions for now"), mutating=True)
async def intros_pause(ctx: Context, args: str) -> Reply:
    return await _intros(ctx, "paused", ctx.t("Paused: no introductions until you say {command} join.",
                                              command=ctx.label("intros")))


@command("intros", "leave", usage="leave", summary=N_("No more introductions"), mutating=True)
async def intros_leave(ctx: Context, args: str) -> Reply:
    return await _intros(ctx, "", ctx.t("You will not be introduced any more."))


# the greeting and its follow-up ---------------------------------------------------------------------------
async def greeting_reply(ctx: Context, user_id: str, name: str) -> Reply:
    found = await members.welcome(ctx.session, ctx.incoming.channel_id)
    coming = await events.find(ctx.session, events.between(ctx.today, None).limit(3))
    body = [rich(ctx.t("Welcome, "), Mention(user_id, name or None), "!")]
    if found is not None and found.text:
        body.append(rich(found.text))
    if coming:
        body.append(rich(ctx.t("Coming up: {events}.", events="; ".join(
            f"{e.title} ({ctx.tr.span(e.starts_on, e.ends_on, e.precision)})" for e in coming))))
    body.append(rich(ctx.t("Tell members what you work on, so they can find you: {command} set themes child labour "
                           "(or {help}).", command=ctx.label("profile"), help=f"{ctx.label('help')} profile")))
    return Reply(body=tuple(body))


@greets
async def greet(ctx: Context) -> Reply | None:
    """Someone joined this conversation: greet them once (ever) here, if the conversation has a welcome."""
    found = await members.welcome(ctx.session, ctx.incoming.channel_id)
    if found is None or not found.enabled:
        return None
    has_profile = await members.profile(ctx.session, ctx.user) is not None
    first = await members.record_greeting(ctx.session, Greeting(
        channel_id=ctx.incoming.channel_id, user_id=ctx.user, platform=ctx.incoming.platform, greeted_at=ctx.now,
        follow_up_at=None if has_profile or not ctx.settings.community.follow_up_days
        else ctx.now + timedelta(days=ctx.settings.community.follow_up_days)))
    if not first:
        return None
    ctx.audit("welcome.greeted", ctx.incoming.channel_id, user=ctx.user)
    return await greeting_reply(ctx, ctx.user, ctx.incoming.user_name or "")


@posts("follow_up")
async def render_follow_up(ctx: Context, occurrence: Claimed) -> Reply | None:
    """A few days after the greeting, for someone who has made no profile yet."""
    user_id = str((occurrence.detail or {}).get("user") or "")
    if not user_id or await members.profile(ctx.session, user_id) is not None:
        return None
    return Reply(body=(rich(Mention(user_id), " ", ctx.t(
        "a few days ago you joined this conversation. A profile helps members find you: {command} set themes "
        "… , countries … , organisation … (you can delete it any time).", command=ctx.label("profile"))),))


# introductions ------------------------------------------------------------------------------------------------
@posts("intro")
async def render_introduction(ctx: Context, occurrence: Claimed) -> Reply | None:
    pair = await ctx.session.get(IntroPair, int((occurrence.detail or {}).get("pair") or 0))
    if pair is None:
        return None
    first, second = await members.profile(ctx.session, pair.first), await members.profile(ctx.session, pair.second)
    if first is None or second is None or first.intros != "joined" or second.intros != "joined":
        return None  # one of them left or deleted their profile meanwhile
    return introduction(ctx, first, second)


@plans
async def plan_follow_ups(w: Window) -> list[Planned]:
    """A few days after someone was greeted, a reminder to fill in a profile (it says nothing if they have)."""
    session, start, end = w.session, w.start, w.end
    return [Planned(key=occurrence_key("follow_up", g.channel_id, g.user_id), kind="follow_up", ref=g.user_id,
                    platform=g.platform, channel_id=g.channel_id, due_at=g.follow_up_at, detail={"user": g.user_id})
            for g in await members.greetings_due(session, start, end) if g.follow_up_at is not None]


@plans
async def plan_introductions(w: Window) -> list[Planned]:
    """Each month on ``[community] intro_day``, at the notice time: the members of each workspace who
    joined the introductions are paired (once: the pairs are stored, and a second process finds them
    made), and each pair gets one direct message."""
    session, settings, start, end = w.session, w.settings, w.start, w.end
    day = settings.community.intro_day
    if not day:
        return []
    tz = ZoneInfo(settings.bot.timezone)
    at = clock_time(settings.scheduler.notice_time)
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
