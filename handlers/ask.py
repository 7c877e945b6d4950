"""Questions in plain language, in English, French or Spanish, answered from the stored data.

``bot.qa`` reads the question (language, what is asked, about what); the functions
here look the facts up and word the answer in the asker's language. When the question
is not understood the answer says what was recognised and points to a command; it
never guesses a fact.
"""

from __future__ import annotations

import dataclasses

import re
from collections.abc import Sequence
from datetime import date, timedelta

from bot.community import workspace_of
from bot.directory import DIRECTION_WORDS, REGION_ALIASES, may_ask_for_people
from bot.context import Context
from bot.i18n import N_
from bot.matching import fold
from bot.messages import Field, ListItem, Mention, Reply, Visibility, label_separator, rich
from bot.qa.cache import KnowledgeCache
from bot.qa.lexicon import ORGANISATION_ALIASES
from bot.qa.understand import ItemCatalog, Knowledge, Question, content_words, expand, stem
from bot.qa.understand import folded as folded_name
from bot.router import fallback
from handlers import actions as action_handlers
from handlers import events as event_handlers
from handlers import members as member_handlers
from handlers import resources
from handlers.common import group_name, owners_text
from handlers.pathfinder import (
    THEME_LABELS,
    country_name,
    country_status,
    source_line,
    update_text,
    workshop_text,
)
from storage import actions, events, groups, members, observances, pathfinders
from storage.models import ActionItem, MemberProfile, Observance, PathfinderCountry, PathfinderStatus, Precision

LIST_LIMIT = 10
NOT_ADOPTED = re.compile(r"(?<![a-z])(?:no|not|without|sans|pas|aucun|aucune|sin|ningun|ninguna)\s+(?:[a-z]+\s+){0,3}?"
                         r"(?:plan|roadmap|road map|feuille|hoja|adopt)")
NOT_OVERDUE = re.compile(r"(?<![a-z])(?:not|no|pas|ni|aren t|isn t)\s+(?:yet\s+|encore\s+)?"
                         r"(?:overdue|late|en retard|vencid|atrasad|retrasad)")
# "what happened in Abidjan?": the past, where "what happens" and "se passe" are not
HAPPENED = re.compile(r"(?<![a-z])(?:happened|took place|s est passe|se sont passes|a eu lieu|ont eu lieu|paso|"
                      r"pasaron|ocurrio|ocurrieron|hubo)(?![a-z])")
HELD = (PathfinderStatus.WORKSHOP_HELD, PathfinderStatus.ROADMAP_ADOPTED, PathfinderStatus.ACTION_PLAN_ADOPTED)


async def knowledge(ctx: Context) -> Knowledge:
    if ctx.kept.knowledge is None:
        ctx.kept.knowledge = KnowledgeCache()
    found = await ctx.kept.knowledge.get(
        ctx.session, ctx.changes, ctx.item_changes, lambda items: load_knowledge(ctx, items), lambda: item_stamps(ctx),
        lambda ids: actions.item_texts(ctx.session, ids),
        lambda since, above_id, ids: items_since(ctx, since, above_id, ids), ctx.changed_items)
    assert isinstance(found, Knowledge)  # what load_knowledge built
    return found


async def items_since(ctx: Context, since: object | None, above_id: int | None, ids: list[int]) -> list:
    return await actions.item_stamps_since(ctx.session, since, above_id, ids)


async def item_stamps(ctx: Context) -> list:
    return await actions.open_item_stamps(ctx.session)


async def load_knowledge(ctx: Context, items: ItemCatalog) -> Knowledge:
    def region_names(region: str) -> list[str]:
        # other names of the region ("latin america", "moyen orient"), but not those made of a direction
        # and a continent: each of their words is matched on its own, and "south" alone names no region
        aliases = [alias for alias, named in REGION_ALIASES.items()
                   if named == region and not set(alias.split()) & DIRECTION_WORDS]
        if ctx.i18n is None:
            return [region, ctx.t(region), *aliases]
        return [region, *(ctx.i18n.get(lang).t(region) for lang in ("fr", "es")), *aliases]

    return Knowledge(
        countries=await pathfinders.all_countries(ctx.session),
        groups=await groups.all_groups(ctx.session),
        observances=await observances.all_observances(ctx.session),
        events=await events.find(ctx.session, events.between(None, None)),
        items=items,
        region_names=region_names,
    )


def say(*paragraphs: str, title: str | None = None, items=(), visibility=Visibility.CHANNEL) -> Reply:
    return Reply(title=title, body=tuple(rich(p) for p in paragraphs if p), items=tuple(items),
                 visibility=visibility)


def names(ctx: Context, countries: list[PathfinderCountry]) -> str:
    return ", ".join(country_name(ctx, c) for c in countries)


# pathfinder countries -------------------------------------------------------
def workshop_answer(ctx: Context, country: PathfinderCountry) -> Reply:
    """Worded from the recorded status, so it cannot contradict it: a held workshop "took place",
    any other is "planned for" (or was, when its date has gone by without it being recorded as held)."""
    name = country_name(ctx, country)
    if country.workshop_start is None:
        return say(ctx.t("No workshop date is recorded for {country}.", country=name))
    when = workshop_text(ctx, country)
    month = country.workshop_precision == Precision.MONTH
    if country.status in HELD:
        text = (ctx.t("{country}'s pathfinder workshop took place in {when}.", country=name, when=when) if month
                else ctx.t("{country}'s pathfinder workshop took place on {when}.", country=name, when=when))
    elif (country.workshop_end or country.workshop_start) >= ctx.today:
        text = ctx.t("{country}'s pathfinder workshop is planned for {when}.", country=name, when=when)
    else:
        text = ctx.t("{country}'s pathfinder workshop was planned for {when}; it is not recorded as held.",
                     country=name, when=when)
    return say(text, ctx.t("Status: {status}.", status=country_status(ctx, country)), source_line(ctx, country))


def status_answer(ctx: Context, country: PathfinderCountry) -> Reply:
    return say(*status_paragraphs(ctx, country))


def status_paragraphs(ctx: Context, country: PathfinderCountry) -> list[str]:
    name = country_name(ctx, country)
    paragraphs = [
        ctx.t("{country}: {status}.", country=name, status=country_status(ctx, country)),
        ctx.t("Workshop: {when}.", when=workshop_text(ctx, country)),
    ]
    if country.updates:
        paragraphs.append(ctx.t("Latest update: {update}", update=update_text(ctx, country.updates[-1])))
    paragraphs.append(source_line(ctx, country))
    return paragraphs


