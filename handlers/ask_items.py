"""Answers about action groups and their open action items: leads, owners, what is due or overdue."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from bot.context import Context
from bot.messages import Reply, label_separator, rich
from bot.qa.lexicon import ORGANISATION_ALIASES
from bot.qa.understand import Knowledge, Question
from bot.qa.understand import folded as folded_name
from handlers import actions as action_handlers
from handlers.ask_wording import LIST_LIMIT, bound_text, period_phrase, period_text, say
from handlers.common import body_name, group_name, owners_text
from handlers.pathfinder import country_name
from storage import actions
from storage.models import ActionItem

def leads_of_answer(ctx: Context, q: Question, k: Knowledge) -> Reply:
    """The groups an organisation leads ("which group does the ILO lead?")."""
    asked = folded_name(q.owner or "")
    asked = folded_name(ORGANISATION_ALIASES.get(asked, asked))  # "la OIM" is the IOM
    led = [g for g in k.groups if any(folded_name(lead) == asked for lead in g.leads)]
    if not led:
        return say(ctx.t("No action group is recorded as led by {who}.", who=body_name(ctx, q.owner or "")))
    return say(ctx.t("{who} leads: {groups}.", who=body_name(ctx, q.owner or ""),
                     groups=", ".join(group_name(g, ctx.lang) for g in led)))


async def item_ref_answer(ctx: Context, q: Question) -> Reply:
    """An action item named by its reference ("A12"): who owns it, or what it is."""
    assert q.item_ref is not None
    item = await actions.get(ctx.session, q.item_ref)
    if item is None:
        return Reply(body=(rich(ctx.t("I know no action item {ref}. Try: {command}.", ref=f"A{q.item_ref}",
                                      command=f"{ctx.label('action')} list")),), declined=True)
    answer = await owner_answer(ctx, item.id)
    if item.due_date is None and q.has("due", "when"):  # "A3 c'est pour quand ?": say there is no date
        return dataclasses.replace(answer, body=(rich(ctx.t("No due date is recorded for {ref}.", ref=item.ref)),
                                                 *answer.body))
    return answer


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


def lead_answer(ctx: Context, group) -> Reply:
    name = group_name(group, ctx.lang)
    if group.leads:
        text = ctx.t("The {group} group is led by {leads}.", group=name,
                     leads=", ".join(body_name(ctx, lead) for lead in group.leads))
    else:
        text = ctx.t("No lead is recorded for the {group} group.", group=name)
    # the note on its lead is stored in English: shown to those who read English; a group with no lead
    # recorded says what it has instead ("its first workshop will be led by OHCHR") in its description
    note = group.lead_note if ctx.lang == "en" else ("" if group.leads else group.description_in(ctx.lang))
    return say(text, note)


async def items_answer(ctx: Context, q: Question, *, overdue: bool) -> Reply:
    owner = group_id = None
    label = ""
    if q.has("mine") and not q.owner and not q.group:
        owner, label = ctx.user, ctx.t("yours")
    elif q.owner:
        country = next((c for c in q.countries if c.name == q.owner), None)  # a country's name in the asker's language
        owner, label = q.owner, country_name(ctx, country) if country is not None else q.owner
    elif q.group:
        group_id, label = q.group.id, group_name(q.group, ctx.lang)
    wanted = actions.ItemQuery(owner=owner, group_id=group_id, overdue_on=ctx.today if overdue else None)
    total = await actions.count(ctx.session, wanted)
    if q.owner and owner == q.owner and not total:
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
    owners = (rich(ctx.t("Owners"), label_separator(ctx.lang), *owners_text(ctx, item.owners)) if item.owners
              else rich(ctx.t("No owner is recorded.")))
    details = [part for part in (action_handlers.due_text(ctx, item)
                                 and ctx.t("due {date}", date=action_handlers.due_text(ctx, item)),
                                 group_name(item.group, ctx.lang), action_handlers.status_text(ctx, item)) if part]
    return Reply(body=(rich(f"{item.ref} · {item.text}"), owners, rich(" · ".join(details))))


async def group_answer(ctx: Context, q: Question) -> list[Reply]:
    assert q.group is not None
    about = lead_answer(ctx, q.group)
    if described := q.group.description_in(ctx.lang):  # what it works on, as recorded, in the reader's language
        about = dataclasses.replace(about, body=(rich(described), *about.body))
    return [about, await items_answer(ctx, q, overdue=False)]
