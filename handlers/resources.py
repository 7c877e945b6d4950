"""!resource: links members share as best practices, found again by full-text search.

The bot never fetches a shared address: it checks it is an http(s) link and stores it.
"""

from __future__ import annotations

import re

from babel import Locale

from bot.arguments import Ref
from bot.context import Context
from bot.errors import NotFound, UsageError
from bot.forms import MessageAction
from bot.i18n import N_
from bot.matching import NameIndex
from bot.messages import Field, Link, ListItem, Reply, Tone, is_web_link, rich
from bot.router import command, Family
from handlers.common import check_length, require, split_options
from storage import fulltext, resources
from storage.resources import SharedResource

ADD_USAGE = "add <link> [title <title>] [tags <tag>, <tag>] [country <country>]"
LIST_LIMIT = 20
MAX_TAGS = 10
_LANGUAGE_NAMES = {"en": N_("English"), "fr": N_("French"), "es": N_("Spanish")}


def country_index() -> NameIndex[str]:
    """Every country by its ISO code and its English, French and Spanish names (Babel's)."""
    names = {lang: {str(k): str(v) for k, v in Locale.parse(lang).territories.items()} for lang in ("en", "fr", "es")}
    return NameIndex(
        (code, names["en"][code], [code, names["fr"].get(code, ""), names["es"].get(code, "")])
        for code in names["en"] if len(code) == 2 and code.isalpha() and code not in ("ZZ", "XA", "XB")
    )


def find_country(ctx: Context, text: str) -> str:
    """The ISO code of a country named exactly (in any of the three languages); anything less is asked back."""
    index = country_index()
    found = index.exact(text)
    if found is None:
        raise UsageError(ctx.t('I do not know the country "{name}".', name=text[:80]),
                         suggestions=index.suggestions(text), usage="resource add")
    return str(found.key)


def country_name(ctx: Context, code: str) -> str:
    return Locale.parse(ctx.lang).territories.get(code, code) if code else ""


def read_tags(ctx: Context, text: str) -> list[str]:
    tags = list(dict.fromkeys(t.strip().lower() for t in text.replace(";", ",").split(",") if t.strip()))
    if len(tags) > MAX_TAGS:
        raise UsageError(ctx.t("Please give at most {count} tags.", count=MAX_TAGS), usage="resource add")
    return [check_length(ctx, tag, ctx.t("tag"))[:40] for tag in tags]


_LINK_IN_TEXT = re.compile(r"\(?(https?://[^\s)>]+)\)?")


def link_and_title(ctx: Context, text: str) -> tuple[str, str]:
    """A message's first link, and the rest of its words as the title: "Our report (https://x.org/r)"
    → ("https://x.org/r", "Our report"). A message with no link is refused."""
    found = _LINK_IN_TEXT.search(text)
    if found is None:
        raise UsageError(ctx.t("This message has no web link to share."), usage="resource add")
    return found.group(1), " ".join((text[:found.start()] + " " + text[found.end():]).split()).strip(" :;,.-–—")


def card(ctx: Context, resource: SharedResource, headline: str | None = None) -> Reply:
    fields = [Field(ctx.t("Link"), rich(Link(resource.url, resource.url)))]
    if resource.tags:
        fields.append(Field(ctx.t("Tags"), rich(", ".join(resource.tags))))
    if resource.country:
        fields.append(Field(ctx.t("Country"), rich(country_name(ctx, resource.country))))
    language = next((k for k, v in fulltext.STEMMING.items() if v == resource.stemming), "en")
    fields.append(Field(ctx.t("Searched as"), rich(ctx.t(_LANGUAGE_NAMES[language]))))
    return Reply(title=f"{resource.ref} · {resource.title}", body=(rich(headline),) if headline else (),
                 fields=tuple(fields), tone=Tone.SUCCESS if headline else Tone.INFO)


def list_item(ctx: Context, resource: SharedResource) -> ListItem:
    detail = ", ".join(filter(None, [", ".join(resource.tags), country_name(ctx, resource.country)]))
    return ListItem(rich(f"{resource.ref} · ", Link(resource.url, resource.title)), rich(detail))


#: questions about shared resources, per language: "any resources on forced labour?",
#: "y a-t-il des ressources sur la migration ?", "¿hay recursos sobre trabajo infantil?"
_QUESTIONS = {
    "en": re.compile(r"^(?:(?:are there|is there|do we have|do you have|what|which)\s+)?(?:any\s+)?(?:shared\s+)?"
                     r"(?:resources?|best practices?)\s+(?:are there\s+|do we have\s+)?(?:on|about|for|regarding)\s+"
                     r"(?P<topic>.+?)\s*\??$", re.IGNORECASE),
    "fr": re.compile(r"^(?:(?:y a-t-il|y-a-t-il|avez-vous|as-tu|quelles)\s+)?(?:des\s+)?(?:ressources?|bonnes pratiques)"
                     r"\s+(?:sur|pour|concernant|à propos de)\s+(?P<topic>.+?)\s*\??$", re.IGNORECASE),
    "es": re.compile(r"^¿?\s*(?:(?:hay|tienes|tenéis|tienen|qué)\s+)?(?:algún\s+|algunos\s+)?(?:recursos?|buenas prácticas)"
                     r"\s+(?:sobre|para|acerca de)\s+(?P<topic>.+?)\s*\??$", re.IGNORECASE),
}


