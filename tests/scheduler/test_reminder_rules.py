"""Reminders never come early, snooze only moves them later, and nobody can flood a conversation
(issue 11; issue 12 item 5; issue 14 item 4). The clock starts on Tuesday 24 November 2026, 09:00 in Zurich."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError

from bot.errors import UsageError
from bot.recurrence import read_duration
from bot.settings import Settings


async def test_in_one_minute_keeps_its_seconds_and_never_fires_early(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, 37, tzinfo=UTC))
    assert "Reminder R1 set." in await bot.chat.say("!remind me in 1 minute stretch")
    assert await bot.at(datetime(2026, 11, 24, 8, 1, 0, tzinfo=UTC)) == []
    assert await bot.at(datetime(2026, 11, 24, 8, 1, 36, tzinfo=UTC)) == []
    assert len(await bot.at(datetime(2026, 11, 24, 8, 1, 37, tzinfo=UTC))) == 1


async def test_in_thirty_seconds_is_accepted(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, 10, tzinfo=UTC))
    assert "Reminder R1 set." in await bot.chat.say("!remind me in 30 seconds tea")
    assert await bot.at(datetime(2026, 11, 24, 8, 0, 39, tzinfo=UTC)) == []
    assert len(await bot.at(datetime(2026, 11, 24, 8, 0, 40, tzinfo=UTC))) == 1


async def test_snooze_before_a_weekly_reminder_moves_it_later_not_earlier(bot):
    await bot.chat.say("!remind here every Monday 9:00 standup")
    reply = await bot.chat.say("!remind snooze R1 1h")
    assert "30 November 2026, 10:00 CET" in reply
    assert await bot.at(datetime(2026, 11, 24, 9, 0, tzinfo=UTC)) == []  # not an hour from now
    assert await bot.at(datetime(2026, 11, 30, 8, 0, tzinfo=UTC)) == []  # not at 9:00 on Monday
    assert len(await bot.at(datetime(2026, 11, 30, 9, 0, tzinfo=UTC))) == 1  # at 10:00
    assert len(await bot.at(datetime(2026, 12, 7, 8, 0, tzinfo=UTC))) == 1  # and on the next Monday at 9:00


async def test_snooze_after_a_post_reminds_again_later(bot):
    await bot.chat.say("!remind me in 10 minutes call Bob")
    assert len(await bot.at(datetime(2026, 11, 24, 8, 10, tzinfo=UTC))) == 1
    assert "24 November 2026, 10:10 CET" in await bot.chat.say("!remind snooze R1 1h")
    assert await bot.at(datetime(2026, 11, 24, 9, 9, tzinfo=UTC)) == []
    assert len(await bot.at(datetime(2026, 11, 24, 9, 10, tzinfo=UTC))) == 1


async def test_a_hand_written_rrule_keeps_its_minute(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 43, tzinfo=UTC))
    reply = await bot.chat.say("!remind here rrule FREQ=WEEKLY;BYDAY=MO;BYHOUR=9 weekly call")
    assert "30 November 2026, 09:00 CET" in reply and "every Monday at 09:00" in reply
    assert "FREQ=" not in await bot.chat.say("!remind list")


@pytest.mark.parametrize("when", ["every minute", "every 5 minutes", "cron * * * * *", "cron */10 * * * *",
                                  "rrule FREQ=SECONDLY", "rrule FREQ=MINUTELY;INTERVAL=15"])
async def test_a_flood_is_refused_with_one_clear_line(bot, when):
    reply = await bot.chat.say(f"!remind here {when} spam")
    assert "would repeat more often than every 60 minutes" in reply
    assert "No reminders." in await bot.chat.say("!remind list")


async def test_the_minimum_interval_is_a_setting(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
                            scheduler={"reminder_min_interval_minutes": 5})
    assert "Reminder R1 set." in await bot.chat.say("!remind here every 5 minutes check the stream")
    assert "more often than every 5 minutes" in await bot.chat.say("!remind here every minute spam")
    for bad in (0, -1, 100000):
        with pytest.raises(ValidationError, match="reminder_min_interval_minutes"):
            Settings.model_validate({"scheduler": {"reminder_min_interval_minutes": bad}})
    with pytest.raises(ValidationError, match="max_active_reminders"):
        Settings.model_validate({"scheduler": {"max_active_reminders": 0}})


async def test_a_person_may_have_only_so_many_active_reminders(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC),
                            scheduler={"max_active_reminders": 2})
    assert "R1" in await bot.chat.say("!remind me tomorrow 9:00 one")
    assert "R2" in await bot.chat.say("!remind here every Monday 9:00 two")
    assert "the most one person may have" in await bot.chat.say("!remind me tomorrow 10:00 three")
    assert "Reminder R3 set." in await bot.chat.say("!remind me tomorrow 10:00 three", as_user="bob")
    await bot.chat.say("!remind cancel R1")
    assert "Reminder R4 set." in await bot.chat.say("!remind me tomorrow 10:00 three")


async def test_a_reminder_years_away_is_asked_back_and_confirm_never_eats_the_text(bot):
    reply = await bot.chat.say("!remind me in 6 years renew the domain")
    assert reply.startswith("Did you mean Wednesday 24 November 2032, 09:00 CET") and "No reminders." in await bot.chat.say(
        "!remind list")
    assert "R1 · renew the domain\n" in await bot.chat.say("!remind me in 6 years renew the domain confirm")
    assert "R2 · renew the domain\n" in await bot.chat.say("!remind me in 6 years confirm renew the domain")
    # a reminder whose text ends with the word is not touched
    assert "R3 · ask Ana to confirm\n" in await bot.chat.say("!remind me tomorrow 9:00 ask Ana to confirm")


@pytest.mark.parametrize("text, minutes", [
    ("1 hora", 60), ("2 heures", 120), ("3 jours", 3 * 24 * 60), ("2 semanas", 14 * 24 * 60),
    ("1 heure et 30 minutes", 90), ("1 hora y 30 minutos", 90), ("1h30m", 90),
])
def test_a_duration_is_read_in_french_and_spanish_too(text, minutes):
    assert read_duration(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["2 monkeys", "1 hora x", "3 mois", "y"])
def test_what_is_not_a_duration_is_refused(text):
    with pytest.raises(UsageError):
        read_duration(text)
