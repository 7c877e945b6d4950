"""!campaign, !highlight, !champion: campaigns around an international day.

A campaign belongs to one conversation and the next occurrence of one day (World Day Against Child
Labour, 12 June, ...). Members add highlights from countries and name champions; calls for them go
out at the campaign's lead times, and on the day the bot posts them, grouped by country and
credited, in the conversation's language. ``!campaign export`` gives the same as Markdown or CSV.
"""

from __future__ import annotations

import csv
import io
import shlex
from collections import defaultdict
from datetime import timedelta

from bot.arguments import Ref, parse_ref, stored_ref
from bot.context import Context
from bot.errors import NotFound, UsageError
from bot.forms import MessageAction
from bot.i18n import N_
from bot.messages import Attachment, Field, ListItem, Mention, Reply, RichText, Span, Tone, rich
from bot.router import command, Family, posts
from handlers.common import check_length, read_channel, reads_as_channel, require, split_options
from handlers.observances import find as find_observance, read_leads
from handlers.resources import country_index, country_name
from storage import campaigns, observances
from storage.campaigns import Campaign, CampaignEntry
from storage.occurrences import Claimed, Planned
from bot.planning import clock_time, occurrence_key, plans, stamp, Window
from bot import recurrence

DEFAULT_LEADS = [14, 7, 1]  # calls for highlights, days before the day
START_USAGE = "start <international day> [lead 14, 7, 1] [in <channel>]"


def _day_name(ctx: Context, campaign: Campaign, names: dict[str, str]) -> str:
    return names.get(campaign.observance_key, campaign.observance_key)


async def _names(ctx: Context) -> dict[str, str]:
    return {o.key: o.name_in(ctx.lang) for o in await observances.all_observances(ctx.session)}


async def _open_campaign(ctx: Context) -> Campaign:
    found = await campaigns.in_channel(ctx.session, ctx.incoming.channel_id, from_day=ctx.today)
    if not found:
        raise UsageError(ctx.t("No campaign is open here. Start one with {command}.",
                               command=f"{ctx.label('campaign')} start <international day>"))
    return found[0]


def read_country_and_text(ctx: Context, args: str) -> tuple[str, str]:
    """ "Viet Nam Launched a hotline" → ("VN", "Launched a hotline"): the longest run of first words that is
    exactly a country's name (English, French or Spanish) or code; anything less is asked back."""
    words = args.split()
    index = country_index()
    for size in range(min(5, len(words) - 1), 0, -1):
        found = index.exact(" ".join(words[:size]))
        if found is not None:
            return str(found.key), " ".join(words[size:])
    raise UsageError(ctx.t("Please start with the country, then the highlight."),
                     suggestions=index.suggestions(" ".join(words[:2])) if words else [],
                     usage="highlight", examples="!highlight Nepal The national action plan was adopted")


def _credit(entry: CampaignEntry) -> Span:
    return Mention(entry.author)


def compiled(ctx: Context, campaign: Campaign, day_name: str) -> Reply:
    """Highlights grouped by country and champions, each credited."""
    highlights: dict[str, list[CampaignEntry]] = defaultdict(list)
    champions = []
    for entry in campaign.entries:
        if entry.kind == "highlight":
            highlights[country_name(ctx, entry.country)].append(entry)
        else:
            champions.append(entry)
    body: list[RichText] = []
    for country in sorted(highlights):
        body.append(rich(country))
        body.extend(rich(f"• {e.text} — ", _credit(e)) for e in highlights[country])
    if champions:
        body.append(rich(ctx.t("Champions")))
        body.extend(rich(f"• {e.name} ({e.organisation}): {e.text} — ", _credit(e)) for e in champions)
    if not body:
        body.append(rich(ctx.t("No highlights or champions were shared for this campaign.")))
    return Reply(title=ctx.t("{day}: highlights and champions", day=day_name), body=tuple(body))


