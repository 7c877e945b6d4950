"""!remind: once, recurring (in local time across daylight-saving changes), list, cancel, snooze."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from storage.models import Occurrence, Reminder


async def test_a_reminder_is_posted_once_at_its_time(bot):
    reply = await bot.chat.say("!remind me in 10 minutes call Bob")
    assert "Reminder R1 set." in reply and "24 November 2026, 09:10 CET" in reply

    assert await bot.at(datetime(2026, 11, 24, 8, 9, tzinfo=UTC)) == []
    posts = await bot.at(datetime(2026, 11, 24, 8, 10, tzinfo=UTC))
    assert len(posts) == 1
    assert "Reminder: call Bob" in posts[0] and "@alice" in posts[0] and "[Snooze 1 hour]" in posts[0]
    assert await bot.at(datetime(2026, 11, 24, 8, 30, tzinfo=UTC)) == []
    [occurrence] = await bot.occurrences()
    assert occurrence.state == "sent" and not occurrence.delayed


@pytest.mark.parametrize(("zone", "first_day"), [
    ("Europe/Zurich", date(2026, 3, 27)),     # clocks go forward on Sunday 29 March
    ("Europe/Zurich", date(2026, 10, 23)),    # and back on Sunday 25 October
    ("America/New_York", date(2026, 3, 6)),   # forward on Sunday 8 March
    ("America/New_York", date(2026, 10, 30)), # back on Sunday 1 November
])
async def test_a_daily_reminder_stays_at_nine_local_across_daylight_saving(database_url, bot_factory, zone, first_day):
    tz = ZoneInfo(zone)
    start = datetime.combine(first_day - timedelta(days=1), time(12), tz).astimezone(UTC)
    bot = await bot_factory(database_url, now=start)
    assert zone in await bot.chat.say(f"!tz {zone}")
    assert "R1" in await bot.chat.say("!remind here every day 9:00 water the plants")

    offsets = set()
    for n in range(5):
        nine = datetime.combine(first_day + timedelta(days=n), time(9), tz)
        assert await bot.at((nine - timedelta(minutes=1)).astimezone(UTC)) == []
        posts = await bot.at(nine.astimezone(UTC))
        assert len(posts) == 1 and "water the plants" in posts[0]
        offsets.add(nine.utcoffset())
    assert len(offsets) == 2, "the five days span a daylight-saving change"


async def test_29_february(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    reply = await bot.chat.say("!remind here on 29 February 2027 leap day party")
    assert "is not a date that exists" in reply
    reply = await bot.chat.say("!remind here every year on 29 February leap day party")
    assert "29 February 2028, 09:00 CET" in reply

    bot.clock.at = datetime(2028, 2, 28, 12, 0, tzinfo=UTC)
    assert await bot.at(datetime(2028, 2, 29, 7, 59, tzinfo=UTC)) == []
    assert len(await bot.at(datetime(2028, 2, 29, 8, 0, tzinfo=UTC))) == 1
    bot.clock.at = datetime(2028, 2, 29, 8, 1, tzinfo=UTC)
    assert "29 February 2032" in await bot.chat.say("!remind list")


@pytest.mark.parametrize(("text", "says"), [
    ("!remind me blah blah", "I could not read a time"),
    ("!remind me yesterday 9:00 send it", "is in the past"),
    ("!remind me on 1 January 2020 send it", "is in the past"),
    ("!remind me every year on 30 February party", "Day 30 never happens in that month"),
    ("!remind me every month on the 32nd pay", "Day 32 never happens"),
    ("!remind me every 0 days stretch", "is not a recurrence that can happen"),
    ("!remind me cron 61 * * * * tick", "is not a cron schedule I can read"),
    ("!remind me rrule FREQ=SOMETIMES tick", "is not an RRULE I can read"),
    ("!remind me tomorrow 9:00", "Please say what to remind about"),
    ("!remind Bob tomorrow call", "Say whom to remind first"),
    ("!tz Mars/Olympus_Mons", "is not a time zone I know"),
])
async def test_bad_input_gets_an_example_and_schedules_nothing(bot, text, says):
    reply = await bot.chat.say(text)
    assert says in reply
    assert "Example" in reply or "Usage" in reply
    async with bot.app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Reminder)) == 0
    assert await bot.at(datetime(2026, 12, 24, 8, 0, tzinfo=UTC)) == []
    assert await bot.occurrences() == []


async def test_list_snooze_and_cancel(bot):
    await bot.chat.say("!remind here every Monday 9:00 standup")
    await bot.chat.say("!remind me tomorrow 15:00 call the ILO")
    listed = await bot.chat.say("!remind list")
    assert listed.index("R2 call the ILO") < listed.index("R1 standup")
    # the rule is told as a sentence, never as raw RRULE text (issue 11)
    assert "30 November 2026, 09:00 CET · every Monday at 09:00" in listed and "FREQ=" not in listed

    assert len(await bot.at(datetime(2026, 11, 25, 14, 0, tzinfo=UTC))) == 1
    # the Snooze button of the post is the command "remind snooze R2 1h"
    [post] = bot.adapter.posts
    [button] = post.reply.actions
    assert (button.action_id, button.value) == ("remind_snooze", "R2 1h")
    assert "25 November 2026, 16:00 CET" in await bot.chat.say(f"!remind snooze {button.value}")
    assert await bot.at(datetime(2026, 11, 25, 14, 59, tzinfo=UTC)) == []
    assert ["Reminder: call the ILO"] == [p.splitlines()[0] for p in await bot.at(datetime(2026, 11, 25, 15, 0, tzinfo=UTC))]

    assert "only the person who set" in (await bot.chat.say("!remind cancel R1", as_user="mallory")).lower()
    assert "R1 cancelled: standup" in await bot.chat.say("!remind cancel R1")
    assert await bot.at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC)) == []
    assert "There is no reminder R1" in await bot.chat.say("!remind cancel R1")
    async with bot.app.sessions() as session:
        states = dict((await session.execute(
            select(Occurrence.ref, Occurrence.state).where(Occurrence.ref == "R1"))).all())
    assert states in ({}, {"R1": "skipped"})


async def test_cron_and_rrule_for_experts(bot):
    assert "30 November 2026, 09:00 CET" in await bot.chat.say("!remind here cron 0 9 * * 1 weekly call")
    assert "30 November 2026, 09:30 CET" in await bot.chat.say(
        "!remind here rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9;BYMINUTE=30 notes")
    posts = await bot.at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC))
    assert [p.splitlines()[0] for p in posts] == ["Reminder: weekly call"]
    posts = await bot.at(datetime(2026, 11, 30, 8, 30, tzinfo=UTC))
    assert [p.splitlines()[0] for p in posts] == ["Reminder: notes"]


async def test_a_snoozed_reminder_is_listed_and_posted_at_its_new_time(bot):
    """`!remind snooze R1 2 hours` before it fires: the list shows when it will really fire, and it does."""
    await bot.chat.say("!remind me tomorrow 9:00 pay the invoice")
    await bot.chat.say("!remind here every Wednesday 9:00 standup")
    assert "25 November 2026, 11:00 CET" in await bot.chat.say("!remind snooze R1 2 hours")
    assert "25 November 2026, 11:00 CET" in await bot.chat.say("!remind snooze R2 2 hours")
    listed = await bot.chat.say("!remind list")
    assert listed.count("25 November 2026, 11:00 CET") == 2, listed
    assert "25 November 2026, 09:00" not in listed, listed
    # the posts go out at the snoozed time, not at the old one; the next week's standup keeps 09:00
    assert await bot.at(datetime(2026, 11, 25, 8, 0, tzinfo=UTC)) == []
    posts = await bot.at(datetime(2026, 11, 25, 10, 0, tzinfo=UTC))
    assert sorted(p.splitlines()[0] for p in posts) == ["Reminder: pay the invoice", "Reminder: standup"]
    listed = await bot.chat.say("!remind list")
    assert "2 December 2026, 09:00 CET" in listed and "pay the invoice" not in listed, listed
