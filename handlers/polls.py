"""!poll: a question with options, voted on with Slack buttons or ``!poll vote``.

One choice per person or several (``multiple``), named or ``anonymous`` results, results ``hidden``
until the poll closes, and a closing time (``closes Friday 17:00``) at which a scheduled post
announces the results once. A person may change their vote until the poll closes.
"""

from __future__ import annotations

import re
from datetime import datetime, time
from zoneinfo import ZoneInfo

from bot.arguments import Ref, Rest, stored_ref
from bot.context import Context
from bot.errors import NotFound, UsageError
from bot.i18n import N_
from bot.matching import fold
from bot.messages import (Action, Ballot, Field, ListItem, Mention, Reply, Span, Subject, Tone, Visibility,
                          label_separator, rich)
from bot.router import command, Family, posts
from handlers.common import check_length, read_back, require, split_options
from storage import polls
from storage.occurrences import Claimed, Planned
from storage.polls import Poll
from bot.planning import occurrence_key, plans, stamp, Window

CREATE_USAGE = 'create "<question>" options <a>, <b>[, …] [multiple] [anonymous] [hidden] [closes <date>]'
FLAGS = ("multiple", "anonymous", "hidden")
# the flags and keywords in the three languages (folded) → the English word
FLAG_WORDS = {"multiple": "multiple", "plusieurs": "multiple", "multiples": "multiple", "varias": "multiple",
              "multiple-choice": "multiple", "anonymous": "anonymous", "anonyme": "anonymous", "anonima": "anonymous",
              "anonimo": "anonymous", "hidden": "hidden", "masque": "hidden", "cache": "hidden", "cachee": "hidden",
              "masquee": "hidden", "oculta": "hidden", "oculto": "hidden", "ocultos": "hidden"}
OPTION_WORDS = ("options", "choix", "opciones")
CLOSING_WORDS = ("closes", "cloture", "clôture", "ferme", "cierra", "cierre")
MAX_OPTIONS = 10
# a reaction with an option's number votes for it, where the platform has reactions: 1⃣ … 9⃣, 🔟
VOTE_EMOJI = {n: f"{n}\u20e3" for n in range(1, 10)} | {10: "🔟"}


def is_closed(poll: Poll, now: datetime) -> bool:
    return poll.closed_at is not None or (poll.closes_at is not None and poll.closes_at <= now)


def read_options(ctx: Context, text: str) -> tuple[list[str], set[str]]:
    """ "a, b, c multiple hidden" → (["a", "b", "c"], {"multiple", "hidden"})."""
    flags: set[str] = set()
    words = text.split()
    while words and fold(words[-1]) in FLAG_WORDS:
        flags.add(FLAG_WORDS[fold(words.pop())])
    options = [o.strip() for o in re.split(r"\s*[,;]\s*", " ".join(words)) if o.strip()]
    if not 2 <= len(options) <= MAX_OPTIONS:
        raise UsageError(ctx.t("A poll needs 2 to {n} options, separated by commas.", n=MAX_OPTIONS),
                         usage="poll create", examples='!poll create "Next call?" options Monday, Tuesday')
    if len({o.casefold() for o in options}) != len(options):
        raise UsageError(ctx.t("Each option must be different."), usage="poll create")
    return [check_length(ctx, o, ctx.t("option"))[:80] for o in options], flags


