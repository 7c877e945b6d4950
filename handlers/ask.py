"""Questions in plain language, in English, French or Spanish, answered from the stored data.

``bot.qa`` reads the question (language, what is asked, about what); ``decide`` here
picks the answer, and the functions of the ``ask_*`` modules beside this one look the
facts up and word it in the asker's language. When the question is not understood the
answer says what was recognised and points to a command; it never guesses a fact.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date

from bot.community import workspace_of
from bot.directory import may_ask_for_people
from bot.context import Context
from bot.messages import ListItem, Reply, rich
from bot.qa.understand import Knowledge, Question
from bot.router import fallback
from handlers import events as event_handlers
from handlers import member_directory
from handlers import resources
from handlers.ask_calendar import (
    EVENT_MATCH,
    event_answer,
    events_answer,
    last_event_answer,
    observance_answer,
    observances_answer,
    place_answer,
    weekday_answer,
)
from handlers.ask_countries import (
    HELD,
    countries_by_text_answer,
    country_answer,
    days_until_workshop,
    focal_answer,
    region_answer,
    workshop_answer,
)
from handlers.ask_declines import decline, not_understood, other_country_answer, which_event, which_one, which_one_of
from handlers.ask_items import (
    due_answer,
    group_answer,
    item_ref_answer,
    items_answer,
    lead_answer,
    leads_of_answer,
    owner_answer,
)
from handlers.ask_knowledge import at_place, in_period, knowledge
from handlers.ask_wording import LIST_LIMIT, names, say
from handlers.ask_workshops import filtered_countries_answer, in_workshop_period, last_workshops_answer, workshops_answer
from handlers.common import body_name, group_name
from handlers.pathfinder import country_name
from storage import members
from storage.models import PathfinderStatus, Precision

NOT_OVERDUE = re.compile(r"(?<![a-z])(?:not|no|pas|ni|aren t|isn t)\s+(?:yet\s+|encore\s+)?"
                         r"(?:overdue|late|en retard|vencid|atrasad|retrasad)")
# one action group or one workshop, not named ("who leads the action group?", "l'atelier c'est quand ?")
THE_GROUP = re.compile(r"(?<![a-z])(?:the|le|el|du|del|au|al)\s+(?:action\s+group|groupe\s+d\s+action|grupo\s+de\s+accion)"
                       r"(?!\s*(?:s|for|on|of|pour|sur|de|del|en)\b)(?![a-z])")
THE_WORKSHOP = re.compile(r"(?<![a-z])(?:the|le|la|el|l)\s+(?:workshop|atelier|taller)(?![a-z])"
                          r"(?!\s+(?:in|of|for|de|du|des|en|del|pour|para)\b)")
DAYS = re.compile(r"(?<![a-z])(?:days|jours|dias)(?![a-z])")
# "days until world refugee day", "jours avant la journée …", "días para el …": counted, as "how many days"
DAYS_UNTIL = re.compile(r"(?<![a-z])(?:days|jours|dias)\s+(?:left\s+)?(?:until|till|before|to|avant|jusqu a|jusqu au|"
                        r"hasta|antes de|antes del|para|faltan para)(?![a-z])")
# words that can only mean action items ("tasks of Nepal": TASK_WORDS), and those that may (ITEM_WORDS:
# "actions du Népal" may be what Nepal has done)
_TASKS = r"tasks?|taches?|tareas?|action items?"
TASK_WORDS = re.compile(rf"(?<![a-z])(?:{_TASKS}|to ?dos?)(?![a-z])")
ITEM_WORDS = re.compile(rf"(?<![a-z])(?:{_TASKS}|actions|acciones|accion|l action)(?![a-z])")
# "who heads the ILO?": a person asked for, where the bot knows only the groups organisations lead
WHO = re.compile(r"(?<![a-z])(?:who|whom|qui|quien|quienes)(?![a-z])")
# what a group is for, in English ("what does the migration group do?"); the cue "role" in the three languages
GROUP_ROLE = re.compile(r"(?<![a-z])what\s+(?:does|do)\s+.*\s+do(?![a-z])")
EVERY = re.compile(r"(?<![a-z])(?:each|every|all|chaque|tous|toutes|cada|todos|todas|groups|groupes|grupos)(?![a-z])")


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


# the decision -------------------------------------------------------------------
ITEM_MATCH = 2.5
COUNTRY_CUES = ("workshop", "status", "priorities", "next_steps", "challenges", "focal", "update", "countries")


async def answer(ctx: Context, text: str) -> Reply | list[Reply]:
    if (about_resources := await resources.answer_question(ctx, text)) is not None:
        return about_resources
    directory = await member_directory.workspace_directory(ctx) if may_ask_for_people(text) else None
    if directory is not None and (about_members := await member_directory.answer_question(
            ctx, text, directory=directory)) is not None:
        return about_members
    k = await knowledge(ctx)
    q = k.read(text, today=ctx.today, read_date=ctx.read_date)
    person = ctx.incoming.user_id
    if q.lang:
        ctx.speak(q.lang)
        ctx.kept.remember_language(person, q.lang)
    elif not ctx.own_language and (last := ctx.kept.languages.get(person)) is not None:
        ctx.speak(last)  # "E10" alone tells no language: the one this person was writing in
    replies = await decide(ctx, q, k)
    if isinstance(replies, Reply) and replies.declined:
        # "trabajo forzoso en asia": nothing else, but every word a term of the members' directory
        # (the profiles read once, whichever way the question went)
        about_members = await member_directory.answer_question(ctx, text, fragment=True, directory=directory)
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
    if q.observance is not None and q.observance_in_part and not (q.event and q.event_score >= EVENT_MATCH):
        # "journée des travailleurs": the domestic workers' day, or one the bot does not have
        return Reply(body=(rich(ctx.t("Do you mean {name}? I know no other day by that name.",
                                      name=q.observance.name_in(ctx.lang))),
                           rich(ctx.t("Try: {commands}.", commands=f"{ctx.label('observance')} list"))),
                     declined=True)
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
        if WHO.search(q.folded):
            return Reply(body=(rich(ctx.t("I do not know who heads an organisation, only which action groups "
                                          "each leads. Try: {command}.", command=ctx.label("help"))),),
                         declined=True)
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
                                       rich(", ".join(body_name(ctx, lead) for lead in g.leads) if g.leads
                                            else ctx.t("no lead recorded")))
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
    if (q.group and (q.has("priorities", "role") or GROUP_ROLE.search(q.folded)) and not q.countries
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
    if (len(q.countries) == 1 and not q.owner and not q.group and TASK_WORDS.search(q.folded)
            and not q.has("workshop", "priorities", "next_steps", "challenges", "status", "update", "focal")):
        # "tasks of Nepal": the action items it owns (none: said so, rather than the country's card)
        return await items_answer(ctx, dataclasses.replace(q, owner=q.countries[0].name), overdue=q.has("overdue"))
    if (len(q.countries) == 1 and q.has("workshop") and ((q.has("count") and DAYS.search(q.folded))
                                                          or DAYS_UNTIL.search(q.folded))):
        # "atelier ouganda c'est dans combien de jours": the days until it, then the workshop as recorded
        return days_until_workshop(ctx, q.countries[0])
    if (q.countries and WHO.search(q.folded) and q.has("lead")
            and not q.has("workshop", "focal", "groups", "open", "owner", "events")):
        return not_understood(ctx, q)  # "qui est le président de la Tunisie ?": not what the bot knows
    if q.countries and q.has("focal") and not q.has("region"):
        directory = await members.in_workspace(ctx.session, workspace_of(ctx.user))
        return [focal_answer(ctx, c, directory) for c in q.countries[:3]]
    if q.countries:
        return [country_answer(ctx, q, c) for c in q.countries[:3]]
    if q.other_country:
        return other_country_answer(ctx, q) if q.has(*COUNTRY_CUES) else not_understood(ctx, q)
    if q.observance is not None and ((q.has("count") and DAYS.search(q.folded)) or DAYS_UNTIL.search(q.folded)):
        # "combien de jours avant la journée mondiale …": the days until it, not how many days there are
        return observance_answer(ctx, q.observance, count_days=True)
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
        return observance_answer(ctx, q.observance, q=q)
    if q.has("observances") and not q.event_score >= EVENT_MATCH:
        return observances_answer(ctx, q, k)
    if q.has("workshop") and not q.has("events") and (q.period or not (q.event and q.event_score >= EVENT_MATCH)):
        if (THE_WORKSHOP.search(q.folded) and q.has("when") and not q.period and not q.has("next", "last")
                and not EVERY.search(q.folded)):  # "l'atelier c'est à quelle date déjà ?": which country's?
            coming = sorted((c for c in k.countries if c.workshop_start and c.workshop_start >= ctx.today),
                            key=lambda c: c.workshop_start or date.max)
            return which_one_of(ctx, [country_name(ctx, c) for c in coming[:3]], "pathfinder",
                                more=len(coming) > 3 or len(coming) < len(k.countries))
        if q.has("last") and not q.has("next", "planned") and not q.period and not EVERY.search(q.folded):
            return last_workshops_answer(ctx, k)
        if q.period or q.has("held", "planned", "next", "countries"):
            return workshops_answer(ctx, q, k)
    if q.place and not (q.event and q.event_score >= EVENT_MATCH and not q.has("events")) and (
            not q.has("workshop") or not (q.countries or q.region or q.has("countries"))):
        return place_answer(ctx, q, k)  # "taller de Abiyán cuándo": what is held there (a pathfinder's is not)
    if q.event is not None and q.event_score >= EVENT_MATCH and not q.period:
        return event_answer(ctx, q.event, k)
    if q.has("the_one") and not (q.event or q.period or q.group or q.has("next", "count")):
        return which_event(ctx, k)
    if q.period:
        return events_answer(ctx, q, k)
    if q.has("events") and q.has("last") and not q.has("next"):
        return last_event_answer(ctx, q, k)
    if q.has("open"):
        return await items_answer(ctx, q, overdue=False)
    if q.has("next", "events", "happen"):
        return events_answer(ctx, q, k)
    if q.region:
        return region_answer(ctx, q, k)
    if q.group:
        if q.has("when") and not q.has("workshop", "events", "due", "open", "lead", "priorities"):
            # "world humanitarian day when": a group's card does not say when anything is
            return not_understood(ctx, q)
        return await group_answer(ctx, q)
    return not_understood(ctx, q)


HELP_POSITION = 180  # where these commands come in !help
fallback(answer, command="ask")  # also asked by the command "ask" ("/ask …")
