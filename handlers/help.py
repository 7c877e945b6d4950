"""!help: what the bot can do, generated from the registered commands."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.errors import UsageError
from bot.messages import Field, ListItem, Reply, Visibility, rich
from bot.router import Router


def register(router: Router) -> None:
    router.define("help", N_("What I can do"))

    @router.command("help", usage="[command]", summary=N_("What I can do"))
    async def help_(ctx: Context, args: str) -> Reply:
        name = args.strip().lstrip("!/").split(" ")[0].lower()
        if not name:
            items = tuple(
                ListItem(rich(ctx.label(c.name)), rich(ctx.t(c.summary)))
                for c in router.commands.values()
            )
            return Reply(
                title=ctx.t("What I can do"),
                body=(rich(ctx.t("Ask me a question in English, French or Spanish, or use a command:")),),
                items=items,
                footer=ctx.t("Type {help} <command> for details.", help=ctx.label("help")),
                visibility=Visibility.PRIVATE,
            )
        command = router.commands.get(name)
        if command is None:
            raise UsageError(ctx.t('I don\'t know the command "{name}".', name=name),
                             suggestions=[f"help {s}" for s in router.suggest(name, list(router.commands))])
        return Reply(
            title=f"{ctx.label(command.name)} · {ctx.t(command.summary)}",
            fields=tuple(
                Field(f"{ctx.label(command.name)} {sub.usage}".strip(), rich(ctx.t(sub.summary)))
                for sub in command.subcommands.values()
            ),
            visibility=Visibility.PRIVATE,
        )