def priorities_answer(ctx: Context, country: PathfinderCountry) -> Reply:
    name = country_name(ctx, country)
    if not country.priorities:
        return say(ctx.t("No priorities are recorded for {country} yet.", country=name))
    items = [ListItem(rich(p.text), rich(ctx.t(THEME_LABELS.get(p.theme, p.theme)))) for p in country.priorities]
    return say(title=ctx.t("Priorities of {country}", country=name), items=items)


def countries_by_text_answer(ctx: Context, q: Question, k: Knowledge) -> Reply | None:
    """The countries whose recorded challenges (or priorities) hold every word of the question that
    nothing else explains, each with the text that holds them; None when no text holds them all."""
    wanted = [expand([w]) for w in q.unknown]
    challenges = q.has("challenges")
    found: list[ListItem] = []
    for country in k.countries:
        texts = country.challenges if challenges else [p.text for p in country.priorities]
        for text in texts:
            stems = {stem(w) for w in content_words(text)}
            if all(alternatives & stems for alternatives in wanted):
                found.append(ListItem(rich(country_name(ctx, country)), rich(text)))
                break
    if not found:
        return None
    what = " ".join(q.unknown)
    title = (ctx.t('Pathfinder countries with "{words}" among their challenges', words=what) if challenges
             else ctx.t('Pathfinder countries with "{words}" among their priorities', words=what))
    return say(title=title, items=found)


def list_answer(ctx: Context, country: PathfinderCountry, texts: list[str], title: str, empty: str) -> Reply:
    name = country_name(ctx, country)
    if not texts:
        return say(ctx.t(empty, country=name))
    return say(title=ctx.t(title, country=name), items=[ListItem(rich(t)) for t in texts])


def focal_answer(ctx: Context, country: PathfinderCountry, directory: Sequence[MemberProfile] = ()) -> Reply:
    """The recorded focal point, and the members whose own profile says they are this country's focal
    point (or who are the person recorded), with their mention so people can write to them."""
    name = country_name(ctx, country)
    recorded = fold(country.focal_point or "")
    linked = [p for p in directory if (recorded and fold(p.display_name) == recorded)
              or ("focal" in fold(p.role) and country.iso_code in p.countries)]
    paragraphs = [ctx.t("National focal point of {country}: {person}.", country=name, person=country.focal_point)
                  if country.focal_point else ctx.t("No focal point is recorded for {country}.", country=name)]
    if not linked:
        return say(*paragraphs)
    title = ctx.t("In the members' directory")
    return Reply(body=tuple(rich(p) for p in paragraphs) + (rich(title + ":"),),
                 items=tuple(ListItem(rich(Mention(p.user_id, p.display_name or None)),
                                      rich(" · ".join(x for x in (p.role, p.organisation) if x)))
                             for p in linked))


def update_answer(ctx: Context, country: PathfinderCountry, q: Question | None = None) -> Reply:
    name = country_name(ctx, country)
    if not country.updates:
        return say(ctx.t("No updates are recorded for {country}.", country=name))
    if q is not None and q.period:  # "what happened in Nepal in April?": that April's updates
        start, end = q.span(ctx.today)
        when = bound_text(ctx, q) if q.bound else ctx.t("in {period}", period=period_text(ctx, q))
        found = [u for u in reversed(country.updates) if start <= u.date <= end]
        if not found:
            return say(ctx.t("No update is recorded for {country} {when}.", country=name, when=when))
        return say(title=ctx.t("Updates on {country} {when}", country=name, when=when),
                   items=[ListItem(rich(update_text(ctx, u))) for u in found[:LIST_LIMIT]])
    latest = list(reversed(country.updates))[:2]
    return say(title=ctx.t("Latest updates on {country}", country=name),
               items=[ListItem(rich(update_text(ctx, u))) for u in latest])


def country_answer(ctx: Context, q: Question, country: PathfinderCountry) -> Reply:
    if q.has("countries") and not q.has("workshop", "when", "where", "status", "priorities", "next_steps",
                                        "challenges", "focal", "update", "region"):
        # "is Albania a pathfinder?": yes, it is one of the countries recorded, and where it stands
        return say(ctx.t("Yes: {country} is a pathfinder country.", country=country_name(ctx, country)),
                   *status_paragraphs(ctx, country))
    if q.has("region") and country.region and not q.has("priorities"):  # not "geographic priority regions"
        return say(ctx.t("{country} is in the {region} region.", country=country_name(ctx, country),
                         region=ctx.t(country.region)))
    if q.has("focal"):
        return focal_answer(ctx, country)
    if q.has("challenges"):
        return list_answer(ctx, country, country.challenges, N_("Challenges for {country}"),
                           N_("No challenges are recorded for {country}."))
    if q.has("next_steps"):
        return list_answer(ctx, country, country.next_steps, N_("Next steps for {country}"),
                           N_("No next steps are recorded for {country}."))
    if q.has("priorities"):
        return priorities_answer(ctx, country)
    if q.has("update"):
        return update_answer(ctx, country, q)
    if q.has("status"):
        return status_answer(ctx, country)
    if q.has("workshop", "when", "where"):
        return workshop_answer(ctx, country)
    return status_answer(ctx, country)


def region_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    found = [c for c in k.countries if c.region == q.region]
    region = ctx.t(q.region) if q.region else ""
    if q.has("count"):
        return say(ctx.tn("{region} has {n} pathfinder: {names}.", "{region} has {n} pathfinders: {names}.",
                          len(found), region=region, names=names(ctx, found)))
    items = [ListItem(rich(country_name(ctx, c)), rich(workshop_text(ctx, c), " · ", country_status(ctx, c)))
             for c in found]
    return say(title=ctx.t("Pathfinder countries in {region} ({n})", region=region, n=len(found)), items=items)


def count_answer(ctx: Context, q: Question, k: Knowledge) -> Reply | None:
    if q.has("until", "when"):  # "how many days until ...", "c'est le combien ?": the date answers it
        return None
    if q.has("workshop", "held", "planned"):
        if q.has("planned") and not q.has("held"):
            planned = [c for c in k.countries if c.status == PathfinderStatus.WORKSHOP_PLANNED]
            return say(ctx.tn("{n} pathfinder workshop is planned: {names}.",
                              "{n} pathfinder workshops are planned: {names}.", len(planned),
                              names=names(ctx, planned)))
        held = [c for c in k.countries if c.status in HELD and in_workshop_period(c, q, ctx.today)]
        if q.period:  # "how many workshops were held in 2019?": those of the period
            return filtered_countries_answer(ctx, q, k)
        return say(ctx.tn("{n} pathfinder country has held its workshop: {names}.",
                          "{n} pathfinder countries have held their workshop: {names}.", len(held),
                          names=names(ctx, held)))
    if q.has("countries"):
        return say(ctx.tn("There is {n} pathfinder: {names}.", "There are {n} pathfinders: {names}.",
                          len(k.countries), names=names(ctx, k.countries)))
    if q.has("open", "overdue"):
        return None
    if q.has("observances"):
        if q.period:  # "how many international days in June?": those days, listed
            return observances_answer(ctx, q, k)
        return say(ctx.tn("I know {n} international day.", "I know {n} international days.", len(k.observances)))
    if q.has("events", "happen"):
        if q.place or q.has("tbc"):  # a count of events somewhere, or tentative: counted over all recorded
            found = [e for e in at_place(k, q) if not q.has("tbc") or e.tentative]
            return say(ctx.tn("{n} event.", "{n} events.", len(found)),
                       items=[event_handlers.list_item(ctx, e) for e in found[:LIST_LIMIT]])
        found = in_period(k, q, ctx.today) if q.period else [e for e in k.events if e.ends_on >= ctx.today]
        return say(ctx.tn("{n} event.", "{n} events.", len(found)),
                   items=[event_handlers.list_item(ctx, e) for e in found[:LIST_LIMIT]])
    return None


