"""Small pieces the domain handlers share: ids, owners, groups, options, permissions."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.context import Context
from bot.errors import NotFound, PermissionDenied, UsageError
from bot.i18n import N_
from bot.matching import fold
from bot.messages import Action, Mention, Reply, RichText, Span, is_web_link, rich
from bot.platforms import is_person_id, platforms
from storage import groups
from storage.models import ActionGroup

_PERSON = re.compile(r"^<@([^>|]+)(?:\|[^>]*)?>$")
SELF_WORDS = ("me", "moi", "yo", "@me", "@moi", "@yo")  # the person writing
HERE_WORDS = ("here", "ici", "aquí", "aqui")  # the conversation written in


_QUOTES = {'"': '"', "“": "”", "«": "»", "'": "'", "„": "“"}


def split_options(
    ctx: Context, text: str, keywords: tuple[str, ...], repeatable: tuple[str, ...] = (),
    reads_as: dict[str, Callable[[str], bool]] | None = None,
) -> tuple[str, dict[str, str]]:
    """ "Send toolkit owner UNICEF due 14 May" → ("Send toolkit", {"owner": "UNICEF", "due": "14 May"}).

    Text in quotes at the start is the free text, whatever words it holds
    (``"Brief the owner of the toolkit" due Friday``). Elsewhere a keyword starts a field only
    when what follows it reads as that field (``reads_as[keyword](value)``); otherwise the word
    stays part of the text ("Discuss the due diligence report owner ILO").
    A repeatable keyword keeps every value, joined by newlines ("at 09:30 at Geneva").
    """
    text = text.strip()
    quoted = ""
    if text[:1] in _QUOTES:
        close = text.find(_QUOTES[text[0]], 1)
        if close > 0:
            quoted, text = text[1:close].strip(), text[close + 1:].strip()
    reads_as = reads_as or {}
    pattern = re.compile(rf"(?:^|(?<=\s))({'|'.join(keywords)})(?=\s+\S)", re.IGNORECASE)
    found = list(pattern.finditer(text))
    options: dict[str, str] = {}
    end = len(text)
    for match in reversed(found):  # from the end: each accepted field ends where the next one starts
        keyword = match.group(1).lower()
        key = keyword.rstrip("s") if keyword == "owners" else keyword
        value = text[match.end():end].strip()
        check = reads_as.get(key)
        if not value or (check is not None and not check(value)):
            continue
        if key in options and key in repeatable:
            options[key] = value + "\n" + options[key]
        elif key in options:
            raise UsageError(ctx.t('"{keyword}" is given twice.', keyword=key))
        else:
            options[key] = value
        end = match.start()
    head = text[:end].strip()
    if quoted:
        head = f"{quoted} {head}".strip() if head else quoted
    return head, options


def read_page(ctx: Context, options: dict[str, str]) -> int:
    """The page asked for with "page <n>" (1 when not given); anything but a page number is refused."""
    text = options.get("page", "1").strip()
    if not text.isdigit() or int(text) < 1:
        raise UsageError(ctx.t('"{page}" is not a page number.', page=text))
    return int(text)


def more_button(ctx: Context, command: str, args: str, page: int) -> Action:
    """A "More" button showing the next page of a list: it runs ``<command> <args> page <n+1>``."""
    name, _, sub = command.partition(" ")
    return Action(ctx.t("More"), f"{name}_{sub}", f"{args} page {page + 1}".strip())


def options_or_form(ctx: Context, args: str, keywords: tuple[str, ...],
                    reads_as: dict[str, Callable[[str], bool]] | None = None) -> tuple[str, dict[str, str]]:
    """Like ``split_options``, but a form an adapter filled in (``Incoming.form``, e.g. a
    Slack modal) is taken field by field, so words like "due" in the text stay text."""
    form = ctx.incoming.form
    if not isinstance(form, dict):
        return split_options(ctx, args, keywords, reads_as=reads_as)
    options = {k: str(v).strip() for k, v in form.items() if k in keywords and v and str(v).strip()}
    return str(form.get("text", "")).strip(), options


def parse_owner(token: str, ctx: Context) -> tuple[str, bool]:
    """One owner: a person (platform-qualified id) or an organisation by name."""
    token = token.strip()
    person = _PERSON.match(token)
    if person:
        inner = person.group(1)
        qualified = inner.partition(":")[0] in platforms()
        return _person(ctx, inner if qualified else f"{ctx.incoming.platform}:{inner}", token)
    if token.lower() in SELF_WORDS:  # "owner me", "owner @me": the person speaking
        return ctx.user, True
    if token.startswith("@") and len(token) > 1:
        native = ctx.platform.typed_person(token) if ctx.platform is not None else None
        return _person(ctx, f"{ctx.incoming.platform}:{native}" if native else "", token)
    if not token:
        raise UsageError(ctx.t("An owner is empty."), examples="owner @alice, Secretariat")
    return token, False


_FUNCTION_WORDS = frozenset(
    "of the a an for to in on and or with at by from about into this that these those is are be "
    "de du des la le les l un une pour par avec et ou sur dans au aux ce cette "
    "el los las lo del al una unos unas para por con y o en este esta".split())


def reads_as_owners(text: str) -> bool:
    """Whether ``text`` reads as owners (so "owner" starts a field): each is a person (``@ana``,
    ``<@U1>``, ``me``) or an organisation written as a name ("UNICEF", "Secretariat"), never
    ordinary words ("the owner of the toolkit")."""
    tokens = [t.strip() for t in _OWNER_SPLIT.split(text) if t.strip()]
    if not tokens:
        return False
    if _PERSON.match(tokens[0]) or tokens[0].lower() in SELF_WORDS or tokens[0].startswith("@"):
        return True  # a list that starts with a person is meant as owners; each is then checked as one
    for token in tokens:
        if _PERSON.match(token) or token.lower() in SELF_WORDS or (token.startswith("@") and len(token) > 1):
            continue
        first = token.split()[0]
        if first.lower() in _FUNCTION_WORDS or not (first[0].isupper() or first[0].isdigit()):
            return False
    return True


_OWNER_SPLIT = re.compile(r",|;|\s+and\s+|\s+&\s+|\s+et\s+|\s+y\s+")


def _person(ctx: Context, user_id: str, token: str) -> tuple[str, bool]:
    """A person owner must be a real platform user id: Slack sends picked people as ``<@U…>`` (a typed
    "@name" there is not one), Matrix ids look like ``@alice:example.org``. Anything else is refused,
    never mentioned."""
    if not is_person_id(user_id):
        raise UsageError(ctx.t('"{owner}" is not a person I can mention. Pick people from the @ list (on Matrix, '
                               'their full id like @alice:example.org); write organisations without @.',
                               owner=token[:80]), examples="owner @alice, UNICEF")
    return user_id, True


def reads_as_channel(text: str) -> bool:
    """Whether ``text`` is meant as a conversation (a Slack channel picked from the # list, a Matrix
    room id or alias, a console #channel): one word that starts as those do. ``read_channel`` then
    checks it, so a mistyped one is asked back rather than read as part of a name."""
    text = text.strip()
    return bool(text) and len(text.split()) == 1 and (text[0] in "#!" or text.startswith("<#"))


def read_channel(ctx: Context, text: str) -> str:
    """The platform-qualified id of the conversation ``text`` points to, on the platform the command
    came from; anything else is refused with what to write instead."""
    text, platform = text.strip(), ctx.platform
    picked = dict(ctx.incoming.channel_mentions).get(text)
    if picked is not None:  # picked from the platform's list, e.g. Slack's # list
        return picked
    native = platform.typed_conversation(text) if platform is not None else None
    if native:  # written by hand as the platform writes it (a Matrix room id, a console #channel)
        return f"{ctx.incoming.platform}:{native}"
    hint = platform.conversation_hint(text) if platform is not None else None
    if hint:  # written in a way the platform cannot post to (a Matrix room's address)
        raise UsageError(ctx.t(hint, alias=text[:80]))
    raise UsageError(ctx.t("{channel} is not a conversation I can post in here. Pick it from the # list (Slack) or "
                           "give the room's id (Matrix).", channel=text[:80]))


def check_link(ctx: Context, value: str) -> str:
    """Every link a person gives (events, observances): empty, or an http(s) address."""
    value = value.strip()
    if value and not is_web_link(value):
        raise UsageError(ctx.t('"{link}" is not a web address.', link=value[:200]), examples="https://www.un.org/…")
    return value


def parse_owners(text: str, ctx: Context) -> list[tuple[str, bool]]:
    tokens = [t for t in _OWNER_SPLIT.split(text) if t.strip()]
    if not tokens:
        raise UsageError(ctx.t("Please name at least one owner."), examples="owner @alice, Secretariat")
    owners: list[tuple[str, bool]] = []
    for token in tokens:
        owner = parse_owner(token, ctx)
        if owner not in owners:
            owners.append(owner)
    return owners


# The organisations and bodies the reference data names in English, as each language writes them (the
# catalogues: "ILO" is "OIT" in French and Spanish, "Chair" "Présidence"); any other name is shown as stored.
KNOWN_BODIES = frozenset({
    N_("ILO"), N_("IOM"), N_("OHCHR"), N_("UNODC"), N_("Chair"), N_("Secretariat"), N_("Governments"),
    N_("Participating countries"), N_("GCG members"), N_("ILO Global Business Network on Forced Labour and Trafficking"),
})


def body_name(ctx: Context, name: str) -> str:
    """An owner or lead that is an organisation the data names in English, in the reader's language."""
    return ctx.t(name) if name in KNOWN_BODIES else name


def owner_span(ctx: Context, owner: str, is_person: bool) -> Span:
    return Mention(owner) if is_person else body_name(ctx, owner)


def owners_text(ctx: Context, owners) -> RichText:
    spans: list[Span] = []
    for i, o in enumerate(owners):
        if i:
            spans.append(", ")
        spans.append(owner_span(ctx, o.owner, o.is_person))
    return tuple(spans)


def group_name(group: ActionGroup | None, lang: str) -> str:
    if group is None:
        return ""
    return group.name_in(lang)


def group_names(group: ActionGroup) -> list[str]:
    return [*group.names(), group.key]


def exact_group(all_groups: list[ActionGroup], text: str) -> ActionGroup | None:
    """The group whose name, key or alias is ``text`` (case, accents and punctuation aside)."""
    wanted = fold(text)
    for group in all_groups:
        if wanted and any(fold(name) == wanted for name in group_names(group) if name):
            return group
    return None


def close_groups(all_groups: list[ActionGroup], text: str, cutoff: float = 75) -> list[ActionGroup]:
    """Groups whose names come close to ``text``: the candidates to ask back with, best first."""
    from rapidfuzz import fuzz

    scored = []
    for group in all_groups:
        score = max((fuzz.WRatio(fold(text), fold(name)) for name in group_names(group) if name), default=0)
        if score >= cutoff:
            scored.append((score, group.name, group))
    return [g for _s, _n, g in sorted(scored, key=lambda x: (-x[0], x[1]))][:3]


async def find_group(ctx: Context, text: str, all_groups: list[ActionGroup] | None = None) -> ActionGroup:
    """A group named exactly or by an alias; anything less is asked back with the candidates.
    ``all_groups``: the groups when the command has read them already."""
    if all_groups is None:
        all_groups = await groups.all_groups(ctx.session)
    match = exact_group(all_groups, text)
    if match is None:
        close = close_groups(all_groups, text)
        raise NotFound(
            ctx.t('There is no action group called "{name}".', name=text),
            suggestions=[g.name for g in close] or [g.name for g in all_groups],
        )
    return match


def reads_as_date(ctx: Context) -> Callable[[str], bool]:
    """Whether a value reads as a date (or looks like one meant as a date, so a mistake in it is
    reported rather than kept as text): "due Friday" is a field, "due diligence" is not."""
    from bot.dates import looks_like_date, strip_confirm

    def check(value: str) -> bool:
        value = strip_confirm(value)[0]
        try:
            ctx.dates.read(value, tz=ctx.tz, now=ctx.now)
            return True
        except UsageError:
            return looks_like_date(value)

    return check


def reads_as_group(all_groups: list[ActionGroup]) -> Callable[[str], bool]:
    """Whether a value names a group, is written as a name ("group Astronomy"), or comes close enough
    to one to ask back; "the group meeting" stays text."""
    return lambda value: (exact_group(all_groups, value) is not None or value[:1].isupper()
                          or bool(close_groups(all_groups, value)))


def read_back(ctx: Context, reply: Reply, when) -> Reply:
    """A saving reply says how the date was read (weekday, range, zone), so a misreading shows at once."""
    if when is None:
        return reply
    from dataclasses import replace

    lines = [rich(ctx.t("Date read as: {reading}", reading=ctx.reading(when)))]
    if getattr(when, "moved", "") == "gap":
        lines.append(rich(ctx.t("That time does not exist on that day (the clocks go forward); it is read as the "
                                "same moment after the change, as calendars show it.")))
    return replace(reply, body=(*reply.body, *lines))


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
