"""Answers about the calendar: events, the places they are held in, and international days."""

from __future__ import annotations

import dataclasses
import re

from bot.context import Context
from bot.messages import Field, ListItem, Reply, rich
from bot.qa.lexicon import GENERIC_NAME_WORDS
from bot.qa.understand import Knowledge, Question, content_words
from bot.qa.understand import folded as folded_name
from handlers import events as event_handlers
from handlers.ask_declines import not_understood, which_one_of
from handlers.ask_knowledge import at_place, days_in, in_period, year_at_most
from handlers.ask_wording import LIST_LIMIT, bound_text, period_phrase, period_text, say
from handlers.pathfinder import country_name
from storage.models import Observance, Precision

# "what happened in Abidjan?": the past, where "what happens" and "se passe" are not
HAPPENED = re.compile(r"(?<![a-z])(?:happened|took place|s est passe|se sont passes|a eu lieu|ont eu lieu|paso|"
                      r"pasaron|ocurrio|ocurrieron|hubo)(?![a-z])")
EVENT_MATCH = 1.0  # with most of the event's name in the question (see Knowledge._covers)
WORLD = re.compile(r"(?<![a-z])(?:world|mondiale|mundial)(?![a-z])")
# a question about international days in the plural ("coming days", "journées", "días"): a list
PLURAL_DAYS = re.compile(r"\b(?:days|observances|journees|jours|dias|fetes|celebrations|jornadas|commemorations)\b")


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


def observance_answer(ctx: Context, observance: Observance, *, count_days: bool = False,
                      q: Question | None = None) -> Reply:
    """The day's next date; ``count_days``: how many days away it is first ("how many days until …").
    With the question: its date in the period the question names ("cette année", "en 2019", "last
    year"), or the last one when it asks in the past ("when was …", "cuándo fue …")."""
    day = observance.next_on_or_after(ctx.today)
    if q is not None and q.period is not None and not q.bound:
        within = observance.between(q.period.start, q.period.end)
        if not within:  # "is human rights day this week?": not then; when it is
            return say(ctx.t("{name} is on {date}, outside {period}.", name=observance.name_in(ctx.lang),
                             period=period_text(ctx, q), date=ctx.tr.weekday_day(day)))
        day = within[0]
        if len(within) > 1:  # "in 2018 or 2019"
            return say(ctx.t("{name}: {dates}.", name=observance.name_in(ctx.lang),
                             dates="; ".join(ctx.tr.weekday_day(d) for d in within)))
    elif q is not None and q.has("was") and not q.has("next", "planned"):
        day = observance.last_on_or_before(ctx.today)
    away = (day - ctx.today).days
    counted = ((ctx.t("Today.") if away == 0 else ctx.tn("In {n} day.", "In {n} days.", away)) + " ") if count_days else ""
    # the stored description in the reader's language; none where it has none in it
    return say(counted + ctx.t("{name}: {date}.", name=observance.name_in(ctx.lang), date=ctx.tr.weekday_day(day)),
               observance.about(ctx.lang))


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
        unexplained = [w for w in content_words(q.folded) if w not in GENERIC_NAME_WORDS]
        if (unexplained and not PLURAL_DAYS.search(q.folded)
                and not q.has("next", "last", "count", "countries", "planned", "remaining", "until", "when")):
            # "journée internationale de la fille": one day named, and none of the days the bot has
            return not_understood(ctx, q)
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
    if event.description and ctx.lang == "en":  # stored in English only: not inside another language's answer
        fields.append(Field(ctx.t("About"), rich(event.description)))
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


def last_event_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    """The most recent event that has ended ("what was the last event?"), tentative ones included (the
    answer says so); asked what was last held, one recorded as tentative is not known to have been."""
    past = [e for e in k.events if e.ends_on < ctx.today and not (e.tentative and q.has("held"))]
    if not past:
        return say(ctx.t("No event is recorded before today."))
    return event_answer(ctx, max(past, key=lambda e: e.ends_on), k)
