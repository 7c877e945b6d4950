"""!lang: the language the bot answers you in (English, French or Spanish)."""

from __future__ import annotations

from bot.context import Context
from bot.errors import UsageError
from bot.i18n import N_, SUPPORTED
from bot.matching import fold
from bot.messages import Reply, Tone, Visibility, rich
from bot.router import command, Family, split_first
from handlers.common import HERE_WORDS, require
from storage import profiles



# "fr", "français", "french", "francés": Babel knows each language's name in each language
def language_code(ctx: Context, text: str) -> str | None:
    wanted = fold(text)
    if wanted in SUPPORTED:
        return wanted
    for code in SUPPORTED:
        for lang in SUPPORTED:
            if ctx.i18n is not None and fold(ctx.i18n.get(lang).babel_locale.languages.get(code, "")) == wanted:
                return code
    return None


def language_name(ctx: Context, code: str) -> str:
    return ctx.tr.babel_locale.languages.get(code, code)


def wanted_language(ctx: Context, text: str, *, here: bool = False) -> str:
    code = language_code(ctx, text.strip())
    if code is None:
        raise UsageError(ctx.t('"{language}" is not a language I speak.', language=text.strip()),
                         suggestions=[f"lang {'here ' if here else ''}{c}" for c in SUPPORTED])
    return code


HELP_POSITION = 90  # where these commands come in !help
LANG_FAMILY = Family("lang", N_("The language I answer you in"))


@command("lang", usage="[en|fr|es] | here en|fr|es",
                summary=N_("Show or set the language I answer you in, or the one I post in here"),
                mutating=True)
async def lang(ctx: Context, args: str) -> Reply:
    if not args.strip():
        return Reply(body=(rich(ctx.t("I answer you in {language}. Change it with {command}.",
                                      language=language_name(ctx, ctx.lang),
                                      command=f"{ctx.label('lang')} en|fr|es")),),
                     visibility=Visibility.PRIVATE)
    word, rest = split_first(args)
    if fold(word) in HERE_WORDS:  # the conversation's: what reminders, digests and notices are written in
        code = wanted_language(ctx, rest, here=True)
        require(ctx, ctx.is_admin or ctx.incoming.is_direct, action="channel.language",
                subject=ctx.incoming.channel_id,
                message=ctx.t("Only an admin can change the language of this conversation."))
        channel = await profiles.channel_for_update(ctx.session, ctx.incoming.channel_id)
        channel.locale, channel.updated_at = code, ctx.now
        ctx.audit("channel.language", ctx.incoming.channel_id, language=code)
        return Reply(body=(rich(ctx.t("From now on I post in {language} in this conversation.",
                                      language=language_name(ctx, code))),), tone=Tone.SUCCESS)
    code = wanted_language(ctx, args)
    profile = await profiles.user_for_update(ctx.session, ctx.user)
    profile.locale = code
    profile.updated_at = ctx.now
    ctx.speak(code)
    ctx.audit("user.language", ctx.user, language=code)
    return Reply(body=(rich(ctx.t("From now on I answer you in {language}.",
                                  language=language_name(ctx, code))),),
                 tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)