def card(ctx: Context, poll: Poll, headline: str | None = None) -> Reply:
    closed = is_closed(poll, ctx.now)
    show = closed or not poll.hidden
    counts = {n: [v.voter for v in poll.votes if v.option == n] for n in range(1, len(poll.options) + 1)}
    items = []
    for n, option in enumerate(poll.options, start=1):
        detail: list[Span] = []
        if show:
            detail.append(ctx.tn("{n} vote", "{n} votes", len(counts[n])))
            if not poll.anonymous and counts[n]:
                for voter in counts[n]:
                    detail += [", " if len(detail) > 1 else label_separator(ctx.lang), Mention(voter)]
        actions = () if closed else (Action(ctx.t("Vote"), "poll_vote", f"{poll.id} {n}", emoji=VOTE_EMOJI[n]),)
        items.append(ListItem(rich(f"{n}. {option}"), rich(*detail), actions))
    fields = [
        Field(ctx.t("Choices"), rich(ctx.t("several per person") if poll.multiple else ctx.t("one per person"))),
        Field(ctx.t("Votes"), rich(ctx.t("anonymous") if poll.anonymous else ctx.t("named"))),
    ]
    if poll.hidden and not closed:
        fields.append(Field(ctx.t("Results"), rich(ctx.t("shown when the poll closes"))))
    if poll.closes_at is not None:
        fields.append(Field(ctx.t("Closed") if closed else ctx.t("Closes"),
                            rich(ctx.tr.moment(poll.closes_at.astimezone(ZoneInfo(ctx.tz))))))
    elif poll.closed_at is not None:
        fields.append(Field(ctx.t("Closed"), rich(ctx.tr.moment(poll.closed_at.astimezone(ZoneInfo(ctx.tz))))))
    voters = len({v.voter for v in poll.votes})
    return Reply(title=f"{poll.ref} · {poll.question}", body=(rich(headline),) if headline else (),
                 fields=tuple(fields), items=tuple(items), subject=Subject("poll", poll.ref),
                 footer=None if closed else ctx.tn("{n} person has voted.", "{n} people have voted.", voters) + " "
                 + ctx.t("Vote with {command} {ref} <number>.", command=f"{ctx.label('poll')} vote", ref=poll.ref))


async def _poll(ctx: Context, poll_id: int, *, for_update: bool = False) -> Poll:
    poll = await polls.get(ctx.session, poll_id, for_update=for_update)
    if poll is None or poll.channel_id != ctx.incoming.channel_id:
        raise NotFound(ctx.t("There is no poll P{id} here.", id=poll_id))
    return poll


HELP_POSITION = 130  # where these commands come in !help
POLL_FAMILY = Family("poll", N_("Polls: create, vote, results, close"), aliases={"new": "create", "show": "results"})


@command("poll", "create", usage=CREATE_USAGE, summary=N_("Ask the conversation a question"), mutating=True)
async def create(ctx: Context, args: str) -> Reply:
    head, found = split_options(ctx, args, (*OPTION_WORDS, *CLOSING_WORDS))
    options = {("options" if k in OPTION_WORDS else "closes" if k in CLOSING_WORDS else k): v
               for k, v in found.items()}
    question = check_length(ctx, head, ctx.t("question"))
    if not question or "options" not in options:
        raise UsageError(ctx.t("Please give a question and its options."), usage="poll create",
                         examples='!poll create "Next call?" options Monday, Tuesday')
    choices, flags = read_options(ctx, options["options"])
    when, closes_at = None, None
    if "closes" in options:
        when = ctx.read_date(options["closes"])
        closes_at = when.at or datetime.combine(when.end, time(23, 59), ZoneInfo(ctx.tz))
    poll = await polls.add(ctx.session, Poll(
        question=question[:300], options=choices, multiple="multiple" in flags, anonymous="anonymous" in flags,
        hidden="hidden" in flags, platform=ctx.incoming.platform, channel_id=ctx.incoming.channel_id,
        created_by=ctx.user, created_at=ctx.now, closes_at=closes_at))
    await ctx.session.refresh(poll, ["votes"])
    ctx.audit("poll.create", poll.ref, question=question)
    made = card(ctx, poll, ctx.t("Poll {ref} created.", ref=poll.ref))
    made.ballot = Ballot(question, tuple(choices), len(choices) if poll.multiple else 1,
                         answer=Action(ctx.t("Vote"), "poll_choose", str(poll.id)))
    return read_back(ctx, made, when)