def workshops_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    if q.period:
        test, _label = status_filter(q)
        if test is not None:  # "which workshops were held in March", "planned for May": both filters
            return filtered_countries_answer(ctx, q, k)
        found = [c for c in k.countries if in_workshop_period(c, q, ctx.today)]
        title = ctx.t("Pathfinder workshops {when}", when=period_phrase(ctx, q))
        empty = ctx.t("No pathfinder workshop is recorded {when}.", when=period_phrase(ctx, q))
    elif q.has("held") and not q.has("planned", "next"):
        found = [c for c in k.countries if c.status in HELD]
        title, empty = ctx.t("Pathfinder workshops held"), ctx.t("No pathfinder workshop has been held yet.")
    else:
        found = [c for c in k.countries if c.workshop_start and (c.workshop_end or c.workshop_start) >= ctx.today]
        title, empty = ctx.t("Coming pathfinder workshops"), ctx.t("No pathfinder workshop is planned.")
    found.sort(key=lambda c: c.workshop_start or date.max)
    if not found:
        return say(empty)
    return say(title=title, items=[ListItem(rich(country_name(ctx, c)), rich(workshop_text(ctx, c))) for c in found])


def status_filter(q: Question):
    """The workshop status the question filters on, as a test on a country, and its label."""
    if q.has("adopted") and q.has("held") and NOT_ADOPTED.search(q.folded):
        # "held a workshop but no roadmap adopted yet"
        return ((lambda c: c.status == PathfinderStatus.WORKSHOP_HELD),
                N_("that have held their workshop and adopted no roadmap or action plan yet"))
    if q.has("adopted"):  # "adopted a roadmap", "an action plan", or either
        roadmap = "roadmap" in q.folded or "road map" in q.folded or "feuille de route" in q.folded \
            or "hoja de ruta" in q.folded
        plan = any(p in q.folded for p in ("action plan", "plan d action", "plan de accion", "national plan",
                                           "plan national", "plan nacional"))
        if NOT_ADOPTED.search(q.folded):  # "which countries have not adopted a roadmap?"
            if roadmap and not plan:
                return (lambda c: c.status != PathfinderStatus.ROADMAP_ADOPTED), N_("that have not adopted a roadmap")
            if plan and not roadmap:
                return ((lambda c: c.status != PathfinderStatus.ACTION_PLAN_ADOPTED),
                        N_("that have not adopted an action plan"))
            return ((lambda c: c.status not in (PathfinderStatus.ROADMAP_ADOPTED, PathfinderStatus.ACTION_PLAN_ADOPTED)),
                    N_("that have adopted no roadmap or action plan"))
        if roadmap and not plan:
            return (lambda c: c.status == PathfinderStatus.ROADMAP_ADOPTED), N_("that have adopted a roadmap")
        if plan and not roadmap:
            return (lambda c: c.status == PathfinderStatus.ACTION_PLAN_ADOPTED), N_("that have adopted an action plan")
        return ((lambda c: c.status in (PathfinderStatus.ROADMAP_ADOPTED, PathfinderStatus.ACTION_PLAN_ADOPTED)),
                N_("that have adopted a roadmap or an action plan"))
    if q.has("tbc"):
        return (lambda c: c.workshop_tbc), N_("whose workshop date is to be confirmed")
    if q.has("not_held"):
        return (lambda c: c.status not in HELD), N_("that have not held their workshop yet")
    if q.has("held") and not q.has("planned", "next"):
        return (lambda c: c.status in HELD), N_("that have held their workshop")
    if q.has("planned") and not q.has("held"):
        return (lambda c: c.status not in HELD and c.workshop_start is not None), N_("with a workshop planned")
    return None, None


def tidy(ctx: Context, text: str) -> str:
    """A sentence with an empty part left out: no double space, and no space before a colon but in
    French, where it belongs."""
    text = re.sub(r" {2,}", " ", text)
    return text if ctx.lang == "fr" else text.replace(" :", ":")


def in_workshop_period(country: PathfinderCountry, q: Question, today: date) -> bool:
    """No period asked, or the country's workshop falls in it."""
    if q.period is None:
        return True
    start, end = q.span(today)
    if q.bound in ("before", "by"):  # workshops are a record: "before June" is every one until then
        start = date.min
    return (country.workshop_start is not None and country.workshop_start <= end
            and (country.workshop_end or country.workshop_start) >= start)


def filtered_countries_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    """Pathfinder countries by region and workshop status: each filter the question names is applied."""
    test, label = status_filter(q)
    outside = q.has("outside")
    found = [c for c in k.countries if (q.region is None or (c.region != q.region if outside else c.region == q.region))
             and (test is None or test(c)) and c not in q.excluded and in_workshop_period(c, q, ctx.today)]
    if q.has("next") and not q.has("held", "not_held") and not q.period:
        # "upcoming workshops": planned and not past, whatever the recorded status says
        found = [c for c in found if c.workshop_start and (c.workshop_end or c.workshop_start) >= ctx.today]
    found.sort(key=lambda c: (c.workshop_start or date.max, c.name))
    where = ""
    if q.region:
        where = (ctx.t(" outside {region}", region=ctx.t(q.region)) if outside
                 else ctx.t(" in {region}", region=ctx.t(q.region)))
    if q.excluded:
        where += ctx.t(" (apart from {names})", names=names(ctx, q.excluded))
    what = ctx.t(label) if label else ""
    if q.period and q.bound:
        what += ctx.t(", with the workshop {when}", when=bound_text(ctx, q))
    elif q.period:
        what += ctx.t(", with the workshop in {period}", period=period_text(ctx, q))
    if q.has("count"):
        return say(tidy(ctx, ctx.tn("{n} pathfinder country{where} {what}: {names}.",
                                    "{n} pathfinder countries{where} {what}: {names}.", len(found), where=where,
                                    what=what, names=names(ctx, found) or "—")))
    title = tidy(ctx, ctx.t("Pathfinder countries{where} {what} ({n})", where=where, what=what, n=len(found)))
    if not found:
        return say(title)
    items = [ListItem(rich(country_name(ctx, c)), rich(workshop_text(ctx, c), " · ", country_status(ctx, c)))
             for c in found]
    return say(title=title, items=items)