HELP_POSITION = 110  # where these commands come in !help
CAMPAIGN_FAMILY = Family("campaign", N_("Campaigns for international days: highlights and champions"),
              when_empty="list", aliases={"ls": "list", "new": "start", "rm": "remove", "delete": "remove"})


@command("campaign", "start", usage=START_USAGE, summary=N_("Start a campaign for an international day"),
                mutating=True)
async def start(ctx: Context, args: str) -> Reply:
    text, options = split_options(ctx, args, ("lead", "in", "dans", "en"),
                                  reads_as={"in": reads_as_channel, "dans": reads_as_channel,
                                            "en": reads_as_channel})
    if not text:
        raise UsageError(ctx.t("Please name the international day."), usage="campaign start")
    observance = await find_observance(ctx, text)
    leads = read_leads(ctx, options["lead"]) if "lead" in options else DEFAULT_LEADS
    where = options.get("in") or options.get("dans") or options.get("en")
    channel = read_channel(ctx, where) if where else ctx.incoming.channel_id
    day = observance.next_on_or_after(ctx.today)
    existing = await campaigns.same(ctx.session, observance.key, day, channel)
    if existing is not None:
        return Reply(body=(rich(ctx.t("{ref} is already the campaign for this day here.", ref=existing.ref)
                                if channel == ctx.incoming.channel_id else
                                ctx.t("{ref} is already the campaign for this day in {channel}.",
                                      ref=existing.ref, channel=where)),))
    campaign = await campaigns.add(ctx.session, Campaign(
        observance_key=observance.key, day=day, platform=ctx.incoming.platform,
        channel_id=channel, lead_days=sorted(set(leads), reverse=True),
        created_by=ctx.user, created_at=ctx.now))
    ctx.audit("campaign.start", campaign.ref, observance=observance.key, day=day.isoformat())
    calls = [ctx.tr.day(day - timedelta(days=n)) for n in campaign.lead_days if n > 0
             and day - timedelta(days=n) >= ctx.today]
    return Reply(
        title=f"{campaign.ref} · {observance.name_in(ctx.lang)}",
        body=(rich(ctx.t("Campaign {ref} started.", ref=campaign.ref)),),
        fields=(
            Field(ctx.t("Day"), rich(ctx.tr.weekday_day(day))),
            Field(ctx.t("Calls for highlights"), rich(", ".join(calls) or ctx.t("none"))),
            Field(ctx.t("Compiled post"), rich(ctx.tr.day(day))),
        ),
        footer=(ctx.t("Add to it with {highlight} <country> <text> and {champion} <name> <organisation> <why>.",
                      highlight=ctx.label("highlight"), champion=ctx.label("champion"))
                if channel == ctx.incoming.channel_id else
                ctx.t("The calls and the compiled post go to {channel}; add to it there with {highlight} <country> "
                      "<text> and {champion} <name> <organisation> <why>. The bot must be a member of {channel}.",
                      channel=where, highlight=ctx.label("highlight"), champion=ctx.label("champion"))),
        tone=Tone.SUCCESS)


@command("campaign", "list", usage="list", summary=N_("The campaigns of this conversation"))
async def list_(ctx: Context, args: str) -> Reply:
    found = await campaigns.in_channel(ctx.session, ctx.incoming.channel_id, from_day=ctx.today)
    if not found:
        return Reply(title=ctx.t("Campaigns"), body=(rich(ctx.t("No campaign is open here.")),))
    names = await _names(ctx)
    return Reply(title=ctx.t("Campaigns"), items=tuple(ListItem(
        rich(f"{c.ref} · {_day_name(ctx, c, names)} — {ctx.tr.day(c.day)}"),
        rich(ctx.t("{highlights} highlights, {champions} champions",
                   highlights=sum(e.kind == "highlight" for e in c.entries),
                   champions=sum(e.kind == "champion" for e in c.entries)))) for c in found))


