"""Questions in plain language. This first version knows country status and points to help."""

from __future__ import annotations

from bot.context import Context
from bot.matching import fold
from bot.messages import Reply, Visibility, rich
from bot.router import Router
from handlers import pathfinder
from storage import pathfinders


def register(router: Router) -> None:
    @router.fallback
    async def ask(ctx: Context, text: str) -> Reply:
        countries = await pathfinders.all_countries(ctx.session)
        words = f" {fold(text)} "
        for country in countries:
            names = {country.name, country.name_fr, country.name_es, *country.aliases}
            if any(n and f" {fold(n)} " in words for n in names):
                return pathfinder.card(ctx, country)
        return Reply(
            body=(rich(ctx.t("I can answer questions about pathfinder countries, events, observances and "
                             "action items. Type {help} to see what I can do.", help=ctx.label("help"))),),
            visibility=Visibility.PRIVATE,
        )
