"""!tz: a person's or a conversation's time zone."""

from __future__ import annotations

from bot.context import Context
from bot.i18n import N_
from bot.messages import Field, Reply, Tone, Visibility, rich
from bot.recurrence import check_zone
from bot.router import command, Family, split_first
from handlers.common import HERE_WORDS, require
from storage import profiles

USAGE = "[<zone>] | here <zone>"


HELP_POSITION = 80  # where these commands come in !help
TZ_FAMILY = Family("tz", N_("Your time zone, or this conversation's"))


@command("tz", usage=USAGE, summary=N_("Show or set a time zone (e.g. tz Europe/Zurich)"), mutating=True)
async def tz(ctx: Context, args: str) -> Reply:
    word, rest = split_first(args)
    if not word:
        user = await profiles.user(ctx.session, ctx.user)
        channel = await profiles.channel(ctx.session, ctx.incoming.channel_id)
        return Reply(
            title=ctx.t("Time zones"),
            fields=(
                Field(ctx.t("You"), rich(ctx.tz)),
                Field(ctx.t("This conversation"),
                      rich((channel and channel.timezone) or ctx.settings.bot.timezone)),
            ),
            footer=ctx.t("Set yours with {command} Europe/Zurich.", command=ctx.label("tz"))
            if not (user and user.timezone) else None,
            visibility=Visibility.PRIVATE,
        )
    if word.lower() in (*HERE_WORDS, "channel", "room"):
        zone = check_zone(rest)
        require(ctx, ctx.is_admin or ctx.incoming.is_direct, action="channel.tz", subject=ctx.incoming.channel_id,
                message=ctx.t("Only an admin can change this conversation's time zone."))
        conversation = await profiles.channel_for_update(ctx.session, ctx.incoming.channel_id)
        conversation.timezone, conversation.updated_at = zone, ctx.now
        ctx.audit("channel.tz", ctx.incoming.channel_id, timezone=zone)
        return Reply(body=(rich(ctx.t("This conversation's time zone is now {zone}.", zone=zone)),),
                     tone=Tone.SUCCESS)
    zone = check_zone(args)
    profile = await profiles.user_for_update(ctx.session, ctx.user)
    profile.timezone, profile.updated_at = zone, ctx.now
    ctx.audit("user.tz", ctx.user, timezone=zone)
    return Reply(body=(rich(ctx.t("Your time zone is now {zone}.", zone=zone)),), tone=Tone.SUCCESS,
                 visibility=Visibility.PRIVATE)
