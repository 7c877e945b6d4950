"""!meeting: minutes of a meeting held in a conversation.

Between ``!meeting start <title>`` and ``!meeting end``, lines that begin with ``action:``,
``decision:`` or ``info:`` (``décision :``, ``acción:``, ``acuerdo:``…) are minuted with their author,
whether or not they address the bot (``!meeting note decision: …`` works too, e.g. in Slack, where the
bot sees only what is addressed to it). An ``action:`` line with an owner and a due date becomes an
action item, read by the same rules as ``!action add``.
"""

from __future__ import annotations

import re

from bot.context import Context
from bot.errors import UsageError
from bot.i18n import N_
from bot.messages import Attachment, Field, Mention, Reply, RichText, Tone, rich
from bot.router import command, Family, Overhear
from handlers.actions import add as add_action
from handlers.common import check_length, reads_as_date, reads_as_owners, split_options
from storage import meetings
from storage.meetings import Meeting, MeetingLine

KINDS = {
    "action": "action", "actions": "action", "acción": "action", "accion": "action", "tâche": "action",
    "tache": "action", "decision": "decision", "décision": "decision", "decisión": "decision", "acuerdo": "decision",
    "info": "info", "information": "info", "información": "info", "informacion": "info", "note": "info",
}
LINE = re.compile(rf"^\s*(?P<kind>{'|'.join(KINDS)})\s*:\s*(?P<text>\S.*)$", re.IGNORECASE | re.DOTALL)


def minutes(ctx: Context, meeting: Meeting) -> Reply:
    """The minutes: who spoke, decisions, action items (with their ids), information."""
    speakers = list(dict.fromkeys(line.author for line in meeting.lines))
    body: list[RichText] = []
    for kind, heading in (("decision", ctx.t("Decisions")), ("action", ctx.t("Action items")),
                          ("info", ctx.t("Information"))):
        lines = [line for line in meeting.lines if line.kind == kind]
        if lines:
            body.append(rich(f"{heading} ({len(lines)})"))
            body.extend(rich("• ", f"{line.action_item} " if line.action_item else "", line.text, " — ",
                             Mention(line.author)) for line in lines)
    if not body:
        body.append(rich(ctx.t("Nothing was minuted.")))
    attendees: list = []
    for i, person in enumerate(speakers):
        attendees += ([", "] if i else []) + [Mention(person)]
    return Reply(title=ctx.t("Minutes: {title}", title=meeting.title), body=tuple(body),
                 fields=(Field(ctx.t("Attendees who spoke"), rich(*attendees) or rich(ctx.t("none"))),))


def markdown(ctx: Context, meeting: Meeting) -> str:
    def esc(text: str) -> str:
        return "".join("\\" + c if c in "\\`*_{}[]()#+-.!|<>" else c for c in text)

    out = [f"# {esc(meeting.title)}", "", f"{esc(ctx.tr.moment(meeting.started_at))}", ""]
    speakers = list(dict.fromkeys(line.author for line in meeting.lines))
    out += [f"**{ctx.t('Attendees who spoke')}:** {esc(', '.join(speakers))}", ""]
    for kind, heading in (("decision", ctx.t("Decisions")), ("action", ctx.t("Action items")),
                          ("info", ctx.t("Information"))):
        lines = [line for line in meeting.lines if line.kind == kind]
        if lines:
            out += [f"## {heading}", ""] + [
                f"- {esc(line.action_item + ' ') if line.action_item else ''}{esc(line.text)} ({esc(line.author)})"
                for line in lines] + [""]
    return "\n".join(out).rstrip() + "\n"


HELP_POSITION = 120  # where these commands come in !help
MEETING_FAMILY = Family("meeting", N_("Meeting minutes: start, end, export"), when_empty="status",
              aliases={"begin": "start", "stop": "end", "close": "end"})


async def record(ctx: Context, meeting: Meeting, text: str) -> Reply | None:
    found = LINE.match(text)
    if found is None:
        raise UsageError(ctx.t("A minuted line starts with action:, decision: or info:."), usage="meeting note")
    kind, body = KINDS[found.group("kind").lower()], check_length(ctx, found.group("text").strip(), ctx.t("line"))
    line = MeetingLine(meeting_id=meeting.id, kind=kind, text=body, author=ctx.user, at=ctx.now)
    reply = None
    if kind == "action":
        _head, options = split_options(ctx, body, ("owners", "owner", "due"), reads_as={
            "owner": reads_as_owners, "due": reads_as_date(ctx)})
        if "owner" in options and "due" in options:  # it becomes an action item, read as !action add reads it
            made = await add_action(ctx, body)
            assert isinstance(made, Reply) and made.subject is not None
            line.action_item, reply = made.subject.ref, made
    await meetings.add_line(ctx.session, line)
    ctx.audit("meeting.line", meeting.ref, kind=kind)
    return reply


