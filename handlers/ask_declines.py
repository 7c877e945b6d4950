"""Declining to answer: what was understood and the nearest commands, or asking back which one was meant."""

from __future__ import annotations

from bot.context import Context
from bot.messages import Reply, Visibility, rich
from bot.qa.understand import Knowledge, Question
from handlers.ask_wording import period_text
from handlers.common import group_name
from handlers.pathfinder import country_name

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
