"""Pathfinder workshops: those of a period, and the countries a workshop status, region or period picks out."""

from __future__ import annotations

import re
from datetime import date

from bot.context import Context
from bot.i18n import N_
from bot.messages import ListItem, Reply, rich
from bot.qa.understand import Knowledge, Question
from handlers.ask_countries import HELD
from handlers.ask_wording import bound_text, names, period_phrase, period_text, say, tidy
from handlers.pathfinder import country_name, country_status, in_region, workshop_text
from storage.models import PathfinderCountry, PathfinderStatus

NOT_ADOPTED = re.compile(r"(?<![a-z])(?:no|not|without|sans|pas|aucun|aucune|sin|ningun|ninguna)\s+(?:[a-z]+\s+){0,3}?"
                         r"(?:plan|roadmap|road map|feuille|hoja|adopt)")

# what is left from now on: "which are left before the end of the year", "il reste", "d'ici", "quedan"
REMAINING = re.compile(r"(?<![a-z])(?:left|remain|remaining|il reste|restent|restant|restants|d ici|quedan|quedar)(?![a-z])")


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
    if not found and not q.period and not q.has("held"):
        # nothing ahead, but workshops recorded as planned for dates gone by: say so, not "none planned"
        gone_by = sorted((c for c in k.countries if c.status not in HELD and c.workshop_start
                          and (c.workshop_end or c.workshop_start) < ctx.today), key=lambda c: c.workshop_start or date.max)
        if gone_by:
            return say(title=ctx.t("No pathfinder workshop is planned from today on. Planned for dates gone by, "
                                   "not recorded as held:"),
                       items=[ListItem(rich(country_name(ctx, c)), rich(workshop_text(ctx, c))) for c in gone_by])
    if not found:
        return say(empty)
    return say(title=title, items=[ListItem(rich(country_name(ctx, c)), rich(workshop_text(ctx, c))) for c in found])


def last_workshops_answer(ctx: Context, k: Knowledge) -> Reply:
    """The most recent workshop recorded as held ("what was the last workshop?"), with any other held the
    same day; one planned for a date gone by is not known to have been held."""
    held = [c for c in k.countries if c.status in HELD and c.workshop_start and c.workshop_start <= ctx.today]
    if not held:
        return say(ctx.t("No pathfinder workshop has been held yet."))
    ends = {c.id: c.workshop_end or c.workshop_start or date.min for c in held}
    last = max(ends.values())
    latest = [c for c in held if ends[c.id] == last]
    return say(title=ctx.t("The last pathfinder workshop held"),
               items=[ListItem(rich(country_name(ctx, c)), rich(workshop_text(ctx, c))) for c in latest])


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


def in_workshop_period(country: PathfinderCountry, q: Question, today: date) -> bool:
    """No period asked, or the country's workshop falls in it."""
    if q.period is None:
        return True
    start, end = q.span(today)
    if q.bound in ("before", "by") and not q.has("next") and not REMAINING.search(q.folded):
        # workshops are a record: "before June" is every one until then; what is "left", "still" to come
        # "by the end of the year", "d'ici la fin de l'année", is from today
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
                 else in_region(ctx, q.region))
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
