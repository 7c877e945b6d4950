"""Reading and showing member profiles: the fields of !profile set, a member's card, an introduction."""

from __future__ import annotations

from bot.community import THEMES, NotUnderstood, read_countries, read_languages, read_themes
from bot.context import Context
from bot.errors import UsageError
from bot.i18n import N_
from bot.matching import fold
from bot.messages import Field, Mention, Reply, rich
from handlers.common import check_length
from storage.members import MemberProfile

FIELDS = {  # what people type after "!profile set" → the field
    "organisation": "organisation", "organization": "organisation", "org": "organisation",
    "organisme": "organisation", "organizacion": "organisation",
    "country": "countries", "countries": "countries", "pays": "countries", "pais": "countries",
    "paises": "countries", "theme": "themes", "themes": "themes", "temas": "themes", "tema": "themes",
    "language": "languages", "languages": "languages", "langues": "languages", "langue": "languages",
    "idiomas": "languages", "idioma": "languages", "role": "role", "rol": "role", "fonction": "role",
    "about": "about", "bio": "about", "apropos": "about", "acerca": "about", "digest": "in_digest",
}
FIELD_LABELS = {"organisation": N_("organisation"), "countries": N_("countries"), "themes": N_("themes"),
                "languages": N_("languages"), "role": N_("role"), "about": N_("about"), "in_digest": N_("digest")}
ON_WORDS = {"on", "yes", "oui", "si", "true"}
OFF_WORDS = {"off", "no", "non", "false"}


def _names(ctx: Context, codes: list[str], kind: str) -> str:
    locale = ctx.tr.babel_locale
    table = locale.territories if kind == "country" else locale.languages
    return ", ".join(table.get(code, code) for code in codes)


def _themes(ctx: Context, keys: list[str]) -> str:
    return ", ".join(ctx.t(THEMES[k]) for k in keys if k in THEMES)


def card(ctx: Context, profile: MemberProfile, title: str | None = None) -> Reply:
    fields = [Field(ctx.t(label), rich(value)) for label, value in (
        (N_("Organisation"), profile.organisation), (N_("Countries"), _names(ctx, profile.countries, "country")),
        (N_("Themes"), _themes(ctx, profile.themes)), (N_("Languages"), _names(ctx, profile.languages, "language")),
        (N_("Role"), profile.role), (N_("About"), profile.about)) if value]
    return Reply(title=title or profile.display_name or ctx.t("Your profile"),
                 body=(rich(Mention(profile.user_id)),), fields=tuple(fields))


def _not_understood(ctx: Context, exc: NotUnderstood, what: str) -> UsageError:
    if exc.suggestions:
        return UsageError(ctx.t('I did not understand "{word}" as {what}. Did you mean: {names}?', word=exc.word[:60],
                                what=what, names=", ".join(exc.suggestions)))
    return UsageError(ctx.t('I did not understand "{word}" as {what}.', word=exc.word[:60], what=what))


def read_field(ctx: Context, field: str, value: str) -> object:
    try:
        if field == "countries":
            return read_countries(value, ctx.lang)
        if field == "languages":
            return read_languages(value, ctx.lang)
        if field == "themes":
            assert ctx.i18n is not None
            return read_themes(value, ctx.i18n, ctx.lang)
    except NotUnderstood as exc:
        what = {"countries": ctx.t("a country"), "languages": ctx.t("a language"), "themes": ctx.t("a theme")}[field]
        raise _not_understood(ctx, exc, what) from None
    if field == "in_digest":
        if fold(value) in ON_WORDS:
            return True
        if fold(value) in OFF_WORDS:
            return False
        raise UsageError(ctx.t("Say digest on or digest off."), usage="profile set")
    return check_length(ctx, value, field)[:200 if field != "about" else 1000]


def introduction(ctx: Context, first: MemberProfile, second: MemberProfile) -> Reply:
    def about(p: MemberProfile) -> str:
        return " · ".join(x for x in (p.organisation, _themes(ctx, p.themes), _names(ctx, p.countries, "country"),
                                      p.role) if x)

    shared = [ctx.t(THEMES[t]) for t in first.themes if t in second.themes]
    body = [rich(ctx.t("Hello "), Mention(first.user_id), ctx.t(" and "), Mention(second.user_id), "!"),
            rich(ctx.t("This month's introduction: you may like to talk.")),
            rich(Mention(first.user_id), ": ", about(first) or ctx.t("no details yet")),
            rich(Mention(second.user_id), ": ", about(second) or ctx.t("no details yet"))]
    if shared:
        body.append(rich(ctx.t("You both work on {themes}.", themes=", ".join(shared))))
    body.append(rich(ctx.t("{command} pause or leave stops these.", command=ctx.label("intros"))))
    return Reply(body=tuple(body))
