"""!survey: a short survey for a conversation — questions with choices, or free text — answered one
question at a time (``!survey answer S1 2 …``, in the conversation or in a direct message with the bot),
summarised for everyone without names, exported as CSV for whoever created it (or an admin)."""

from __future__ import annotations

import csv
import io
import re

from bot.arguments import parse_ref
from bot.context import Context
from bot.errors import NotFound, UsageError
from bot.i18n import N_
from bot.messages import Attachment, ListItem, Reply, Tone, Visibility, rich
from bot.router import command, Family
from handlers.common import check_length, require, split_options
from storage import surveys
from storage.surveys import Survey

CREATE_USAGE = 'create "<title>" questions <question> (<choice>, <choice>); <question>; …'
MAX_QUESTIONS, MAX_CHOICES = 10, 10
_CHOICES = re.compile(r"^(?P<text>.+?)\s*\((?P<choices>[^()]+)\)\s*$")


def read_questions(ctx: Context, text: str) -> list[dict]:
    """ "Region? (Africa, Asia); What worked?" → [{"text": "Region?", "options": ["Africa", "Asia"]},
    {"text": "What worked?", "options": []}]."""
    found = []
    for part in (p.strip() for p in text.split(";")):
        if not part:
            continue
        match = _CHOICES.match(part)
        question, choices = (match.group("text"), [c.strip() for c in match.group("choices").split(",") if c.strip()]
                             ) if match else (part, [])
        if match and not 2 <= len(choices) <= MAX_CHOICES:
            raise UsageError(ctx.t('"{question}" needs 2 to {n} choices.', question=question[:100], n=MAX_CHOICES),
                             usage="survey create")
        found.append({"text": check_length(ctx, question, ctx.t("question"))[:300], "options": choices})
    if not 1 <= len(found) <= MAX_QUESTIONS:
        raise UsageError(ctx.t("A survey has 1 to {n} questions, separated by semicolons.", n=MAX_QUESTIONS),
                         usage="survey create",
                         examples='!survey create "Workshop feedback" questions Useful? (yes, no); What to improve?')
    return found


def card(ctx: Context, survey: Survey, headline: str | None = None) -> Reply:
    items = []
    for n, q in enumerate(survey.questions, start=1):
        answers = [a.answer for a in survey.answers if a.question == n]
        if q["options"]:
            detail = "; ".join(f"{o}: {sum(a == o for a in answers)}" for o in q["options"])
        else:
            detail = ctx.tn("{n} answer", "{n} answers", len(answers))
        items.append(ListItem(rich(f"{n}. {q['text']}" + (f" ({', '.join(q['options'])})" if q["options"] else "")),
                              rich(detail)))
    people = len({a.respondent for a in survey.answers})
    return Reply(title=f"{survey.ref} · {survey.title}", body=(rich(headline),) if headline else (), items=tuple(items),
                 footer=ctx.tn("{n} person has answered.", "{n} people have answered.", people) + " " + (
                     ctx.t("Closed.") if survey.closed_at else ctx.t(
                         "Answer with {command} {ref} <question> <answer>, here or in a direct message.",
                         command=f"{ctx.label('survey')} answer", ref=survey.ref)))


async def _survey(ctx: Context, ref: str) -> Survey:
    survey_id = parse_ref(ctx, ref, "S")
    survey = await surveys.get(ctx.session, survey_id)
    if survey is None or survey.platform != ctx.incoming.platform:
        raise NotFound(ctx.t("There is no survey S{id}.", id=survey_id))
    return survey


HELP_POSITION = 140  # where these commands come in !help
SURVEY_FAMILY = Family("survey", N_("Surveys: create, answer, results, export, close"), aliases={"show": "results"})


@command("survey", "create", usage=CREATE_USAGE, summary=N_("Send a short survey to this conversation"),
                mutating=True)