def leads_of_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    """The groups an organisation leads ("which group does the ILO lead?")."""
    asked = folded_name(q.owner or "")
    asked = folded_name(ORGANISATION_ALIASES.get(asked, asked))  # "la OIM" is the IOM
    led = [g for g in k.groups if any(folded_name(lead) == asked for lead in g.leads)]
    if not led:
        return say(ctx.t("No action group is recorded as led by {who}.", who=q.owner))
    return say(ctx.t("{who} leads: {groups}.", who=q.owner, groups=", ".join(group_name(g, ctx.lang) for g in led)))


async def item_ref_answer(ctx: Context, q: Question) -> Reply:
    """An action item named by its reference ("A12"): who owns it, or what it is."""
    assert q.item_ref is not None
    item = await actions.get(ctx.session, q.item_ref)
    if item is None:
        return Reply(body=(rich(ctx.t("I know no action item {ref}. Try: {command}.", ref=f"A{q.item_ref}",
                                      command=f"{ctx.label('action')} list")),), declined=True)
    return await owner_answer(ctx, item.id)


async def due_answer(ctx: Context, q: Question) -> Reply:
    """Open action items due in the period the question names (this week, in May...)."""
    assert q.period is not None
    group_id = q.group.id if q.group else None
    if q.bound == "by":  # "due by July": everything open that falls due up to its end
        wanted = actions.ItemQuery(due_before=q.period.end + timedelta(days=1), owner=q.owner, group_id=group_id)
    elif q.bound in ("after", "since"):
        start = q.period.end + timedelta(days=1) if q.bound == "after" else q.period.start
        wanted = actions.ItemQuery(due_from=start, owner=q.owner, group_id=group_id)
    elif q.has("before"):
        wanted = actions.ItemQuery(due_before=q.period.start, owner=q.owner, group_id=group_id)
    else:
        wanted = actions.ItemQuery(due_from=q.period.start, due_before=q.period.end + timedelta(days=1), owner=q.owner,
                             group_id=q.group.id if q.group else None)
    found: list[ActionItem] = await actions.find(ctx.session, wanted, limit=LIST_LIMIT)
    period = period_text(ctx, q)
    if q.bound and q.bound != "before":
        if not found:
            return say(ctx.t("No open action item is due {when}.", when=bound_text(ctx, q)))
        return say(title=ctx.t("Open action items due {when}", when=bound_text(ctx, q)),
                   items=[action_handlers.list_item(ctx, i) for i in found])
    if q.has("before"):
        if not found:
            return say(ctx.t("No open action item is due before {period}.", period=period))
        return say(title=ctx.t("Open action items due before {period}", period=period),
                   items=[action_handlers.list_item(ctx, i) for i in found])
    if not found:
        return say(ctx.t("No open action item is due {when}.", when=period_phrase(ctx, q)))
    return say(title=ctx.t("Open action items due {when}", when=period_phrase(ctx, q)),
               items=[action_handlers.list_item(ctx, i) for i in found])


# calendar and international days --------------------------------------------
def period_text(ctx: Context, q: Question) -> str:
    assert q.period is not None
    start, end = q.period.start, q.period.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)  # "in 2018"
    return ctx.tr.span(start, end, q.period.precision)


def weekday_answer(ctx: Context, q: Question) -> Reply:
    """"Is the HLPF on a wednesday?": yes or no, with the day it is on; or that no day is recorded."""
    assert q.period is not None
    if q.event is not None and q.event_score >= EVENT_MATCH and (q.observance is None or q.has("events")):
        name, day = q.event.title, q.event.starts_on
        if q.event.precision != Precision.DAY:
            return say(ctx.t("{name} is recorded for {when}, without a day.", name=name,
                             when=ctx.tr.span(q.event.starts_on, q.event.ends_on, q.event.precision)))
    else:
        assert q.observance is not None
        name, day = q.observance.name_in(ctx.lang), q.observance.next_on_or_after(ctx.today)
    if day.weekday() == q.period.start.weekday():
        return say(ctx.t("Yes: {name} is on {date}.", name=name, date=ctx.tr.weekday_day(day)))
    return say(ctx.t("No: {name} is on {date}.", name=name, date=ctx.tr.weekday_day(day)))


def period_phrase(ctx: Context, q: Question) -> str:
    """The period as a sentence says it: "in May 2019", "on 14 May 2019", "before March 2019"."""
    if q.bound:
        return bound_text(ctx, q)
    assert q.period is not None
    if q.period.start == q.period.end:
        return ctx.t("on {day}", day=period_text(ctx, q))
    return ctx.t("in {period}", period=period_text(ctx, q))


def bound_text(ctx: Context, q: Question) -> str:
    """A period that is a limit, as the answer's title says it: "before March 2019"."""
    period = period_text(ctx, q)
    if q.bound == "before":
        return ctx.t("before {period}", period=period)
    if q.bound == "after":
        return ctx.t("after {period}", period=period)
    if q.bound == "since":
        return ctx.t("since {period}", period=period)
    return ctx.t("by {period}", period=period)


def in_period(k: Knowledge, q: Question, today: date = date.min) -> list:
    """The events in the question's period (or before, after or by it, counted from ``today``), and in
    its place when it names one ("in New York in July")."""
    assert q.period is not None
    start, end = q.span(today)
    return [e for e in at_place(k, q) if e.starts_on <= end and e.ends_on >= start]


def at_place(k: Knowledge, q: Question) -> list:
    """The events in the place the question names (all of them when it names none)."""
    return [e for e in k.events if not q.place or e.place == q.place]




def observance_answer(ctx: Context, observance: Observance) -> Reply:
    day = observance.next_on_or_after(ctx.today)
    # the stored description is English only: shown to those who read English
    return say(ctx.t("{name}: {date}.", name=observance.name_in(ctx.lang), date=ctx.tr.weekday_day(day)),
               observance.description if ctx.lang == "en" else "")


# one action group or one workshop, not named ("who leads the action group?", "l'atelier c'est quand ?")
THE_GROUP = re.compile(r"(?<![a-z])(?:the|le|el|du|del|au|al)\s+(?:action\s+group|groupe\s+d\s+action|grupo\s+de\s+accion)"
                       r"(?!\s*(?:s|for|on|of|pour|sur|de|del|en)\b)(?![a-z])")
