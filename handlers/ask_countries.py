"""Answers about a pathfinder country (workshop, status, priorities, focal point, updates) and about a region."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from bot.context import Context
from bot.i18n import N_
from bot.matching import fold
from bot.messages import ListItem, Mention, Reply, rich
from bot.qa.understand import Knowledge, Question, content_words, expand, stem
from handlers.ask_wording import LIST_LIMIT, bound_text, names, period_text, say
from handlers.pathfinder import (
    THEME_LABELS,
    country_name,
    country_status,
    source_line,
    update_text,
    workshop_text,
)
from storage.members import MemberProfile
from storage.models import PathfinderCountry, PathfinderStatus, Precision

HELD = (PathfinderStatus.WORKSHOP_HELD, PathfinderStatus.ROADMAP_ADOPTED, PathfinderStatus.ACTION_PLAN_ADOPTED)


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


def days_until_workshop(ctx: Context, country: PathfinderCountry) -> Reply:
    """How many days until a country's workshop, before the workshop as recorded; a date gone by, or
    known only to the month, is not counted."""
    answer = workshop_answer(ctx, country)
    start = country.workshop_start
    if start is None or start < ctx.today or country.workshop_precision != Precision.DAY:
        return answer
    away = (start - ctx.today).days
    counted = ctx.t("Today.") if away == 0 else ctx.tn("In {n} day.", "In {n} days.", away)
    return dataclasses.replace(answer, body=(rich(counted), *answer.body))


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