async def create(ctx: Context, args: str) -> Reply:
    head, options = split_options(ctx, args, ("questions",))
    title = check_length(ctx, head, ctx.t("title"))
    if not title or "questions" not in options:
        raise UsageError(ctx.t("Please give a title and its questions."), usage="survey create")
    survey = await surveys.add(ctx.session, Survey(
        title=title[:300], questions=read_questions(ctx, options["questions"]), platform=ctx.incoming.platform,
        channel_id=ctx.incoming.channel_id, created_by=ctx.user, created_at=ctx.now))
    await ctx.session.refresh(survey, ["answers"])
    ctx.audit("survey.create", survey.ref, title=title)
    return card(ctx, survey, ctx.t("Survey {ref} created.", ref=survey.ref))


@command("survey", "answer", usage="answer <id> <question> <answer>", summary=N_("Answer a survey question"),
                mutating=True)
async def answer(ctx: Context, args: str) -> Reply:
    ref, _, rest = args.strip().partition(" ")
    survey = await _survey(ctx, ref)
    if survey.closed_at is not None:
        raise UsageError(ctx.t("{ref} is closed.", ref=survey.ref), usage="survey results")
    number, _, text = rest.strip().partition(" ")
    if not number.isdigit() or not 1 <= int(number) <= len(survey.questions) or not text.strip():
        raise UsageError(ctx.t("Please give a question number from 1 to {n}, then your answer.",
                               n=len(survey.questions)), usage="survey answer")
    question = survey.questions[int(number) - 1]
    text = check_length(ctx, text.strip(), ctx.t("answer"))
    if question["options"]:
        choices = question["options"]
        picked = choices[int(text) - 1] if text.isdigit() and 1 <= int(text) <= len(choices) else next(
            (c for c in choices if c.casefold() == text.casefold()), None)
        if picked is None:
            raise UsageError(ctx.t('"{answer}" is not one of the choices: {choices}.', answer=text[:100],
                                   choices=", ".join(choices)), usage="survey answer")
        text = picked
    await surveys.answer(ctx.session, survey.id, ctx.user, int(number), text, at=ctx.now)
    ctx.audit("survey.answer", survey.ref, question=int(number))
    return Reply(body=(rich(ctx.t("Your answer to {ref}, question {n}: {answer}", ref=survey.ref, n=int(number),
                                  answer=text)),), tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)


@command("survey", "results", usage="results <id>", summary=N_("A survey's results, without names"))
async def results(ctx: Context, args: str) -> Reply:
    return card(ctx, await _survey(ctx, args))


@command("survey", "export", usage="export <id>", summary=N_("A survey's answers as CSV"))
async def export(ctx: Context, args: str) -> Reply:
    survey = await _survey(ctx, args)
    require(ctx, ctx.is_admin or survey.created_by == ctx.user, action="survey.export", subject=survey.ref,
            message=ctx.t("Only whoever created {ref} or an admin can export its answers.", ref=survey.ref))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["respondent", "question", "question text", "answer", "answered"])
    for a in survey.answers:
        writer.writerow([a.respondent, a.question, survey.questions[a.question - 1]["text"], a.answer,
                         a.at.isoformat()])
    return Reply(body=(rich(ctx.t("Answers to {ref}.", ref=survey.ref)),), visibility=Visibility.PRIVATE,
                 attachment=Attachment(f"survey-{survey.ref}.csv", out.getvalue().encode(), "text/csv"))


@command("survey", "close", usage="close <id>", summary=N_("Close a survey"), mutating=True)
async def close(ctx: Context, args: str) -> Reply:
    survey = await _survey(ctx, args)
    require(ctx, ctx.is_admin or survey.created_by == ctx.user, action="survey.close", subject=survey.ref,
            message=ctx.t("Only whoever created {ref} or an admin can close it.", ref=survey.ref))
    if survey.closed_at is None:
        survey.closed_at = ctx.now
        ctx.audit("survey.close", survey.ref)
    return card(ctx, survey, ctx.t("{ref} is closed.", ref=survey.ref))
