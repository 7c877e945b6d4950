"""!event export / import / feed: iCalendar that a second, independent parser reads."""

from __future__ import annotations

from datetime import UTC, datetime

import ics
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from bot.messages import Attachment
from bot.web import make_web_app

OUTSIDE_CALENDAR = b"""BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Partner//EN\r
BEGIN:VEVENT\r
UID:abc-123@partner.example\r
DTSTAMP:20261101T000000Z\r
DTSTART:20261210T140000Z\r
DTEND:20261210T153000Z\r
SUMMARY:Human Rights Day webinar\r
LOCATION:Online\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:def-456@partner.example\r
DTSTAMP:20261101T000000Z\r
DTSTART;VALUE=DATE:20261218\r
DTEND;VALUE=DATE:20261220\r
SUMMARY:Migrants Day campaign\r
STATUS:TENTATIVE\r
END:VEVENT\r
END:VCALENDAR\r
"""


async def test_export_parses_in_an_independent_parser(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC), meeting_report=True)
    await bot.chat.say("!event add Board call on 2 December 2026 at 15:00")
    assert "The calendar: 16 events." in await bot.chat.say("!event export")
    [reply] = bot.chat.last
    assert reply.attachment.filename.endswith(".ics") and reply.attachment.mimetype == "text/calendar"

    calendar = ics.Calendar(reply.attachment.content.decode())
    by_title = {e.name: e for e in calendar.events}
    assert len(by_title) == 16
    board = by_title["Board call"]
    assert board.begin.datetime == datetime(2026, 12, 2, 14, 0, tzinfo=UTC)
    assert any(e.all_day for e in calendar.events)


async def test_import_an_attached_file_once(bot):
    attached = Attachment("partner.ics", OUTSIDE_CALENDAR, "text/calendar")
    reply = await bot.chat.say("!event import", attachment=attached)
    assert "2 events added to the calendar." in reply
    listed = await bot.chat.say("!event list")
    assert "Human Rights Day webinar" in listed and "10 December 2026, 15:00 CET" in listed
    assert "Migrants Day campaign" in listed and "18–19 December 2026 (tentative)" in listed
    reply = await bot.chat.say("!event import", attachment=attached)
    assert "0 events added to the calendar. 2 were already there." in reply

    reply = await bot.chat.say("!event import", attachment=Attachment("x.ics", b"not a calendar", "text/plain"))
    assert "not an iCalendar file I can read" in reply
    assert "Give the address of an .ics calendar" in await bot.chat.say("!event import next week")


async def test_import_by_url_and_the_private_feed(bot):
    async def partner(request):
        return web.Response(body=OUTSIDE_CALENDAR, content_type="text/calendar")

    outside = web.Application()
    outside.router.add_get("/cal.ics", partner)
    bot.app.settings.calendar.allowed_hosts = ["127.0.0.1"]  # an admin lets the bot fetch this test server
    async with TestClient(TestServer(outside, host="127.0.0.1")) as partner_site:
        url = str(partner_site.make_url("/cal.ics"))
        assert "2 events added" in await bot.chat.say(f"!event import {url}")
        assert "answered 404" in await bot.chat.say(f"!event import {partner_site.make_url('/missing.ics')}")

    reply = await bot.chat.say("!event feed")
    feed = next(line for line in reply.splitlines() if "/calendar/" in line)
    token = feed.rsplit("/", 1)[1].removesuffix(".ics")
    assert len(token) >= 32
    async with TestClient(TestServer(make_web_app(bot.app), host="127.0.0.1")) as client:
        response = await client.get(f"/calendar/{token}.ics")
        assert response.status == 200 and response.content_type == "text/calendar"
        names = {e.name for e in ics.Calendar(await response.text()).events}
        assert names == {"Human Rights Day webinar", "Migrants Day campaign"}
        assert (await client.get("/calendar/not-the-right-token-at-all.ics")).status == 404
        await bot.chat.say("!event feed new")
        assert (await client.get(f"/calendar/{token}.ics")).status == 404  # replaced


async def test_the_feed_token_is_stored_hashed_and_never_exported(bot):
    from sqlalchemy import select

    from storage import transfer
    from storage.subscriptions import Subscription

    reply = await bot.chat.say("!event feed")
    token = next(line for line in reply.splitlines() if "/calendar/" in line).rsplit("/", 1)[1].removesuffix(".ics")
    async with bot.app.sessions() as session:
        stored = await session.scalar(select(Subscription.token).where(Subscription.kind == "feed"))
        exported = str(await transfer.export_all(session))
    assert stored and token not in stored and token not in exported
    again = await bot.chat.say("!event feed")
    assert token not in again and "feed new" in again  # the address cannot be shown again, only replaced
    async with TestClient(TestServer(make_web_app(bot.app), host="127.0.0.1")) as client:
        assert (await client.get(f"/calendar/{token}.ics")).status == 200
        assert (await client.get(f"/calendar/{stored[:40]}.ics")).status == 404  # the hash is not a key


async def test_a_timed_event_over_several_days_spans_them_all_in_the_export(database_url, bot_factory):
    """A calendar shows "14-15 May at 10:00" from the 14th at 10:00 to the end of the 15th, not one hour."""
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    assert "Date read as: Friday 14 May 2027, 10:00 CEST (Europe/Zurich) – Saturday 15 May 2027" in (
        await bot.chat.say("!event add Validation workshop on 14-15 May 2027 at 10:00"))
    assert "Event E2 added" in await bot.chat.say("!event add Drafting sessions on 17-19 May 2027 at 10:00-12:00")
    await bot.chat.say("!event export")
    [reply] = bot.chat.last
    by_title = {e.name: e for e in ics.Calendar(reply.attachment.content.decode()).events}

    workshop = by_title["Validation workshop"]
    assert workshop.begin.datetime == datetime(2027, 5, 14, 8, 0, tzinfo=UTC)  # 10:00 in Zurich (CEST)
    assert workshop.end.datetime == datetime(2027, 5, 15, 22, 0, tzinfo=UTC)  # the end of the 15th in Zurich

    drafting = by_title["Drafting sessions"]
    assert drafting.begin.datetime == datetime(2027, 5, 17, 8, 0, tzinfo=UTC)
    assert drafting.end.datetime == datetime(2027, 5, 19, 10, 0, tzinfo=UTC)  # 12:00 on the last day