THE_WORKSHOP = re.compile(r"(?<![a-z])(?:the|le|la|el|l)\s+(?:workshop|atelier|taller)(?![a-z])"
                          r"(?!\s+(?:in|of|for|de|du|des|en|del|pour|para)\b)")
ITEM_WORDS = re.compile(r"(?<![a-z])(?:tasks?|taches?|tareas?|action items?|actions|acciones)(?![a-z])")
EVERY = re.compile(r"(?<![a-z])(?:each|every|all|chaque|tous|toutes|cada|todos|todas|groups|groupes|grupos)(?![a-z])")
WORLD = re.compile(r"(?<![a-z])(?:world|mondiale|mundial)(?![a-z])")
# a question about international days in the plural ("coming days", "journées", "días"): a list
PLURAL_DAYS = re.compile(r"\b(?:days|observances|journees|jours|dias|fetes|celebrations|jornadas|commemorations)\b")


def observances_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    dated = sorted(((o.next_on_or_after(ctx.today), o) for o in k.observances), key=lambda pair: pair[0])
    if q.period and q.bound:
        dated = days_in(k, *year_at_most(q.span(ctx.today)))
        title = ctx.t("International days {when}", when=bound_text(ctx, q))
        if not dated:
            return say(ctx.t("No international day {when}.", when=bound_text(ctx, q)))
    elif q.period:
        dated = days_in(k, q.period.start, q.period.end)
        title = ctx.t("International days {when}", when=period_phrase(ctx, q))
    elif not PLURAL_DAYS.search(q.folded) and q.has("when") and not q.has("next", "last"):
        # "world day when??": there are many; which one? (those called "world day" first)
        kind = [w for w in ("world", "mondiale", "mundial", "international", "internationale", "internacional")
                if re.search(rf"\b{w}\b", q.folded)]
        named = [o for _, o in dated if any(w in folded_name(o.name_in(ctx.lang)) for w in kind)]
        return which_one_of(ctx, [o.name_in(ctx.lang) for o in (named or [o for _, o in dated])[:3]], "observance",
                            "list", more=len(named or dated) > 3)
    elif not PLURAL_DAYS.search(q.folded) and q.has("next"):
        # "which observance is next": that one (and any other on the same day); "the next world day":
        # the next of those called so ("international day" is said of any of them)
        world = [(d, o) for d, o in dated if WORLD.search(folded_name(o.name_in(ctx.lang)))]
        if WORLD.search(q.folded) and world:
            dated = world
        dated = [(d, o) for d, o in dated if d == dated[0][0]]
        if len(dated) == 1:
            return observance_answer(ctx, dated[0][1])
        title = ctx.t("Coming international days")
    else:
        dated = dated[:5]
        title = ctx.t("Coming international days")
    if not dated:
        return say(ctx.t("No international day {when}.", when=period_phrase(ctx, q)))
    return say(title=title, items=[ListItem(rich(o.name_in(ctx.lang)), rich(ctx.tr.day(d))) for d, o in dated])


def place_text(ctx: Context, k: Knowledge | None, place: str) -> str:
    """A place that is a pathfinder country, named in the asker's language; any other as stored."""
    country = k.country_names.get(folded_name(place)) if k is not None and place else None
    return country_name(ctx, country) if country is not None else place


def event_item(ctx: Context, k: Knowledge, event) -> ListItem:
    item = event_handlers.list_item(ctx, event)
    if not event.place:
        return item
    detail = [event_handlers.when_text(ctx, event), event.tentative and " " + ctx.t("(tentative)"),
              f" · {place_text(ctx, k, event.place)}"]
    return ListItem(item.text, rich(*(d for d in detail if d)))


def event_answer(ctx: Context, event, k: Knowledge | None = None) -> Reply:
    fields = [Field(ctx.t("When"), rich(event_handlers.when_text(ctx, event),
                                         event.tentative and " " + ctx.t("(tentative)")))]
    if event.place:
        fields.append(Field(ctx.t("Where"), rich(place_text(ctx, k, event.place))))
    return Reply(title=event.title, fields=tuple(fields))


def events_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    if q.period and q.bound:
        found = in_period(k, q, ctx.today)
        title = ctx.t("Events {when}", when=bound_text(ctx, q))
        days = days_in(k, *year_at_most(q.span(ctx.today)))[:LIST_LIMIT]
    elif q.period:
        found = in_period(k, q)
        one_day = q.period.start == q.period.end
        title = (ctx.t("Events on {day}", day=period_text(ctx, q)) if one_day
                 else ctx.t("Events in {period}", period=period_text(ctx, q)))
        days = days_in(k, q.period.start, q.period.end)
    else:
        found = [e for e in k.events if e.ends_on >= ctx.today][:5]
        title, days = ctx.t("Coming events"), []
    if q.place and q.period:  # "in New York in July 2019": that place's events only, no international days
        title, days = f"{ctx.t('Events in {place}', place=q.place)} · {period_text(ctx, q)}", []
    items = [event_item(ctx, k, e) for e in found[:LIST_LIMIT]]
    items += [ListItem(rich(o.name_in(ctx.lang)), rich(ctx.tr.day(d), " · ", ctx.t("international day")))
              for d, o in days]
    if not q.period:
        none = ctx.t("No events are planned.")
    elif q.bound:
        none = ctx.t("No events {when}.", when=bound_text(ctx, q))
    elif q.period.start == q.period.end:
        none = ctx.t("No events on {day}.", day=period_text(ctx, q))
    else:
        none = ctx.t("No events in {period}.", period=period_text(ctx, q))
    if not items:
        return say(none)
    if not found:  # international days only: say first that no event is recorded
        return say(none, title=title, items=items)
    hidden = max(0, len(found) - LIST_LIMIT)  # "events in 2019": the first ten, and how many more
    return dataclasses.replace(say(title=title, items=items), more=hidden,
                               more_hint=ctx.t("Ask for one month, e.g. event list May 2019.") if hidden else None)


def place_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    """The events held in a place ("what's on in New York?"): those coming, or in the period asked,
    or the past ones when the question asks about the past."""
    everywhere = at_place(k, q)
    held = [e for e in everywhere if e.ends_on < ctx.today]
    past = (q.has("held", "last") and not q.has("happen")) or HAPPENED.search(q.folded)  # "se passe" is no past
    if q.period:
        here = in_period(k, q, ctx.today)
    elif past:
        here = held
    else:
        here = [e for e in everywhere if e.ends_on >= ctx.today]
    if not here and not q.period and not past and held:  # nothing coming there: what was held there, said as such
        return say(title=ctx.t("Nothing is coming up in {place}; events held there", place=q.place),
                   items=[event_item(ctx, k, e) for e in held])
    if not here:
        return say(ctx.t("No event in {place} is recorded for that time.", place=q.place))
    return say(title=ctx.t("Events in {place}", place=q.place), items=[event_item(ctx, k, e) for e in here])