@command("meeting", "start", usage="start <title>", summary=N_("Start minuting a meeting here"),
                mutating=True)
async def start(ctx: Context, args: str) -> Reply:
    title = check_length(ctx, args.strip(), ctx.t("title"))
    if not title:
        raise UsageError(ctx.t("Please give the meeting a title."), usage="meeting start")
    if (running := await meetings.running(ctx.session, ctx.incoming.channel_id)) is not None:
        return Reply(body=(rich(ctx.t("{ref} ({title}) is still under way here; end it with {command}.",
                                      ref=running.ref, title=running.title,
                                      command=f"{ctx.label('meeting')} end")),))
    meeting = await meetings.add(ctx.session, Meeting(
        title=title, platform=ctx.incoming.platform, channel_id=ctx.incoming.channel_id, started_by=ctx.user,
        started_at=ctx.now))
    ctx.audit("meeting.start", meeting.ref, title=title)
    return Reply(title=f"{meeting.ref} · {title}", tone=Tone.SUCCESS, body=(rich(ctx.t(
        "Meeting {ref} started. Lines that begin with action:, decision: or info: are minuted until {command}.",
        ref=meeting.ref, command=f"{ctx.label('meeting')} end")),))


@command("meeting", "note", usage="note action:|decision:|info: <text>",
                summary=N_("Minute a line of the meeting"), mutating=True)
async def note(ctx: Context, args: str) -> Reply:
    meeting = await meetings.running(ctx.session, ctx.incoming.channel_id)
    if meeting is None:
        raise UsageError(ctx.t("No meeting is under way here. Start one with {command}.",
                               command=f"{ctx.label('meeting')} start <title>"))
    made = await record(ctx, meeting, args)
    return made or Reply(body=(rich(ctx.t("Minuted in {ref}.", ref=meeting.ref)),), tone=Tone.SUCCESS)


@command("meeting", "overheard", usage="overheard <line>", summary=N_("A minuted line said in the meeting"),
                mutating=True)
async def overheard(ctx: Context, args: str) -> list[Reply]:
    meeting = await meetings.running(ctx.session, ctx.incoming.channel_id)
    if meeting is None:  # ordinary talk outside a meeting: not the bot's business
        return []
    made = await record(ctx, meeting, args)
    return [made] if made else []


@command("meeting", "end", usage="end", summary=N_("End the meeting and post its minutes"), mutating=True)
async def end(ctx: Context, args: str) -> Reply:
    meeting = await meetings.running(ctx.session, ctx.incoming.channel_id, for_update=True)
    if meeting is None:
        raise UsageError(ctx.t("No meeting is under way here."), usage="meeting start")
    meeting.ended_at = ctx.now
    ctx.audit("meeting.end", meeting.ref)
    await ctx.session.refresh(meeting, ["lines"])
    return minutes(ctx, meeting)


@command("meeting", "status", usage="", summary=N_("The meeting under way here"))
async def status(ctx: Context, args: str) -> Reply:
    meeting = await meetings.running(ctx.session, ctx.incoming.channel_id)
    if meeting is None:
        return Reply(body=(rich(ctx.t("No meeting is under way here.")),))
    return minutes(ctx, meeting)


@command("meeting", "export", usage="export", summary=N_("The latest meeting's minutes as Markdown"))
async def export(ctx: Context, args: str) -> Reply:
    meeting = await meetings.latest(ctx.session, ctx.incoming.channel_id)
    if meeting is None:
        raise UsageError(ctx.t("No meeting was held here."), usage="meeting start")
    return Reply(body=(rich(ctx.t("Minutes of {ref}.", ref=meeting.ref)),),
                 attachment=Attachment(f"minutes-{meeting.ref}.md", markdown(ctx, meeting).encode(), "text/markdown"))

OVERHEARD_LINE = Overhear(LINE, "meeting", "overheard")
