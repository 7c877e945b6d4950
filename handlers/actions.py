"""!action: record, list, close and change action items."""

from __future__ import annotations

from bot.arguments import Ref, Rest, parse_ref
from bot.context import Context
from bot.i18n import N_
from bot.errors import NotFound, UsageError
from bot.forms import Form, FormField, HomeSection, MessageAction
from bot.messages import Action, Field, ListItem, Reply, Span, Subject, Tone, Visibility, rich
from bot.router import command, Family
from handlers.common import (
    check_length,
    find_group,
    group_name,
    more_button,
    options_or_form,
    owners_text,
    parse_owner,
    parse_owners,
    read_page,
    read_back,
    reads_as_date,
    reads_as_group,
    reads_as_owners,
    require,
    split_options,
)
from storage import actions, groups
from storage.models import ActionItem, ActionItemStatus, Precision

LIST_LIMIT = 20
DONE_EMOJI, REOPEN_EMOJI = "✅", "↩️"  # a reaction to an item's card: done, reopen
ADD_USAGE = 'add <text> or "<text>" [owner <@user|organisation>, …] [due <date>] [group <name>]'


def due_text(ctx: Context, item: ActionItem) -> str:
    if item.due_date is None:
        return ""
    return ctx.tr.span(item.due_date, None, item.due_precision)


def status_text(ctx: Context, item: ActionItem) -> str:
    if item.is_overdue(ctx.today):
        return ctx.t("overdue")
    return {
        ActionItemStatus.OPEN: ctx.t("open"),
        ActionItemStatus.DONE: ctx.t("done"),
        ActionItemStatus.CANCELLED: ctx.t("cancelled"),
    }[ActionItemStatus(item.status)]


def item_buttons(ctx: Context, item: ActionItem) -> tuple[Action, ...]:
    if item.status == ActionItemStatus.OPEN:
        return (Action(ctx.t("Mark done"), "action_done", item.ref, style="primary", emoji=DONE_EMOJI),)
    return (Action(ctx.t("Reopen"), "action_reopen", item.ref, emoji=REOPEN_EMOJI),)


def due_of(when) -> tuple:
    """The stored due date of a reading: the last day of a range ("Q1 2027" is due 31 March), the
    month of a month."""
    if when.precision == Precision.DAY and when.end != when.start:
        return when.end, Precision.DAY
    return when.start, when.precision


def card(ctx: Context, item: ActionItem, headline: str | None = None) -> Reply:
    fields = [Field(ctx.t("Status"), rich(status_text(ctx, item)))]
    if item.owners:
        fields.append(Field(ctx.t("Owners"), owners_text(ctx, item.owners)))
    if item.due_date:
        fields.append(Field(ctx.t("Due"), rich(due_text(ctx, item))))
    if item.group:
        fields.append(Field(ctx.t("Group"), rich(group_name(item.group, ctx.lang))))
    if item.source_link:
        fields.append(Field(ctx.t("Source"), rich(item.source_link)))
    return Reply(
        title=f"{item.ref} · {item.text}",
        body=(rich(headline),) if headline else (),
        fields=tuple(fields),
        actions=item_buttons(ctx, item),
        # on its card a reaction marks the item done or reopens it, whichever its button is now
        reactions=(Action(ctx.t("Mark done"), "action_done", item.ref, emoji=DONE_EMOJI),
                   Action(ctx.t("Reopen"), "action_reopen", item.ref, emoji=REOPEN_EMOJI)),
        tone=Tone.SUCCESS if headline else Tone.INFO,
        subject=Subject("action_item", item.ref),
    )


def list_item(ctx: Context, item: ActionItem) -> ListItem:
    detail: list[Span] = []
    if item.owners:
        detail.extend(owners_text(ctx, item.owners))
    due = due_text(ctx, item)
    for part in (due and ctx.t("due {date}", date=due),
                 group_name(item.group, ctx.lang), status_text(ctx, item)):
        if part:
            detail.append(" · " if detail else "")
            detail.append(part)
    return ListItem(rich(f"{item.ref} ", item.text), tuple(d for d in detail if d), item_buttons(ctx, item))


async def load(ctx: Context, ref: str | int) -> ActionItem:
    """The item an id names (as typed, or read by a declared ``Ref``), or ``NotFound``."""
    item = await actions.get(ctx.session, ref if isinstance(ref, int) else parse_ref(ctx, ref, "A"))
    if item is None:
        shown = f"A{ref}" if isinstance(ref, int) else ref.strip().upper()
        raise NotFound(ctx.t("There is no action item {ref}.", ref=shown), usage="action list")
    return item


def may_change(ctx: Context, item: ActionItem) -> bool:
    return (
        ctx.is_admin
        or item.created_by == ctx.user
        or any(o.is_person and o.owner == ctx.user for o in item.owners)
    )