def last_event_answer(ctx: Context, k: Knowledge) -> Reply:
    """The most recent event that has ended ("what was the last event?"); one recorded as tentative is
    not known to have been held."""
    past = [e for e in k.events if e.ends_on < ctx.today and not e.tentative]
    if not past:
        return say(ctx.t("No event is recorded before today."))
    return event_answer(ctx, max(past, key=lambda e: e.ends_on), k)


def year_at_most(span: tuple[date, date]) -> tuple[date, date]:
    """An open-ended span ("before March", "since May") cut to the year next to its limit, for the
    international days that fall in it: they come back every year."""
    start, end = span
    if start == date.min:
        start = end - timedelta(days=365)
    if end == date.max:
        end = start + timedelta(days=365)
    return start, end


def days_in(k: Knowledge, start: date, end: date) -> list[tuple[date, Observance]]:
    """The international days that fall between two dates (29 February only in leap years)."""
    found = [(day, o) for o in k.observances for day in o.between(start, end)]
    return sorted(found, key=lambda pair: pair[0])


# action groups and action items ---------------------------------------------
def lead_answer(ctx: Context, group) -> Reply:
    name = group_name(group, ctx.lang)
    if group.leads:
        text = ctx.t("The {group} group is led by {leads}.", group=name, leads=", ".join(group.leads))
    else:
        text = ctx.t("No lead is recorded for the {group} group.", group=name)
    return say(text, group.lead_note)


async def items_answer(ctx: Context, q: Question, *, overdue: bool) -> Reply:
    owner = group_id = None
    label = ""
    if q.has("mine") and not q.owner and not q.group:
        owner, label = ctx.user, ctx.t("yours")
    elif q.owner:
        owner, label = q.owner, q.owner
    elif q.group:
        group_id, label = q.group.id, group_name(q.group, ctx.lang)
    wanted = actions.ItemQuery(owner=owner, group_id=group_id, overdue_on=ctx.today if overdue else None)
    if q.owner and owner == q.owner and not await actions.count(ctx.session, wanted):
        # "what's left for ILO to do": the organisation owns nothing itself, and one of its own units
        # does ("ILO Global Business Network on …"); the list is titled with the unit, as read
        units = [o for o in await actions.organisations(ctx.session)
                 if folded_name(o).startswith(folded_name(q.owner) + " ")]
        if len(units) == 1:
            owner = label = units[0]
            wanted = dataclasses.replace(wanted, owner=owner)
    total = await actions.count(ctx.session, wanted)
    found: list[ActionItem] = await actions.find(ctx.session, wanted, limit=LIST_LIMIT)
    if not found and owner == ctx.user:
        return say(ctx.t("None of the open action items is assigned to you."))
    if overdue:
        if not found:
            text = (ctx.t("None of the open action items for {who} is overdue.", who=label) if label
                    else ctx.t("None of the open action items is overdue."))
            return say(text)
        title = ctx.t("Overdue action items")
    else:
        if not found:
            text = (ctx.t("No open action items for {who}.", who=label) if label
                    else ctx.t("No open action items."))
            return say(text)
        title = ctx.t("Open action items")
    if label:
        title += f" · {label}"
    shown = found[:LIST_LIMIT]
    return dataclasses.replace(
        say(title=f"{title} ({total})", items=[action_handlers.list_item(ctx, i) for i in shown]),
        more=max(0, total - len(shown)),  # "Open action items (21)" says how many more there are
        more_hint=ctx.t("Narrow the list with group <name> or owner <x>.") if total > len(shown) else None)


async def owner_answer(ctx: Context, item_id: int) -> Reply:
    """The item with its owners, due date, group and status: all of it from the data."""
    item = await actions.get(ctx.session, item_id)
    assert item is not None  # the catalogue was read in this same transaction
    owners = (rich(ctx.t("Owners"), label_separator(ctx.lang), *owners_text(item.owners)) if item.owners
              else rich(ctx.t("No owner is recorded.")))
    details = [part for part in (action_handlers.due_text(ctx, item)
                                 and ctx.t("due {date}", date=action_handlers.due_text(ctx, item)),
                                 group_name(item.group, ctx.lang), action_handlers.status_text(ctx, item)) if part]
    return Reply(body=(rich(f"{item.ref} · {item.text}"), owners, rich(" · ".join(details))))


async def group_answer(ctx: Context, q: Question) -> list[Reply]:
    assert q.group is not None
    about = lead_answer(ctx, q.group)
    if q.group.description and ctx.lang == "en":  # what it works on, as recorded (in English only)
        about = dataclasses.replace(about, body=(rich(q.group.description), *about.body))
    return [about, await items_answer(ctx, q, overdue=False)]


# not understood ---------------------------------------------------------------
def understood_names(ctx: Context, q: Question) -> list[str]:
    """What was recognised, named in the asker's language, each once."""
    names = [country_name(ctx, c) for c in q.countries] + [thing for thing in (
        q.group and group_name(q.group, ctx.lang), q.observance and q.observance.name_in(ctx.lang),
        q.event and q.event.title, q.region and ctx.t(q.region), q.owner,
        q.period and period_text(ctx, q)) if thing]
    return list(dict.fromkeys(names))


def nearest_commands(ctx: Context, q: Question) -> list[str]:
    """The commands closest to what the question is about, "!help" last."""
    commands = []
    if q.country:
        commands.append(f"{ctx.label('pathfinder')} {q.country.name}")
    elif q.countries or q.region or q.has("countries", "workshop", "held", "planned", "not_held", "tbc"):
        commands.append(f"{ctx.label('pathfinder')} list")
    if q.event:
        commands.append(f"{ctx.label('event')} show {q.event.ref}")
    elif q.has("events", "happen", "next") or q.period:
        commands.append(f"{ctx.label('event')} list")
    if q.observance or q.has("observances"):
        commands.append(f"{ctx.label('observance')} list")
    if q.owner:  # as typed on this platform, with what was recognised
        commands.append(f"{ctx.label('action')} list owner {q.owner}")
    elif q.group:
        commands.append(f"{ctx.label('action')} list group {q.group.key}")
    elif q.item_ref or q.has("open", "overdue", "owner", "due", "mine"):
        commands.append(f"{ctx.label('action')} list")
    commands.append(ctx.label("help"))
    return commands