async def answer_question(ctx: Context, text: str) -> Reply | None:
    """A question asking for shared resources on a topic, answered by a search; anything else: None."""
    for lang, pattern in _QUESTIONS.items():
        match = pattern.match(text.strip())
        if match is None:
            continue
        ctx.speak(lang)
        topic = match.group("topic").strip()
        found = await resources.search(ctx.session, topic, limit=LIST_LIMIT)
        if not found:
            return Reply(body=(rich(ctx.t('No shared resource is about "{topic}" yet. Share one with {command}.',
                                          topic=topic[:100], command=f"{ctx.label('resource')} add <link>")),))
        return Reply(title=ctx.t('Resources for "{words}"', words=topic[:100]),
                     items=tuple(list_item(ctx, r) for r in found))
    return None


HELP_POSITION = 100  # where these commands come in !help
RESOURCE_FAMILY = Family("resource", N_("Shared resources: toolkits, reports, guides"), when_empty="list",
              aliases={"ls": "list", "new": "add", "search": "find", "rm": "delete", "remove": "delete"})
# the link in someone's message; on Matrix, "save as resource" in reply to it
FROM_A_MESSAGE = MessageAction("save_as_resource", "resource", "add", reply_words=N_("save as resource"))


@command("resource", "add", usage=ADD_USAGE, summary=N_("Share a link as a resource"), mutating=True)
async def add(ctx: Context, args: str) -> Reply:
    form = ctx.incoming.form
    if isinstance(form, dict) and "text" in form:  # a message shared as a resource: its first link
        url, title = link_and_title(ctx, str(form["text"]))  # the rest is its title, never fields
        options = {"title": title} if title else {}
    else:
        url, _, rest = args.strip().partition(" ")
        if not url:
            raise UsageError(ctx.t("Please give the link to share."), usage="resource add")
        url = url.strip("<>")
        head, options = split_options(ctx, rest, ("title", "tags", "country"))
        if head:
            raise UsageError(ctx.t('I did not understand "{text}"; give it as title, tags or country.',
                                   text=head[:200]), usage="resource add")
    if not is_web_link(url) or len(url) > 2000:
        raise UsageError(ctx.t('"{link}" is not a web address.', link=url[:200]), examples="https://www.ilo.org/…")
    existing = await resources.same_link(ctx.session, url)
    if existing is not None:
        return Reply(body=(rich(ctx.t("This link is already shared as {ref}.", ref=existing.ref)),))
    title = check_length(ctx, options.get("title", ""), ctx.t("title")) or url
    tags = read_tags(ctx, options.get("tags", ""))
    country = find_country(ctx, options["country"]) if "country" in options else ""
    stemming = fulltext.stemming_for(ctx.lang)
    resource = await resources.add(ctx.session, SharedResource(
        url=url, title=title[:300], tags=tags, country=country, stemming=stemming,
        search_text=" ".join([title, *tags]), added_by=ctx.user, added_platform=ctx.incoming.platform,
        added_at=ctx.now))
    ctx.audit("resource.add", resource.ref, url=url)
    return card(ctx, resource, ctx.t("Resource {ref} saved.", ref=resource.ref))


@command("resource", "find", usage="find <words>", summary=N_("Search the shared resources"))
async def find(ctx: Context, args: str) -> Reply:
    if not args.strip():
        raise UsageError(ctx.t("Please say what to look for."), usage="resource find")
    found = await resources.search(ctx.session, args, limit=LIST_LIMIT)
    title = ctx.t('Resources for "{words}"', words=args.strip()[:100])
    if not found:
        return Reply(title=title, body=(rich(ctx.t("No resource matches every word.")),))
    return Reply(title=title, items=tuple(list_item(ctx, r) for r in found))


@command("resource", "list", usage="list [tag <tag>] [country <country>]",
                summary=N_("List the shared resources"))
async def list_(ctx: Context, args: str) -> Reply:
    head, options = split_options(ctx, args, ("tag", "country"))
    if head:
        raise UsageError(ctx.t('I did not understand "{text}"; list by tag or country.', text=head[:200]),
                         usage="resource list")
    country = find_country(ctx, options["country"]) if "country" in options else ""
    found = await resources.find(ctx.session, resources.listing(country=country))
    if "tag" in options:
        tag = options["tag"].strip().lower()
        found = [r for r in found if tag in r.tags]
    if not found:
        return Reply(title=ctx.t("Shared resources"), body=(rich(ctx.t("No resources yet.")),))
    return Reply(title=ctx.t("Shared resources"), items=tuple(list_item(ctx, r) for r in found[:LIST_LIMIT]),
                 more=max(0, len(found) - LIST_LIMIT))


@command("resource", "delete", args=(Ref("L"),), summary=N_("Remove a shared resource"), mutating=True)
async def delete(ctx: Context, resource_id: int) -> Reply:
    resource = await resources.get(ctx.session, resource_id)
    if resource is None:
        raise NotFound(ctx.t("There is no resource L{id}.", id=resource_id))
    require(ctx, ctx.is_admin or resource.added_by == ctx.user, action="resource.delete", subject=resource.ref,
            message=ctx.t("Only whoever shared {ref} or an admin can remove it.", ref=resource.ref))
    ref, title = resource.ref, resource.title
    await resources.remove(ctx.session, resource)
    ctx.audit("resource.delete", ref)
    return Reply(body=(rich(ctx.t("{ref} removed: {title}", ref=ref, title=title)),), tone=Tone.SUCCESS)