def require_change(ctx: Context, item: ActionItem, action: str) -> None:
    require(
        ctx,
        may_change(ctx, item),
        action=action,
        subject=item.ref,
        message=ctx.t("Only the creator, an owner or an admin can change {ref}.", ref=item.ref),
    )


HELP_POSITION = 10  # where these commands come in !help
ACTION_FAMILY = Family("action", N_("Action items: who does what, by when"), when_empty="list",
              aliases={"ls": "list", "new": "add", "close": "done", "rm": "delete", "remove": "delete"})
ACTION_FORM = Form(
    "action_item_modal", "action", "add", N_("New action item"), opens_on=("add", "new"), on_home=True,
    step="create_action_item_step", keep_empty=("text",), fields=(
        FormField("text", N_("What needs doing?"), "long_text", required=True, max_length=2000),
        FormField("owners", N_("Owners"), "people", hint=N_("Choose people"), into="owner"),
        FormField("orgs", N_("Organisations"), hint=N_("e.g. Secretariat, UNICEF"), into="owner"),
        FormField("due", N_("Due"), "date"),
        FormField("group", N_("Group"), "group"),
    ))
FROM_A_MESSAGE = MessageAction("create_action_item", "action", "add")  # the message's text is the item
MY_ITEMS_AT_HOME = HomeSection("action", "list mine")


@command("action", "add", usage=ADD_USAGE, summary=N_("Record an action item"), mutating=True)
async def add(ctx: Context, args: str) -> Reply:
    all_groups = await groups.all_groups(ctx.session)
    head, options = options_or_form(ctx, args, ("owners", "owner", "due", "group"), reads_as={
        "owner": reads_as_owners, "due": reads_as_date(ctx), "group": reads_as_group(all_groups)})
    text = check_length(ctx, head, ctx.t("action item"))
    if not text:
        raise UsageError(ctx.t("Please say what needs doing."), usage="action add")
    owners = parse_owners(options["owner"], ctx) if "owner" in options else []
    due = ctx.read_date(options["due"]) if "due" in options else None
    group = await find_group(ctx, options["group"], all_groups) if "group" in options else None
    item = await actions.add(
        ctx.session,
        text=text,
        created_by=ctx.user,
        created_platform=ctx.incoming.platform,
        created_channel=ctx.incoming.channel_id,
        owners=owners,
        group_id=group.id if group else None,
        due_date=due_of(due)[0] if due else None,
        due_precision=due_of(due)[1] if due else Precision.DAY,
        source_link=ctx.incoming.permalink or "",
        now=ctx.now,
    )
    item.group = group
    ctx.audit("action_item.create", item.ref, text=text)
    reply = card(ctx, item, ctx.t("Action item {ref} recorded.", ref=item.ref))
    return read_back(ctx, reply, due)


@command("action", "list", usage="list [mine|open|overdue|done|all] [group <name>] [owner <x>] [page <n>]",
                summary=N_("List action items"))
async def list_(ctx: Context, args: str) -> Reply:
    head, options = split_options(ctx, args, ("group", "owner", "page"))
    page = read_page(ctx, options)
    scope = head.lower() or "open"
    kinds = {"mine": "mine", "open": "open", "overdue": "overdue", "done": "done", "all": "all"}
    if scope not in kinds:
        raise UsageError(ctx.t('"{word}" is not a list I know.', word=head),
                         suggestions=[f"action list {k}" for k in kinds], usage="action list")
    statuses: tuple[str, ...] = (ActionItemStatus.OPEN,)
    if scope == "done":
        statuses = (ActionItemStatus.DONE,)
    elif scope == "all":
        statuses = ()
    owner = ctx.user if scope == "mine" else None
    if "owner" in options:
        # one owner, named in full: "ILO Global Business Network on Forced Labour and Trafficking"
        # is one organisation, not two ("and" splits owners only where several are given)
        owner = parse_owner(options["owner"], ctx)[0]
    group = await find_group(ctx, options["group"]) if "group" in options else None
    wanted = actions.ItemQuery(
        statuses=statuses,
        group_id=group.id if group else None,
        owner=owner,
        overdue_on=ctx.today if scope == "overdue" else None,
    )
    skipped = (page - 1) * LIST_LIMIT
    found, total = await actions.page(ctx.session, wanted, offset=skipped, limit=LIST_LIMIT)
    titles = {
        "mine": ctx.t("Your open action items"),
        "open": ctx.t("Open action items"),
        "overdue": ctx.t("Overdue action items"),
        "done": ctx.t("Action items done"),
        "all": ctx.t("All action items"),
    }
    title = titles[scope]
    if group:
        title += f" · {group_name(group, ctx.lang)}"
    if not found:
        return Reply(title=title, body=(rich(ctx.t("Nothing here.")),))
    more = max(0, total - skipped - len(found))
    if page > 1:
        title += " · " + ctx.t("{first}–{last} of {total}", first=skipped + 1, last=skipped + len(found),
                               total=total)
    else:
        title += f" ({total})"
    unpaged = " ".join([head] + [f"{k} {v}" for k, v in options.items() if k != "page"])
    return Reply(
        title=title,
        items=tuple(list_item(ctx, i) for i in found),
        more=more,
        more_hint=ctx.t("Narrow the list with group <name> or owner <x>."),
        actions=(more_button(ctx, "action list", unpaged, page),) if more else (),
    )


