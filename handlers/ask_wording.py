"""How answers are worded: a reply of paragraphs, a list of countries, a period as a sentence says it."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.context import Context
from bot.messages import Reply, Visibility, rich
from bot.qa.understand import Question
from handlers.pathfinder import country_name
from storage.models import PathfinderCountry, Precision

LIST_LIMIT = 10


def say(*paragraphs: str, title: str | None = None, items=(), visibility=Visibility.CHANNEL) -> Reply:
    return Reply(title=title, body=tuple(rich(p) for p in paragraphs if p), items=tuple(items),
                 visibility=visibility)


def names(ctx: Context, countries: list[PathfinderCountry]) -> str:
    return ", ".join(country_name(ctx, c) for c in countries)


def tidy(ctx: Context, text: str) -> str:
    """A sentence with an empty part left out: no double space, and no space before a colon but in
    French, where it belongs."""
    text = re.sub(r" {2,}", " ", text)
    return text if ctx.lang == "fr" else text.replace(" :", ":")


def period_text(ctx: Context, q: Question) -> str:
    assert q.period is not None
    start, end = q.period.start, q.period.end
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and start.year == end.year:
        return str(start.year)  # "in 2018"
    return ctx.tr.span(start, end, q.period.precision)


def period_phrase(ctx: Context, q: Question) -> str:
    """The period as a sentence says it: "in May 2019", "on 14 May 2019", "before March 2019"."""
    if q.bound:
        return bound_text(ctx, q)
    assert q.period is not None
    if q.period.start == q.period.end:
        return ctx.t("on {day}", day=period_text(ctx, q))
    start, end = q.period.start, q.period.end
    whole_month = start.day == 1 and (end + timedelta(days=1)).day == 1 and (start.year, start.month) == (end.year, end.month)
    if q.period.precision == Precision.DAY and not whole_month and not (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        # "this week", "within a month": "from 4 December 2026 to 2 January 2027", not "in 4 Dec – 2 Jan"
        return ctx.t("from {start} to {end}", start=ctx.tr.day(start), end=ctx.tr.day(end))
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
    assert q.period is not None
    start, end = q.period.start, q.period.end
    if not (start.day == 1 and (end + timedelta(days=1)).day == 1 and (start.year, start.month) == (end.year, end.month)):
        # "by the end of the year", "d'ici fin 2027": by its last day, not "by 1 Jun – 31 Dec 2019"
        period = ctx.tr.day(end)
    return ctx.t("by {period}", period=period)
