"""Small pieces the domain handlers share: ids, owners, groups, options, permissions."""

from __future__ import annotations

import re

from bot.context import Context
from bot.errors import NotFound, PermissionDenied, UsageError
from bot.matching import NameIndex
from bot.messages import Mention, RichText, Span, is_person_id, is_web_link
from storage import groups
from storage.models import ActionGroup

_PERSON = re.compile(r"^<@([^>|]+)(?:\|[^>]*)?>$")
_PLATFORMS = ("slack:", "matrix:", "console:")


def parse_ref(ctx: Context, text: str, prefix: str) -> int:
    """ "A12", "a12", "#12" or "12" → 12."""
    match = re.fullmatch(rf"\s*(?:{prefix}|#)?(\d{{1,9}})\s*", text, re.IGNORECASE)
    if not match:
        message = (
            ctx.t('"{text}" is not an id like {example}.', text=text.strip(), example=f"{prefix}12")
            if text.strip()
            else ctx.t("Please give an id like {example}.", example=f"{prefix}12")
        )
        raise UsageError(message)
    return int(match.group(1))


def split_options(
    ctx: Context, text: str, keywords: tuple[str, ...], repeatable: tuple[str, ...] = ()
) -> tuple[str, dict[str, str]]:
    """ "Send toolkit owner UNICEF due 14 May" → ("Send toolkit", {"owner": "UNICEF", "due": "14 May"}).

    A repeatable keyword keeps every value, joined by newlines ("at 09:30 at Geneva").
    """
    pattern = re.compile(rf"(?:^|\s)({'|'.join(keywords)})(?=\s+\S)", re.IGNORECASE)
    pieces = pattern.split(" " + text.strip() + " ")
    head = pieces[0].strip()
    options: dict[str, str] = {}
    for keyword, value in zip(pieces[1::2], pieces[2::2]):
        key = keyword.lower().rstrip("s") if keyword.lower() == "owners" else keyword.lower()
        if key in options and key in repeatable:
            options[key] += "\n" + value.strip()
            continue
        if key in options:
            raise UsageError(ctx.t('"{keyword}" is given twice.', keyword=key))
        options[key] = value.strip()
    return head, options


def options_or_form(ctx: Context, args: str, keywords: tuple[str, ...]) -> tuple[str, dict[str, str]]:
    """Like ``split_options``, but a form an adapter filled in (``incoming.extra["form"]``, e.g. a
    Slack modal) is taken field by field, so words like "due" in the text stay text."""
    form = ctx.incoming.extra.get("form")
    if not isinstance(form, dict):
        return split_options(ctx, args, keywords)
    options = {k: str(v).strip() for k, v in form.items() if k in keywords and v and str(v).strip()}
    return str(form.get("text", "")).strip(), options


def parse_owner(token: str, ctx: Context) -> tuple[str, bool]:
    """One owner: a person (platform-qualified id) or an organisation by name."""
    token = token.strip()
    person = _PERSON.match(token)
    if person:
        inner = person.group(1)
        return _person(ctx, token, inner if inner.startswith(_PLATFORMS) else f"{ctx.incoming.platform}:{inner}")
    if token.lower() in ("me", "moi", "yo"):
        return ctx.user, True
    if token.startswith("@") and len(token) > 1:
        native = token if ctx.incoming.platform == "matrix" else token[1:]
        return _person(ctx, token, f"{ctx.incoming.platform}:{native}")
    if not token:
        raise UsageError(ctx.t("An owner is empty."), examples="owner @alice, Secretariat")
    return token, False


def _person(ctx: Context, token: str, user_id: str) -> tuple[str, bool]:
    """A person owner must be a real platform user id: Slack sends picked people as ``<@U…>``,
    Matrix ids look like ``@alice:example.org``. Anything else is refused, never mentioned."""
    if ctx.incoming.platform == "slack" and user_id.startswith("slack:") and not token.startswith("<@"):
        user_id = ""  # a typed "@name" on Slack is not a person Slack picked
    if not is_person_id(user_id):
        raise UsageError(ctx.t('"{owner}" is not a person I can mention. Pick people from the @ list (on Matrix, '
                               'their full id like @alice:example.org); write organisations without @.',
                               owner=token[:80]), examples="owner @alice, UNICEF")
    return user_id, True


def check_link(ctx: Context, value: str) -> str:
    """Every link a person gives (events, observances): empty, or an http(s) address."""
    value = value.strip()
    if value and not is_web_link(value):
        raise UsageError(ctx.t('"{link}" is not a web address.', link=value[:200]), examples="https://www.un.org/…")
    return value


def parse_owners(text: str, ctx: Context) -> list[tuple[str, bool]]:
    tokens = [t for t in re.split(r",|;|\s+and\s+|\s+&\s+|\s+et\s+|\s+y\s+", text) if t.strip()]
    if not tokens:
        raise UsageError(ctx.t("Please name at least one owner."), examples="owner @alice, Secretariat")
    owners: list[tuple[str, bool]] = []
    for token in tokens:
        owner = parse_owner(token, ctx)
        if owner not in owners:
            owners.append(owner)
    return owners


def owner_span(owner: str, is_person: bool) -> Span:
    return Mention(owner) if is_person else owner


def owners_text(owners) -> RichText:
    spans: list[Span] = []
    for i, o in enumerate(owners):
        if i:
            spans.append(", ")
        spans.append(owner_span(o.owner, o.is_person))
    return tuple(spans)


def group_name(group: ActionGroup | None, lang: str) -> str:
    if group is None:
        return ""
    return {"fr": group.name_fr, "es": group.name_es}.get(lang) or group.name


async def find_group(ctx: Context, text: str) -> ActionGroup:
    all_groups = await groups.all_groups(ctx.session)
    index = NameIndex((g.id, g.name, [g.key, g.name_fr, g.name_es, *g.aliases]) for g in all_groups)
    match = index.best(text, cutoff=80)
    if match is None:
        raise NotFound(
            ctx.t('There is no action group called "{name}".', name=text),
            suggestions=index.suggestions(text) or [g.name for g in all_groups],
        )
    return next(g for g in all_groups if g.id == match.key)


def require(ctx: Context, allowed: bool, *, action: str, subject: str, message: str) -> None:
    if not allowed:
        raise PermissionDenied(message, action=action, subject=subject)


def check_length(ctx: Context, text: str, what: str) -> str:
    text = text.strip()
    limit = ctx.settings.bot.max_text_length
    if len(text) > limit:
        raise UsageError(
            ctx.t("The {what} is {n} characters long; the limit is {limit}.", what=what, n=len(text), limit=limit)
        )
    return text
