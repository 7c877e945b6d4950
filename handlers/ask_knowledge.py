"""What questions are answered from: the stored data, kept between questions, and what falls in a period or place."""

from __future__ import annotations

from datetime import date, timedelta

from bot.context import Context
from bot.directory import DIRECTION_WORDS, REGION_ALIASES
from bot.qa.cache import KnowledgeCache
from bot.qa.understand import ItemCatalog, Knowledge, Question
from storage import actions, events, groups, observances, pathfinders
from storage.models import Observance

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
    return await actions.items_changed_since(ctx.session, since, above_id, ids)


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


def in_period(k: Knowledge, q: Question, today: date = date.min) -> list:
    """The events in the question's period (or before, after or by it, counted from ``today``), and in
    its place when it names one ("in New York in July")."""
    assert q.period is not None
    start, end = q.span(today)
    return [e for e in at_place(k, q) if e.starts_on <= end and e.ends_on >= start]


def at_place(k: Knowledge, q: Question) -> list:
    """The events in the place the question names (all of them when it names none)."""
    return [e for e in k.events if not q.place or e.place == q.place]


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