@command("action", "show", usage="show <id>", summary=N_("Show one action item"))
async def show(ctx: Context, args: str) -> Reply:
    return card(ctx, await load(ctx, args))


async def change_status(ctx: Context, args: str, status: ActionItemStatus, verb: str) -> Reply:
    item = await load(ctx, args)
    require_change(ctx, item, f"action_item.{verb}")
    if item.status == status:
        return card(ctx, item, ctx.t("{ref} was already {status}.", ref=item.ref, status=status_text(ctx, item)))
    actions.set_status(item, status, ctx.now)
    ctx.audit(f"action_item.{verb}", item.ref)
    messages = {
        "done": ctx.t("{ref} marked done.", ref=item.ref),
        "reopen": ctx.t("{ref} reopened.", ref=item.ref),
        "cancel": ctx.t("{ref} cancelled.", ref=item.ref),
    }
    return card(ctx, item, messages[verb])


@command("action", "done", usage="done <id>", summary=N_("Mark an action item done"), mutating=True)
async def done(ctx: Context, args: str) -> Reply:
    return await change_status(ctx, args, ActionItemStatus.DONE, "done")


@command("action", "reopen", usage="reopen <id>", summary=N_("Reopen an action item"), mutating=True)
async def reopen(ctx: Context, args: str) -> Reply:
    return await change_status(ctx, args, ActionItemStatus.OPEN, "reopen")


@command("action", "cancel", usage="cancel <id>", summary=N_("Cancel an action item"), mutating=True)
async def cancel(ctx: Context, args: str) -> Reply:
    return await change_status(ctx, args, ActionItemStatus.CANCELLED, "cancel")


@command("action", "delete", usage="delete <id>", summary=N_("Delete an action item"), mutating=True)
async def delete(ctx: Context, args: str) -> Reply:
    item = await load(ctx, args)
    require_change(ctx, item, "action_item.delete")
    ref, text, seed_key = item.ref, item.text, item.seed_key
    await ctx.session.delete(item)
    ctx.audit("action_item.delete", ref, text=text, **({"seed_key": seed_key} if seed_key else {}))
    return Reply(body=(rich(ctx.t("{ref} deleted: {text}", ref=ref, text=text)),), tone=Tone.SUCCESS)


@command("action", "assign", args=(Ref("A"), Rest("<@user|organisation>, …")), summary=N_("Set who owns an action item"),
         mutating=True)
async def assign(ctx: Context, item_id: int, rest: str) -> Reply:
    item = await load(ctx, item_id)
    require_change(ctx, item, "action_item.assign")  # before the owners are read: not yours is the answer
    owners = parse_owners(rest, ctx)
    actions.set_owners(item, owners)
    item.updated_at = ctx.now
    ctx.audit("action_item.assign", item.ref, owners=[o for o, _ in owners])
    return card(ctx, item, ctx.t("{ref} now belongs to the owners below.", ref=item.ref))


@command("action", "due", args=(Ref("A"), Rest("<date>")), summary=N_("Set a due date"), mutating=True)
async def due(ctx: Context, item_id: int, rest: str) -> Reply:
    item = await load(ctx, item_id)
    require_change(ctx, item, "action_item.due")  # before the date is read: not yours is the answer
    when = ctx.read_date(rest)
    (item.due_date, item.due_precision), item.updated_at = due_of(when), ctx.now
    ctx.audit("action_item.due", item.ref, due=item.due_date.isoformat())
    return read_back(ctx, card(ctx, item, ctx.t("{ref} is now due {date}.", ref=item.ref,
                                                date=due_text(ctx, item))), when)


@command("action", "edit", usage="edit <id> <new text>", summary=N_("Change the text"), mutating=True)
async def edit(ctx: Context, args: str) -> Reply:
    ref, _, rest = args.strip().partition(" ")
    item = await load(ctx, ref)
    require_change(ctx, item, "action_item.edit")
    text = check_length(ctx, rest, ctx.t("action item"))
    if not text:
        raise UsageError(ctx.t("Please give the new text."), usage="action edit")
    item.text, item.updated_at = text, ctx.now
    ctx.audit("action_item.edit", item.ref, text=text)
    return card(ctx, item, ctx.t("{ref} updated.", ref=item.ref))


__all__ = ["card", "list_item", "Visibility"]
