"""Commands read what people mean, show what they read, and ask back rather than guess (issue 11).

The clock stands on Tuesday 24 November 2026, 10:00 in Zurich, unless a test moves it.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from bot import ical
from storage.models import ActionItem, CalendarEvent


async def items(chat) -> list[ActionItem]:
    async with chat.app.sessions() as session:
        return list((await session.scalars(select(ActionItem).order_by(ActionItem.id))).unique())


async def test_a_keyword_inside_the_text_stays_text(chat):
    reply = await chat.say("!action add Brief the owner of the toolkit due Friday")
    assert "A1 · Brief the owner of the toolkit" in reply
    assert "Owners:" not in reply
    assert "Due: 27 November 2026" in reply
    assert "Date read as: Friday 27 November 2026" in reply

    reply = await chat.say("!action add Discuss the due diligence report owner ILO")
    assert "A2 · Discuss the due diligence report" in reply
    assert "Owners: ILO" in reply and "Due:" not in reply


async def test_quotes_delimit_the_text_and_owner_me_is_the_speaker(chat):
    reply = await chat.say('!action add "Brief the owner of the toolkit due diligence" due Friday owner @me, UNICEF')
    assert "A1 · Brief the owner of the toolkit due diligence" in reply
    assert "Owners: @alice, UNICEF" in reply
    [item] = await items(chat)
    assert [(o.owner, o.is_person) for o in item.owners] == [("console:alice", True), ("UNICEF", False)]
    assert "Brief the owner" in await chat.say("!action list mine")


async def test_a_date_that_cannot_be_read_after_due_is_said_not_kept_as_text(chat):
    reply = await chat.say("!action add Plan the workshop due 31 June")
    assert '"31 June" is not a day that exists.' in reply
    assert await items(chat) == []


async def test_a_group_is_never_guessed(chat):
    for text in ("!action add Brief partners group no-such-group", "!action add Brief partners group group",
                 "!action add Brief partners group Astronomy"):
        reply = await chat.say(text)
        assert "There is no action group called" in reply, text
        assert "Did you mean:" in reply
    assert await items(chat) == []
    # exactly, or by an alias, in any of the three languages
    assert "Group: Communications and Engagement" in await chat.say("!action add A group communications")
    assert "Group: Supply Chains" in await chat.say("!action add B group cadenas de suministro")
    assert "Group: Migration" in await chat.say("!action add C group Migration")
    # a lower-case word that is not a group is text
    assert "D4 plan the group meeting" not in (reply := await chat.say("!action add Plan the group meeting due Friday"))
    assert "· Plan the group meeting" in reply and "Group:" not in reply


async def test_ranges_and_quarters_are_due_at_their_end_and_read_back(chat):
    reply = await chat.say("!action add T due May 14-15")
    assert "Date read as: Friday 14 May 2027 – Saturday 15 May 2027" in reply
    assert "Due: 15 May 2027" in reply
    reply = await chat.say("!action add T2 due Q1 2027")
    assert "Date read as: Friday 1 January 2027 – Wednesday 31 March 2027" in reply
    assert "Due: 31 March 2027" in reply
    reply = await chat.say("!action due A1 end of June")
    assert "A1 is now due 30 June 2027." in reply and "Date read as: Wednesday 30 June 2027" in reply


async def test_past_and_far_dates_are_asked_back_and_saved_only_when_confirmed(chat):
    for text, reading in (("!action add X due yesterday", "Monday 23 November 2026"),
                          ("!action add X due 2040-01-01", "Sunday 1 January 2040"),
                          ("!event add Y on 14 May 2019", "Tuesday 14 May 2019")):
        reply = await chat.say(text)
        assert reply.startswith(f"Did you mean {reading}?"), reply
        assert '"confirm"' in reply and len(reply.splitlines()) == 1  # one line: the question
    assert await items(chat) == []
    assert "No events." in await chat.say("!event list all")
    assert "Due: 23 November 2026" in await chat.say("!action add X due yesterday confirm")
    assert "When: 14 May 2019" in await chat.say("!event add Y on 14 May 2019 confirm")
    assert "is too far away to be a date" in await chat.say("!action add Z due 0001-01-01 confirm")
    assert "is too far away to be a date" in await chat.say("!action add Z due in 1000000 days")


async def test_an_ambiguous_numeric_date_is_asked_back(chat):
    assert '"6/1" could be 6 January or 1 June' in await chat.say("!action add X due 6/1")
    assert await items(chat) == []


async def test_a_date_asked_back_names_its_months_in_the_readers_language(chat):
    await chat.say("!lang fr")
    assert "« 6/1 » peut être le 6 janvier ou le 1 juin" in await chat.say("!action add X due 6/1")
    assert "« 30 février » n'est pas un jour qui existe" in await chat.say("!action add X due 30 février")
    await chat.say("!lang es")
    assert "«6/1» puede ser el 6 de enero o el 1 de junio" in await chat.say("!action add X due 6/1")
    assert await items(chat) == []


async def test_an_ambiguous_numeric_date_in_a_reminder_is_asked_back_as_for_actions(chat):
    reply = await chat.say("!remind me 6/1 9:00 pay invoice")
    assert '"6/1" could be 6 January or 1 June' in reply, reply
    assert "Reminder R1 set" not in reply
    assert "No reminders" in await chat.say("!remind list")


async def test_event_times_with_zones_noon_and_ranges(chat):
    reply = await chat.say("!event add Webinar on 14 May at 3pm CET")
    assert "When: 14 May 2027, 16:00 CEST" in reply and "Where:" not in reply
    assert "Date read as: Friday 14 May 2027, 16:00 CEST (Europe/Zurich)" in reply
    reply = await chat.say("!event add Call on 14 May at 9:00 America/New_York")
    # read in the zone given, shown to each reader in their own (issue 13: the reader here is in Zurich)
    assert "Date read as: Friday 14 May 2027, 09:00 Eastern Daylight Time (America/New_York)" in reply
    assert "When: 14 May 2027, 15:00 CEST" in reply and "Where:" not in reply
    reply = await chat.say("!event add Lunch on 14 May at noon at Geneva")
    assert "When: 14 May 2027, 12:00 CEST" in reply and "Where: Geneva" in reply
    reply = await chat.say("!event add Panel on 14 May 2027 from 14:00 to 16:00")
    assert "When: 14 May 2027, 14:00 CEST – 16:00" in reply
    reply = await chat.say("!event add Panel 2 on 14 May at 14:00-16:00")
    assert "When: 14 May 2027, 14:00 CEST – 16:00" in reply
    reply = await chat.say("!event add Atelier le 14 mai à 10h")
    assert "When: 14 May 2027, 10:00 CEST" in reply and "Where:" not in reply
    reply = await chat.say("!event add Taller el 14 de mayo a las 9 en Madrid")
    assert "When: 14 May 2027, 09:00 CEST" in reply and "Where: Madrid" in reply
    reply = await chat.say("!event add Workshop on 14-15 May at 10:00")
    assert "When: 14 May 2027, 10:00 CEST – 15 May 2027" in reply
    reply = await chat.say("!event add Course on 14-15 May at 10:00-12:00")
    # from 10:00 on the first day to 12:00 on the last, as the calendar export has it; never "10:00 – 12:00 – 15 May"
    assert "When: 14 May 2027, 10:00 CEST – 15 May 2027, 12:00 CEST" in reply
    assert "Date read as: Friday 14 May 2027, 10:00 – Saturday 15 May 2027, 12:00 CEST (Europe/Zurich)" in reply
    reply = await chat.say("!event add Summit on 30 June - 2 July 2027 at Abidjan")
    assert "Date read as: Wednesday 30 June 2027 – Friday 2 July 2027" in reply and "Where: Abidjan" in reply
    reply = await chat.say('!event add "Talk on trafficking at sea" on 3 March')
    assert "E11 · Talk on trafficking at sea" in reply and "When: 3 March 2027" in reply


async def test_a_time_that_does_not_exist_is_shown_as_the_calendar_feed_shows_it(chat):
    reply = await chat.say("!event add Night train on 28 March 2027 at 02:30")
    assert "When: 28 March 2027, 03:30 CEST" in reply
    assert "That time does not exist on that day (the clocks go forward)" in reply
    async with chat.app.sessions() as session:
        [event] = list(await session.scalars(select(CalendarEvent)))
        feed = ical.export([event], name="test", now=chat.clock.at).decode()
    assert "DTSTART:20270328T013000Z" in feed.replace(";VALUE=DATE-TIME", "")


async def test_month_names_mean_the_next_such_month(chat):
    chat.clock.at = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    await chat.say("!event add Launch on 12 May 2027")
    await chat.say("!event add Kick-off on 11 January 2027")
    for word, month in (("May", "May 2027"), ("January", "January 2027"), ("janvier", "January 2027"),
                        ("enero", "January 2027"), ("December", "December 2026")):
        assert f"Events in {month}" in await chat.say(f"!event list {word}"), word
    assert "Launch" in await chat.say("!event list May")
    assert "Kick-off" in await chat.say("!event list enero")


async def test_a_workshop_date_may_be_past_but_years_ahead_is_asked_back(chat):
    reply = await chat.say("!pathfinder update Nepal workshop 7 February 2019", as_user="admin")
    assert "Nepal updated." in reply and "Date read as: Thursday 7 February 2019" in reply
    reply = await chat.say("!pathfinder update Nepal workshop 2040-03-01", as_user="admin")
    assert reply.startswith("Did you mean Thursday 1 March 2040?")
    assert "Workshop: 7 February 2019" in await chat.say("!pathfinder Nepal")
    assert "Date read as: Thursday 1 March 2040" in await chat.say(
        "!pathfinder update Nepal workshop 2040-03-01 confirm", as_user="admin")