def decline(ctx: Context, q: Question, *, unknown: list[str] | None = None) -> Reply:
    """No answer: what was understood, what was not, and the nearest commands. Marked declined."""
    paragraphs = []
    things = understood_names(ctx, q)
    if things:
        paragraphs.append(ctx.t("I understood: {things}.", things=", ".join(things)))
    words = q.unknown if unknown is None else unknown
    if words:
        paragraphs.append(ctx.t("I did not understand: {words}.", words=", ".join(f"“{w}”" for w in words)))
    elif things:
        paragraphs.append(ctx.t("I did not understand what you want to know about it."))
    else:
        paragraphs.append(ctx.t("I can answer questions about pathfinder countries, events, international days "
                                "and action items."))
    paragraphs.append(ctx.t("I would rather not guess. Try: {commands}.", commands=", ".join(nearest_commands(ctx, q))))
    return Reply(body=tuple(rich(p) for p in paragraphs), visibility=Visibility.PRIVATE, declined=True)


def not_understood(ctx: Context, q: Question) -> Reply:
    return decline(ctx, q, unknown=[])


def which_one(ctx: Context, q: Question) -> Reply:
    """Two days with close names: ask rather than pick one."""
    assert q.observance is not None and q.other_observance is not None
    first, second = q.observance.name_in(ctx.lang), q.other_observance.name_in(ctx.lang)
    question = ctx.t("Which one do you mean: {first} or {second}?", first=first, second=second)
    if q.more_observances:
        names = [o.name_in(ctx.lang) for o in (q.observance, q.other_observance, *q.more_observances)]
        question = ctx.t("Which one do you mean: {names}?", names="; ".join(names))
    return Reply(body=(rich(question),
                       rich(ctx.t("Try: {commands}.", commands=f"{ctx.label('observance')} list"))),
                 visibility=Visibility.PRIVATE, declined=True)


def which_one_of(ctx: Context, names: list[str], command: str, rest: str = "", *, more: bool = False) -> Reply:
    """One thing asked about without its name ("the action group", "the workshop", "world day"): ask
    which, with examples when there are some (``more``: there are others than those shown)."""
    question = (ctx.t("Which one do you mean: {names}?", names="; ".join(names) + ("; …" if more else ""))
                if names else ctx.t("Which one do you mean? Name it, or give its id."))
    commands = " ".join(p for p in (ctx.label(command), rest) if p)
    return Reply(body=(rich(question), rich(ctx.t("Try: {commands}.", commands=commands))),
                 visibility=Visibility.PRIVATE, declined=True)


def which_event(ctx: Context, k: Knowledge) -> Reply:
    """"When's the meeting?" with no meeting named: ask which, with the next few as examples."""
    coming = [e for e in k.events if e.ends_on >= ctx.today][:3]
    examples = "; ".join(f"{e.ref} {e.title}" for e in coming)
    text = ctx.t("Which one do you mean? Name it, or give its id: {examples}.", examples=examples) if coming \
        else ctx.t("Which one do you mean? Name it, or give its id.")
    return Reply(body=(rich(text), rich(ctx.t("Try: {commands}.", commands=f"{ctx.label('event')} list"))),
                 visibility=Visibility.PRIVATE, declined=True)


def other_country_answer(ctx: Context, q: Question) -> Reply:
    code = q.other_country or ""
    name = ctx.tr.babel_locale.territories.get(code, code)
    text = ctx.t("{name} is not one of the pathfinder countries I know. Type {command} to see them.",
                 name=name, command=f"{ctx.label('pathfinder')} list")
    return Reply(body=(rich(text),), declined=True)


# the decision -------------------------------------------------------------------
EVENT_MATCH = 1.0  # with most of the event's name in the question (see Knowledge._covers)
ITEM_MATCH = 2.5
COUNTRY_CUES = ("workshop", "status", "priorities", "next_steps", "challenges", "focal", "update", "countries")


async def answer(ctx: Context, text: str) -> Reply | list[Reply]:
    if (about_resources := await resources.answer_question(ctx, text)) is not None:
        return about_resources
    directory = await member_handlers.workspace_directory(ctx) if may_ask_for_people(text) else None
    if directory is not None and (about_members := await member_handlers.answer_question(
            ctx, text, directory=directory)) is not None:
        return about_members
    k = await knowledge(ctx)
    q = k.read(text, today=ctx.today, read_date=ctx.read_date)
    if q.lang:
        ctx.speak(q.lang)
    replies = await decide(ctx, q, k)
    if isinstance(replies, Reply) and replies.declined:
        # "trabajo forzoso en asia": nothing else, but every word a term of the members' directory
        # (the profiles read once, whichever way the question went)
        about_members = await member_handlers.answer_question(ctx, text, fragment=True, directory=directory)
        if about_members is not None:
            return about_members
    return replies