@command("poll", "vote", args=(Ref("P"), Rest("<number>")), summary=N_("Vote in a poll"), mutating=True)
async def vote(ctx: Context, poll_id: int, number: str) -> Reply:
    poll = await _poll(ctx, poll_id, for_update=True)
    if is_closed(poll, ctx.now):
        raise UsageError(ctx.t("{ref} is closed.", ref=poll.ref), usage="poll results")
    if not number.strip().isdigit() or not 1 <= int(number) <= len(poll.options):
        raise UsageError(ctx.t("Please vote with a number from 1 to {n}.", n=len(poll.options)), usage="poll vote")
    choice = int(number)
    mine = await polls.choices_of(ctx.session, poll.id, ctx.user)
    if poll.multiple:
        mine = mine - {choice} if choice in mine else mine | {choice}
    else:
        mine = {choice}
    await polls.set_choices(ctx.session, poll.id, ctx.user, mine, at=ctx.now)
    ctx.audit("poll.vote", poll.ref)
    chosen = ", ".join(poll.options[n - 1] for n in sorted(mine)) or ctx.t("nothing")
    return Reply(body=(rich(ctx.t("Your vote on {ref}: {choices}.", ref=poll.ref, choices=chosen)),),
                 tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)


@command("poll", "choose", args=(Ref("P"), Rest("<number> [<number> …]")),
         summary=N_("Set your choices in a poll (a native poll's answer)"), mutating=True)
async def choose(ctx: Context, poll_id: int, numbers: str) -> Reply:
    poll = await _poll(ctx, poll_id, for_update=True)
    if is_closed(poll, ctx.now):
        raise UsageError(ctx.t("{ref} is closed.", ref=poll.ref), usage="poll results")
    picked = {int(n) for n in numbers.split() if n.isdigit() and 1 <= int(n) <= len(poll.options)}
    if not poll.multiple:
        picked = set(sorted(picked)[:1])
    await polls.set_choices(ctx.session, poll.id, ctx.user, picked, at=ctx.now)
    ctx.audit("poll.vote", poll.ref)
    chosen = ", ".join(poll.options[n - 1] for n in sorted(picked)) or ctx.t("nothing")
    return Reply(body=(rich(ctx.t("Your vote on {ref}: {choices}.", ref=poll.ref, choices=chosen)),),
                 tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)


@command("poll", "results", args=(Ref("P"),), summary=N_("A poll and its results"))
async def results(ctx: Context, poll_id: int) -> Reply:
    return card(ctx, await _poll(ctx, poll_id))


@command("poll", "close", args=(Ref("P"),), summary=N_("Close a poll and show its results"), mutating=True)
async def close(ctx: Context, poll_id: int) -> Reply:
    poll = await _poll(ctx, poll_id, for_update=True)
    require(ctx, ctx.is_admin or poll.created_by == ctx.user, action="poll.close", subject=poll.ref,
            message=ctx.t("Only whoever created {ref} or an admin can close it.", ref=poll.ref))
    if is_closed(poll, ctx.now):
        return card(ctx, poll, ctx.t("{ref} was already closed.", ref=poll.ref))
    poll.closed_at = ctx.now
    ctx.audit("poll.close", poll.ref)
    return card(ctx, poll, ctx.t("{ref} is closed.", ref=poll.ref))


@posts("poll")
async def render_occurrence(ctx: Context, occurrence: Claimed) -> Reply | None:
    """At its closing time, a poll's results, once (nothing if it was closed by hand before)."""
    poll = await polls.get(ctx.session, stored_ref(occurrence.ref, "P"))
    if poll is None or poll.closed_at is not None:
        return None
    return card(ctx, poll, ctx.t("{ref} is closed.", ref=poll.ref))


@plans
async def plan_polls(w: Window) -> list[Planned]:
    """A poll's results, posted once at its closing time."""
    session, start, end = w.session, w.start, w.end
    return [Planned(key=occurrence_key("poll", poll.ref, "close", stamp(poll.closes_at)), kind="poll", ref=poll.ref,
                    platform=poll.platform, channel_id=poll.channel_id, due_at=poll.closes_at, detail={})
            for poll in await polls.closing_between(session, start, end)
            if poll.closes_at is not None and poll.closed_at is None]
