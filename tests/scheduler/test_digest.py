"""!digest: weekly, at each channel's local time; preview of the real seeded data."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.models import Occurrence
from tests.conftest import Chat


async def test_digest_at_monday_nine_in_two_zones(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 29, 12, 0, tzinfo=UTC), meeting_report=True)
    geneva = Chat(bot.app, bot.clock, channel="console:geneva")
    new_york = Chat(bot.app, bot.clock, channel="console:new-york")
    assert "America/New_York" in await new_york.say("!tz here America/New_York", as_user="admin")
    assert "Only an admin" in await geneva.say("!tz here Asia/Tokyo", is_direct=False)
    assert "every Monday at 09:00" in await geneva.say("!digest subscribe Monday 9:00")
    assert "every Monday at 09:00" in await new_york.say("!digest subscribe")

    assert await bot.at(datetime(2026, 11, 30, 7, 59, tzinfo=UTC)) == []
    posts = await bot.at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))       # 09:00 in Geneva
    assert len(posts) == 1 and bot.adapter.posts[-1].channel == "console:geneva"
    assert posts[0].startswith("Weekly digest · 30 November 2026")
    assert await bot.at(datetime(2026, 11, 30, 13, 59, tzinfo=UTC)) == []
    posts = await bot.at(datetime(2026, 11, 30, 14, 0, tzinfo=UTC))      # 09:00 in New York
    assert len(posts) == 1 and bot.adapter.posts[-1].channel == "console:new-york"

    assert "No more digests here." in await new_york.say("!digest unsubscribe")
    assert await bot.at(datetime(2026, 12, 7, 14, 0, tzinfo=UTC)) == [] or \
        all(p.channel == "console:geneva" for p in bot.adapter.posts[2:])


async def test_preview_shows_the_seeded_data(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC), meeting_report=True)
    digest = await bot.chat.say("!digest preview")
    assert digest.startswith("Weekly digest · 24 November 2026")
    assert "Overdue action items (" in digest
    # A4 was a question from USDOL with a positive answer, not an action with an owner (issue 20)
    assert "Communications and Engagement — no owner: A4 USDOL asked whether the communications toolkit" in digest
    assert "International days in the next 30 days (3)" in digest
    assert "International Day for the Abolition of Slavery — 2 December 2026" in digest
    assert "Open action items: " in digest


async def test_a_quiet_week_is_one_line_or_nothing(database_url, bot_factory):
    quiet_day = datetime(2027, 1, 4, 12, 0, tzinfo=UTC)  # no items, events or days for weeks
    bot = await bot_factory(database_url, now=quiet_day)
    assert "A quiet week" in await bot.chat.say("!digest preview")

    silent = await bot_factory(database_url.replace("bot.db", "silent.db") if "sqlite" in database_url
                               else database_url, now=quiet_day, scheduler={"quiet_digest": "skip"})
    await silent.chat.say("!digest subscribe Tuesday 9:00")
    assert await silent.at(datetime(2027, 1, 5, 8, 0, tzinfo=UTC)) == []
    async with silent.app.sessions() as session:
        states = list(await session.scalars(select(Occurrence.state).where(Occurrence.kind == "digest")))
    assert states == ["skipped"]


async def test_bad_digest_input(bot):
    reply = await bot.chat.say("!digest subscribe Funday 25:00")
    assert "is neither a weekday nor a time of day" in reply and "Example" in reply
    assert "No digest is posted here." in await bot.chat.say("!digest unsubscribe")


async def test_a_digest_with_chart_carries_the_timeline_picture(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 29, 12, 0, tzinfo=UTC), meeting_report=True)
    french = Chat(bot.app, bot.clock, channel="console:paris")
    reply = await bot.chat.say("!digest subscribe Monday 9:00 with chart")
    assert "every Monday at 09:00, with the pathfinder timeline picture" in reply
    await french.say("!lang here fr", as_user="admin", is_direct=False)
    assert "lundi" in await french.say("!digest subscribe lundi 9h avec graphique", as_user="admin")
    posts = await bot.at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    assert len(posts) == 2
    for channel, country in ((bot.chat.channel, "Nepal"), ("console:paris", "Népal")):
        [with_picture] = [p.reply for p in bot.adapter.posts if p.channel == channel]
        picture = with_picture.attachment
        assert picture is not None and picture.mimetype == "image/png" and country in picture.alt_text

    assert "every Monday at 09:00." in await bot.chat.say("!digest subscribe Monday 9:00")  # without, again
    await bot.at(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))
    latest = [p.reply for p in bot.adapter.posts if p.channel == bot.chat.channel][-1]
    assert latest.attachment is None
