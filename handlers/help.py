"""!help: what the bot can do, generated from the registered commands."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.errors import UsageError
from bot.messages import Field, ListItem, Reply, RichText, Visibility, rich
from bot.router import command, Family, suggest


# Examples shown by "!help <command>"; every one of them is read by the bot as written (a test holds it to that).
EXAMPLES: dict[str, tuple[str, ...]] = {
    "action": (
        "add Send the toolkit owner @ana, UNICEF due Friday group communications",
        'add "Brief the owner of the toolkit" due end of June',
        "add Draft the report due Q1 2027",
        "due A1 14 May",
    ),
    "event": (
        "add Supply chains workshop on 14-15 May at Abidjan",
        "add Webinar on 14 May at 15:00 CET",
        "add Webinaire le 3 juin à 10h",
        "add Retrospective on 2 November 2026 confirm",
        "list June",
    ),
    "remind": (
        "me tomorrow 9:00 send the toolkit",
        "me in 30 seconds check the kettle",
        "here every Monday 9:00 team call",
        "here every other Tuesday 10:00 steering group",
        "here every last Friday of the month 15:00 retrospective",
        "me chaque lundi à 9h point d'équipe",
        "me cada lunes a las 9 reunión",
        "here rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9 weekly call",
        "here cron 30 8 * * 1-5 stand-up",
    ),
    "digest": ("subscribe Monday 9:00", "preview"),
}


HELP_POSITION = 170  # where these commands come in !help
HELP_FAMILY = Family("help", N_("What I can do"))


@command("help", usage="[command]", summary=N_("What I can do"))
async def help_(ctx: Context, args: str) -> Reply:
    name = args.strip().lstrip("!/").split(" ")[0].lower()
    if not name:
        items = tuple(
            ListItem(rich(ctx.label(c.name)), rich(ctx.t(c.description)))
            for c in ctx.commands.values()
        )
        return Reply(
            title=ctx.t("What I can do"),
            body=(rich(ctx.t("Ask me a question in English, French or Spanish, or use a command:")),),
            items=items,
            footer=ctx.t("Type {help} <command> for details.", help=ctx.label("help")),
            visibility=Visibility.PRIVATE,
        )
    command = ctx.commands.get(name)
    if command is None:
        raise UsageError(ctx.t('I don\'t know the command "{name}".', name=name),
                         suggestions=[f"help {s}" for s in suggest(name, list(ctx.commands))])
    body: tuple[RichText, ...] = ()
    if command.name in EXAMPLES:
        body = (rich(ctx.t("For example:")), *(rich(f"{ctx.label(command.name)} {e}") for e in EXAMPLES[command.name]))
    footer = None
    if command.name in ("action", "event", "remind"):
        footer = ctx.t('Put text in "quotes" when it holds words like due, owner, group or on. Dates are read '
                       'in your time zone; a date in the past or more than five years away is asked back: '
                       'repeat the command with "confirm" after the date to save it.')
    return Reply(
        title=f"{ctx.label(command.name)} · {ctx.t(command.description)}",
        body=body,
        fields=tuple(
            Field(f"{ctx.label(command.name)} {sub.usage}".strip(), rich(ctx.t(sub.summary)))
            for sub in command.subcommands.values()
        ),
        footer=footer,
        visibility=Visibility.PRIVATE,
    )
