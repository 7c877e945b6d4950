"""The members' directory answer: who works on a theme, in a country, at an organisation."""

from __future__ import annotations

import re

from bot.community import THEMES, Member, workspace_of
from bot.context import Context
from bot.directory import (
    WHO_WORDS,
    DirectoryFilter,
    DirectoryQuestion,
    directory_names,
    may_ask_for_people,
    read_directory_question,
)
from bot.matching import fold
from bot.qa import language
from bot.qa.lexicon import ORGANISATION_ALIASES
from bot.messages import ListItem, Mention, Reply, rich
from handlers.member_profiles import _names, _themes, card
from storage import members
from storage.members import MemberProfile

PEOPLE_LIMIT = 25


def directory_reply(ctx: Context, found: list[MemberProfile], labels: list[str]) -> Reply:
    what = ", ".join(labels) or ctx.t("everyone")
    if not found:
        return Reply(body=(rich(ctx.t("No member's profile matches {what}.", what=what)),))
    items = [ListItem(rich(Mention(p.user_id, p.display_name or None)), rich(" · ".join(x for x in (
        p.organisation, _themes(ctx, p.themes), _names(ctx, p.countries, "country")) if x)))
        for p in found[:PEOPLE_LIMIT]]
    return Reply(title=ctx.t("Members: {what} ({n})", what=what, n=len(found)), items=tuple(items),
                 more=max(len(found) - PEOPLE_LIMIT, 0))


def filter_label(ctx: Context, wanted: DirectoryFilter) -> str:
    if wanted.kind == "theme":
        return ctx.t(THEMES[wanted.value])
    if wanted.kind == "country":
        return ctx.tr.babel_locale.territories.get(wanted.value, wanted.value)
    if wanted.kind == "language":
        return ctx.tr.babel_locale.languages.get(wanted.value, wanted.value)
    if wanted.kind == "region":
        return ctx.t(wanted.value)
    if wanted.kind == "role":
        return ctx.t("focal point")
    return wanted.value


def as_member(p: MemberProfile) -> Member:
    return Member(p.user_id, p.organisation, tuple(p.countries), tuple(p.themes), tuple(p.languages), p.role)


async def answer_question(ctx: Context, text: str, *, fragment: bool = False,
                          directory: list[MemberProfile] | None = None) -> Reply | None:
    """A question asking for members ("who works on forced labour in Asia?", "¿alguien de la OIM?"),
    answered from the directory of the asker's workspace; None when it does not ask for people.
    ``fragment``: words that only name directory terms ("trabajo forzoso en asia"), read when the
    question was understood as nothing else; then every word must be a term. ``directory``: the
    workspace's profiles, when the caller has read them already."""
    assert ctx.i18n is not None
    if not fragment and not may_ask_for_people(text):
        return None
    if NAMED_BY_ID.search(fold(text)):  # "A6 : qui s'en occupe ?" asks about an action item, not for people
        return None
    if ACTION_GROUP.search(fold(text)):  # "qui s'occupe du groupe chaînes d'approvisionnement": its lead
        return None
    everyone = directory if directory is not None else await workspace_directory(ctx)
    names = directory_names(ctx.i18n, (p.organisation for p in everyone), ORGANISATION_ALIASES,
                            ((p.user_id, p.display_name) for p in everyone))
    question = read_directory_question(text, names, fragment=fragment)
    if question is None or (fragment and (question.unknown or not any(
            f.kind not in ("country", "region") for f in question.filters))):
        return None
    kinds = [f.kind for f in question.filters]
    if kinds.count("role") == 1 and kinds.count("country") == 1 and len(kinds) == 2:
        return None  # "who is the focal point of Chile?": the country's card says, with the members
    lang = language.detect(text, fold(text).split())
    if lang:
        ctx.speak(lang)
    if question.unknown:
        if not question.filters and not (set(fold(text).split()) & (WHO_WORDS | {"anyone", "quelqu", "alguien"})):
            return None  # "members" in a question about something else: not the directory's to decline
        themes = [ctx.t(n) for n in THEMES.values()]
        return Reply(body=(rich(not_a_directory_name(ctx, " ".join(question.unknown)[:80], themes, cutoff=80)),
                           rich(ctx.t("The themes: {names}.", names=", ".join(themes)))),
                     declined=True)
    found = [p for p in everyone if question.matches(as_member(p))]
    if kinds and set(kinds) == {"person"} and len(found) == 1:  # "who is Rajiv Menon?": their card
        return card(ctx, found[0])
    return directory_reply(ctx, found, filter_labels(ctx, question))


async def workspace_directory(ctx: Context) -> list[MemberProfile]:
    """The profiles of the asker's workspace (or homeserver)."""
    return list(await members.in_workspace(ctx.session, workspace_of(ctx.user)))


NAMED_BY_ID = re.compile(r"(?<![a-z0-9])[ae]\s?\d{1,6}(?![a-z0-9])")
ACTION_GROUP = re.compile(r"(?<![a-z])(?:group|groups|groupe|groupes|grupo|grupos)(?![a-z])")  # no directory term


def not_a_directory_name(ctx: Context, words: str, candidates: list[str], *, cutoff: int) -> str:
    """Words the directory does not know, said back with up to three close names (never taken for them)."""
    from rapidfuzz import fuzz, process  # on first use: it costs a start 4 MiB

    close = [n for n, _s, _i in process.extract(words, candidates, scorer=fuzz.WRatio, limit=3, score_cutoff=cutoff)]
    text = ctx.t('I did not understand "{word}" as a theme, a country, a language or an organisation of a member.',
                 word=words)
    return text + (" " + ctx.t("Did you mean: {names}?", names=", ".join(close)) if close else "")


def filter_labels(ctx: Context, question: DirectoryQuestion) -> list[str]:
    """What was read, as the title shows it: "human trafficking, Mexico or Peru" when "or" joined them."""
    by_kind: dict[str, list[str]] = {}
    for f in question.filters:
        by_kind.setdefault(f.kind, []).append(filter_label(ctx, f))
    joiner = " " + ctx.t("or") + " " if question.any_of else ", "
    return [joiner.join(labels) for labels in by_kind.values()]