async def decide(ctx: Context, q: Question, k: Knowledge) -> Reply | list[Reply]:
    if q.unknown and q.has("challenges", "priorities") and not q.countries and not q.group and not q.has("count"):
        # "which pathfinders said resource mobilisation is a challenge": the words are the challenge's
        found = countries_by_text_answer(ctx, q, k)
        if found is not None:
            return found
    if q.unknown:  # a word nothing explains: the question may ask something else entirely
        return decline(ctx, q)
    if q.item_ref is not None and not q.countries:
        return await item_ref_answer(ctx, q)
    if q.event_ref is not None and not q.countries:
        event = next((e for e in k.events if e.id == q.event_ref), None)
        if event is None:
            return Reply(body=(rich(ctx.t("I know no event {ref}. Try: {command}.", ref=f"E{q.event_ref}",
                                          command=f"{ctx.label('event')} list")),), declined=True)
        return event_answer(ctx, event, k)
    if q.observance is not None and q.other_observance is not None:
        return which_one(ctx, q)
    if q.has("weekday") and q.period and ((q.event is not None and q.event_score >= EVENT_MATCH)
                                          or (q.observance is not None and not q.has("events"))):
        return weekday_answer(ctx, q)
    if (q.has("weekday") and q.period and len(q.countries) == 1 and q.has("workshop")
            and (country := q.countries[0]).workshop_start and country.workshop_precision == Precision.DAY):
        # "is the albania workshop this friday?": yes or no first, then the workshop as recorded
        reply = workshop_answer(ctx, country)
        same = country.workshop_start.weekday() == q.period.start.weekday()
        verdict = (ctx.t("Yes: it is on {date}.", date=ctx.tr.weekday_day(country.workshop_start)) if same
                   else ctx.t("No: it is on {date}.", date=ctx.tr.weekday_day(country.workshop_start)))
        return dataclasses.replace(reply, body=(rich(verdict), *reply.body))
    if q.has("due") and q.period and not q.countries:
        return await due_answer(ctx, q)
    if not q.countries and not q.other_country and not q.group and not q.owner and (
            (q.has("not_held", "tbc", "adopted") and (q.region or q.has("workshop", "countries")))
            or q.has("adopted")
            or (q.has("held", "planned") and (q.region or q.has("countries")))
            or (q.region and q.has("workshop", "countries", "count"))):
        return filtered_countries_answer(ctx, q, k)
    one_group = THE_GROUP.search(q.folded) is not None  # "who chairs the action group?": the group asked about
    if one_group and q.group is None and q.has("open") and not q.owner and not EVERY.search(q.folded):
        # "tasks of the action group": one group, not named; which one?
        return which_one_of(ctx, [group_name(g, ctx.lang) for g in k.groups], "action")
    if (q.owner and q.has("lead") and not q.has("open", "due", "owner") and not q.group and not q.countries
            and not one_group):
        return leads_of_answer(ctx, q, k)
    if q.has("groups") and not q.group and not q.countries and (not q.owner or one_group):
        if q.has("count"):
            return say(ctx.tn("There is {n} action group: {names}.", "There are {n} action groups: {names}.",
                              len(k.groups), names=", ".join(group_name(g, ctx.lang) for g in k.groups)))
        if q.has("lead") and q.has("without"):
            without = [g for g in k.groups if not g.leads]
            if not without:
                return say(ctx.t("Every action group has a lead recorded."))
            return say(title=ctx.t("Action groups with no lead recorded"),
                       items=[ListItem(rich(group_name(g, ctx.lang))) for g in without])
        if q.has("lead") and THE_GROUP.search(q.folded) and not EVERY.search(q.folded):
            # "who leads the action group?": one group, not named; which one?
            return which_one_of(ctx, [group_name(g, ctx.lang) for g in k.groups], "help")
        if q.has("lead"):  # "who leads each action group?"
            return say(title=ctx.t("Action groups and their leads"),
                       items=[ListItem(rich(group_name(g, ctx.lang)),
                                       rich(", ".join(g.leads) if g.leads else ctx.t("no lead recorded")))
                              for g in k.groups])
    if q.group and q.has("workshop", "events") and q.has("when", "where") and not q.countries:
        own = [e for e in k.events if e.group is not None and e.group.id == q.group.id]
        if len(own) == 1:
            return event_answer(ctx, own[0], k)
    if (q.has("owner") and q.item is not None and q.item_score >= ITEM_MATCH and not q.country
            and not (q.owner and q.has("open"))):  # "tasks owned by the Secretariat" lists them
        return await owner_answer(ctx, q.item)
    if q.has("overdue"):
        if NOT_OVERDUE.search(q.folded):  # "which actions are not overdue?": not the overdue ones
            return not_understood(ctx, q)
        return await items_answer(ctx, q, overdue=True)
    if (q.group and q.has("priorities") and not q.countries
            and not q.has("lead", "owner", "due", "overdue", "when", "where")):
        return await group_answer(ctx, q)  # "sur quoi travaille le groupe Migration ?": its work and its items
    if q.has("open", "due") and (q.owner or q.group or q.has("mine")) and (
            not q.countries or (q.owner and q.has("owner"))  # "acciones a cargo de Mauritania": its items
            or (q.owner and ITEM_WORDS.search(q.folded)  # "tareas de mauritania": the items it owns
                and not q.has("workshop", "priorities", "next_steps", "challenges", "status", "update"))):
        return await items_answer(ctx, q, overdue=False)
    if q.group and q.has("lead", "owner") and not q.countries:
        return lead_answer(ctx, q.group)
    if (q.group and q.has("groups") and q.has("priorities") and not q.countries
            and not q.has("lead", "owner", "open", "due", "overdue", "when", "where")):
        return await group_answer(ctx, q)  # "what does the migration action group work on?"
    if q.countries and q.has("focal") and not q.has("region"):
        directory = await members.in_workspace(ctx.session, workspace_of(ctx.user))
        return [focal_answer(ctx, c, directory) for c in q.countries[:3]]
    if q.countries:
        return [country_answer(ctx, q, c) for c in q.countries[:3]]
    if q.other_country:
        return other_country_answer(ctx, q) if q.has(*COUNTRY_CUES) else not_understood(ctx, q)
    if q.has("count"):
        counted = count_answer(ctx, q, k)
        if counted is not None:
            return counted
        if not q.has("open", "overdue", "until", "when"):  # "how many children are in child labour?": not ours
            return not_understood(ctx, q)
    if q.region and q.has("countries", "workshop", "count"):
        return region_answer(ctx, q, k)
    if q.observance is not None:
        if q.region and not q.has("countries", "workshop"):
            # "international day of the African child": a day the bot does not have, not this one
            return not_understood(ctx, q)
        return observance_answer(ctx, q.observance)
    if q.has("observances") and not q.event_score >= EVENT_MATCH:
        return observances_answer(ctx, q, k)
    if q.has("workshop") and not q.has("events") and (q.period or not (q.event and q.event_score >= EVENT_MATCH)):
        if (THE_WORKSHOP.search(q.folded) and q.has("when") and not q.period and not q.has("next", "last")
                and not EVERY.search(q.folded)):  # "l'atelier c'est à quelle date déjà ?": which country's?
            coming = sorted((c for c in k.countries if c.workshop_start and c.workshop_start >= ctx.today),
                            key=lambda c: c.workshop_start or date.max)
            return which_one_of(ctx, [country_name(ctx, c) for c in coming[:3]], "pathfinder",
                                more=len(coming) > 3 or len(coming) < len(k.countries))
        if q.period or q.has("held", "planned", "next", "countries"):
            return workshops_answer(ctx, q, k)
    if q.place and not q.has("workshop") and not (q.event and q.event_score >= EVENT_MATCH and not q.has("events")):
        return place_answer(ctx, q, k)
    if q.event is not None and q.event_score >= EVENT_MATCH and not q.period:
        return event_answer(ctx, q.event, k)
    if q.has("the_one") and not (q.event or q.period or q.group or q.has("next", "count")):
        return which_event(ctx, k)
    if q.period:
        return events_answer(ctx, q, k)
    if q.has("events") and q.has("last") and not q.has("next"):
        return last_event_answer(ctx, k)
    if q.has("open"):
        return await items_answer(ctx, q, overdue=False)
    if q.has("next", "events", "happen"):
        return events_answer(ctx, q, k)
    if q.region:
        return region_answer(ctx, q, k)
    if q.group:
        return await group_answer(ctx, q)
    return not_understood(ctx, q)


HELP_POSITION = 180  # where these commands come in !help
fallback(answer, command="ask")  # also asked by the command "ask" ("/ask …")