@command("campaign", "export", usage="export [<id>] [csv]", summary=N_("The campaign as Markdown or CSV"))
async def export(ctx: Context, args: str) -> Reply:
    words = args.lower().split()
    as_csv = "csv" in words
    refs = [w for w in words if w not in ("csv", "markdown", "md")]
    if len(refs) > 1:
        raise UsageError(ctx.t('I did not understand "{text}".', text=args.strip()[:100]), usage="campaign export")
    campaign = await campaigns.get(ctx.session, parse_ref(ctx, refs[0], "C")) if refs else await _open_campaign(ctx)
    if campaign is None or campaign.channel_id != ctx.incoming.channel_id:
        raise NotFound(ctx.t("There is no campaign {ref} here.", ref=refs[0].upper() if refs else ""))
    day_name = (await _names(ctx)).get(campaign.observance_key, campaign.observance_key)
    if as_csv:
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(["id", "kind", "country", "name", "organisation", "text", "author", "added"])
        for e in campaign.entries:
            writer.writerow([e.ref, e.kind, country_name(ctx, e.country), e.name, e.organisation, e.text,
                             e.author, e.created_at.isoformat()])
        data, filename, kind = out.getvalue().encode(), f"campaign-{campaign.ref}.csv", "text/csv"
    else:
        data, filename, kind = markdown(ctx, campaign, day_name).encode(), f"campaign-{campaign.ref}.md", \
            "text/markdown"
    return Reply(body=(rich(ctx.t("Campaign {ref}: {n} entries.", ref=campaign.ref, n=len(campaign.entries))),),
                 attachment=Attachment(filename, data, kind))


@command("campaign", "remove", args=(Ref("H", usage="<entry id>"),), summary=N_("Remove a highlight or champion"),
         mutating=True)
async def remove(ctx: Context, entry_id: int) -> Reply:
    entry = await campaigns.get_entry(ctx.session, entry_id)
    if entry is None or entry.campaign.channel_id != ctx.incoming.channel_id:
        raise NotFound(ctx.t("There is no entry H{id} here.", id=entry_id))
    require(ctx, ctx.is_admin or entry.author == ctx.user, action="campaign.remove", subject=entry.ref,
            message=ctx.t("Only whoever added {ref} or an admin can remove it.", ref=entry.ref))
    ref = entry.ref
    await campaigns.remove_entry(ctx.session, entry)
    ctx.audit("campaign.remove", ref)
    return Reply(body=(rich(ctx.t("{ref} removed.", ref=ref)),), tone=Tone.SUCCESS)


FROM_A_MESSAGE = MessageAction("add_as_highlight", "highlight", "")  # someone's message as a highlight


@command("highlight", usage="<country> <text>", summary=N_("Add a highlight from a country to the campaign"),
                mutating=True)
async def highlight(ctx: Context, args: str) -> Reply:
    campaign = await _open_campaign(ctx)
    form = ctx.incoming.form
    if isinstance(form, dict) and "text" in form:  # a message added as a highlight (a Slack shortcut)
        args = str(form["text"])
    country, text = read_country_and_text(ctx, args.strip())
    text = check_length(ctx, text, ctx.t("highlight"))
    if not text:
        raise UsageError(ctx.t("Please say what the highlight is, after the country."), usage="highlight")
    entry = await campaigns.add_entry(ctx.session, CampaignEntry(
        campaign_id=campaign.id, kind="highlight", country=country, text=text, author=ctx.user, created_at=ctx.now))
    ctx.audit("campaign.highlight", entry.ref, campaign=campaign.ref)
    return Reply(body=(rich(ctx.t("Highlight {ref} added to {campaign}.", ref=entry.ref, campaign=campaign.ref)),),
                 fields=(Field(ctx.t("Country"), rich(country_name(ctx, country))),
                         Field(ctx.t("Highlight"), rich(text))), tone=Tone.SUCCESS)


