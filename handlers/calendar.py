"""!event export / import / feed: the calendar as iCalendar."""

from __future__ import annotations

import hashlib
import re
import secrets


from bot import ical
from bot.context import Context
from bot.i18n import N_
from bot.errors import UsageError
from bot.messages import Attachment, Reply, Tone, Visibility, is_web_link, rich, strip_control_chars
from bot.router import command
from storage import events, subscriptions
from storage.models import CalendarEvent
from storage.subscriptions import Subscription

MAX_BYTES = 1_000_000
FETCH_SECONDS = 15
_OWN_UID = re.compile(rf"^event-(\d+)@{re.escape(ical.UID_DOMAIN)}$")


async def fetch(ctx: Context, url: str) -> bytes:
    """The calendar at ``url``, or one clear line (that never tells an open port from a closed one)."""
    from bot import safe_fetch

    try:
        return await safe_fetch.fetch(url, allowed_hosts=ctx.settings.calendar.allowed_hosts, max_bytes=MAX_BYTES,
                                      timeout=FETCH_SECONDS)
    except safe_fetch.FetchRefused:
        raise UsageError(ctx.t("I only fetch public web addresses (http or https), so I did not fetch {url}; "
                               "nothing was imported.", url=url)) from None
    except safe_fetch.FetchFailed as exc:
        if exc.status is not None:
            raise UsageError(ctx.t("{url} answered {status}; nothing was imported.", url=url,
                                   status=exc.status)) from None
        raise UsageError(ctx.t("I could not fetch {url}; nothing was imported.", url=url)) from None
    except safe_fetch.TooLarge:
        raise UsageError(ctx.t("That calendar is larger than {n} MB; nothing was imported.",
                               n=MAX_BYTES // 1_000_000)) from None


HELP_POSITION = 30  # where these commands come in !help
@command("event", "export", usage="export", summary=N_("The calendar as an .ics file"))
async def export(ctx: Context, args: str) -> Reply:
    found = await events.find(ctx.session, events.between(None, None))
    data = ical.export(found, name="Alliance 8.7", now=ctx.now,
                       month_note=ctx.t("Date to be fixed within the month."))
    return Reply(body=(rich(ctx.tn("The calendar: {n} event.", "The calendar: {n} events.", len(found))),),
                 attachment=Attachment("alliance87-calendar.ics", data, "text/calendar"))


@command("event", "import", usage="import <url or attached .ics file>",
                summary=N_("Add the events of an iCalendar file"), mutating=True)
async def import_(ctx: Context, args: str) -> Reply:
    attached = ctx.incoming.attachment
    url = args.strip().strip("<>")
    if isinstance(attached, Attachment):
        data = attached.content
    elif re.match(r"^https?://\S+$", url):
        data = await fetch(ctx, url)
    else:
        raise UsageError(ctx.t("Give the address of an .ics calendar, or attach one."), usage="event import",
                         examples="!event import https://example.org/calendar.ics")
    try:
        found = ical.read(data, default_tz=ctx.tz)
    except ical.UnreadableCalendar:
        raise UsageError(ctx.t("That is not an iCalendar file I can read; nothing was imported."),
                         usage="event import") from None
    if not found:
        raise UsageError(ctx.t("That calendar has no events with a title and a date; nothing was imported."))
    added, known = 0, 0
    for entry in found:
        own = _OWN_UID.match(entry.uid)
        key = "ics:" + hashlib.sha256(entry.uid.encode()).hexdigest()[:40] if entry.uid else None
        if (own and await events.get(ctx.session, int(own.group(1)))) or (
                key and await events.with_seed_key(ctx.session, key)):
            known += 1
            continue
        clean = strip_control_chars  # a calendar's text is stored like typed text: no control characters
        ctx.session.add(CalendarEvent(
            title=clean(entry.title)[:500], starts_on=entry.starts_on, ends_on=entry.ends_on,
            start_at=entry.start_at, end_at=entry.end_at, timezone=entry.timezone, tentative=entry.tentative,
            place=clean(entry.place)[:300], description=clean(entry.description), link=entry.link[:1000] if is_web_link(entry.link[:1000]) else "", created_by=ctx.user,
            created_platform=ctx.incoming.platform, channel_id=ctx.incoming.channel_id,
            seed_key=None if own else key, created_at=ctx.now, updated_at=ctx.now))
        added += 1
    await ctx.session.flush()
    ctx.audit("event.import", "calendar", added=added, known=known)
    text = ctx.tn("{n} event added to the calendar.", "{n} events added to the calendar.", added)
    if known:
        text += " " + ctx.tn("{n} was already there.", "{n} were already there.", known)
    return Reply(body=(rich(text),), tone=Tone.SUCCESS)


@command("event", "feed", usage="feed [new|off]",
                summary=N_("A private calendar feed URL for this conversation"),
                mutating=True)
async def feed(ctx: Context, args: str) -> Reply:
    word = args.strip().lower()
    channel = ctx.incoming.channel_id
    current = await subscriptions.find(ctx.session, subscriptions.FEED, channel)
    if word in ("off", "stop", "delete"):
        if current is not None:
            await ctx.session.delete(current)
            ctx.audit("event.feed.off", channel)
        return Reply(body=(rich(ctx.t("The calendar feed of this conversation is switched off.")),),
                     tone=Tone.SUCCESS, visibility=Visibility.PRIVATE)
    if word not in ("", "new"):
        raise UsageError(ctx.t('"{word}" is not something event feed can do.', word=word), usage="event feed")
    if current is None:
        current = Subscription(kind=subscriptions.FEED, platform=ctx.incoming.platform, channel_id=channel,
                               created_by=ctx.user, created_at=ctx.now)
        ctx.session.add(current)
    if current.token is not None and word != "new":
        # only its hash is kept, so the address cannot be shown again
        return Reply(body=(rich(ctx.t("This conversation already has a calendar feed; its address was shown when "
                                      "it was made. {command} feed new makes a new address (the old one stops "
                                      "working); {command} feed off removes it.", command=ctx.label("event"))),),
                     visibility=Visibility.PRIVATE)
    token = secrets.token_urlsafe(24)
    current.token = subscriptions.hash_token(token)
    ctx.audit("event.feed.new", channel)
    body = [rich(ctx.t("Subscribe to this address in your calendar app (it is private to this conversation):")),
            rich(ical.feed_url(ctx.settings, token))]
    if not ctx.settings.web.enabled:
        body.append(rich(ctx.t("The web endpoint is switched off in the configuration, so the address does not "
                               "answer yet.")))
    body.append(rich(ctx.t("{command} feed new replaces it; {command} feed off removes it.",
                           command=ctx.label("event"))))
    return Reply(body=tuple(body), visibility=Visibility.PRIVATE)