@command("champion", usage='"<name>" <organisation> <why>',
                summary=N_("Name a champion for the campaign"), mutating=True)
async def champion(ctx: Context, args: str) -> Reply:
    campaign = await _open_campaign(ctx)
    try:
        parts = shlex.split(args.replace("“", '"').replace("”", '"'))
    except ValueError:
        parts = []
    if len(parts) < 3:
        raise UsageError(ctx.t("Please give the champion's name, their organisation and why, e.g. {example}.",
                               example='"Ana Pérez" ILO for leading the toolkit'), usage="champion")
    name = check_length(ctx, parts[0], ctx.t("name"))[:200]
    organisation = check_length(ctx, parts[1], ctx.t("organisation"))[:200]
    why = check_length(ctx, " ".join(parts[2:]), ctx.t("why"))
    entry = await campaigns.add_entry(ctx.session, CampaignEntry(
        campaign_id=campaign.id, kind="champion", name=name, organisation=organisation, text=why,
        author=ctx.user, created_at=ctx.now))
    ctx.audit("campaign.champion", entry.ref, campaign=campaign.ref)
    return Reply(body=(rich(ctx.t("Champion {ref} added to {campaign}.", ref=entry.ref, campaign=campaign.ref)),),
                 fields=(Field(ctx.t("Champion"), rich(name)), Field(ctx.t("Organisation"), rich(organisation)),
                         Field(ctx.t("Why"), rich(why))), tone=Tone.SUCCESS)


def markdown(ctx: Context, campaign: Campaign, day_name: str) -> str:
    """The compiled campaign as Markdown for the communications toolkit (user text escaped)."""
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>" else c for c in text)

    lines = [f"# {esc(day_name)} — {esc(ctx.tr.day(campaign.day))}", ""]
    by_country: dict[str, list[CampaignEntry]] = defaultdict(list)
    for e in campaign.entries:
        if e.kind == "highlight":
            by_country[country_name(ctx, e.country)].append(e)
    if by_country:
        lines += [f"## {ctx.t('Highlights')}", ""]
        for country in sorted(by_country):
            lines += [f"### {esc(country)}", ""] + [f"- {esc(e.text)} ({esc(e.author)})" for e in by_country[country]]
            lines.append("")
    champions = [e for e in campaign.entries if e.kind == "champion"]
    if champions:
        lines += [f"## {ctx.t('Champions')}", ""] + [
            f"- **{esc(e.name)}**, {esc(e.organisation)}: {esc(e.text)} ({esc(e.author)})" for e in champions]
    return "\n".join(lines).rstrip() + "\n"


@posts("campaign")
async def render_occurrence(ctx: Context, occurrence: Claimed) -> Reply | None:
    campaign = await campaigns.get(ctx.session, stored_ref(occurrence.ref, "C"))
    if campaign is None:
        return None
    day_name = (await _names(ctx)).get(campaign.observance_key, campaign.observance_key)
    if (occurrence.detail or {}).get("stage") == "post":
        return compiled(ctx, campaign, day_name)
    highlights = sum(e.kind == "highlight" for e in campaign.entries)
    champions = len(campaign.entries) - highlights
    return Reply(
        title=ctx.t("{day} is on {date}", day=day_name, date=ctx.tr.day(campaign.day)),
        body=(rich(ctx.t("Share highlights from your country with {highlight} <country> <text>, and name champions "
                         "with {champion} <name> <organisation> <why>. So far: {highlights} highlights, "
                         "{champions} champions.", highlight=ctx.label("highlight"), champion=ctx.label("champion"),
                         highlights=highlights, champions=champions)),))


@plans
async def plan_campaigns(w: Window) -> list[Planned]:
    """A campaign's calls for highlights at its lead times, and its compiled post on the day, each at
    the conversation's notice time."""
    session, settings, zones, start, end = w.session, w.settings, w.zones, w.start, w.end
    found = []
    at = clock_time(settings.scheduler.notice_time)
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
