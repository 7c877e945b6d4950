"""Calendar events get a lead-time notice; action-item owners a nudge per stage, once."""

from __future__ import annotations

from datetime import UTC, datetime


async def test_an_event_is_announced_a_day_ahead_in_its_channel(bot):
    reply = await bot.chat.say("!event add Board call on 2 December 2026 at 15:00")
    assert "E1" in reply
    assert await bot.at(datetime(2026, 12, 1, 13, 59, tzinfo=UTC)) == []
    [post] = await bot.at(datetime(2026, 12, 1, 14, 0, tzinfo=UTC))
    assert post.startswith("Coming up: Board call")
    assert bot.adapter.posts[0].channel == "console:general"
    assert await bot.at(datetime(2026, 12, 2, 14, 0, tzinfo=UTC)) == []


async def test_owners_are_nudged_before_the_due_date_and_once_when_overdue(bot):
    reply = await bot.chat.say("!action add Send the toolkit owner @bob due 1 December 2026")
    assert "A1" in reply
    [before] = await bot.at(datetime(2026, 11, 28, 8, 0, tzinfo=UTC))  # 3 days before, 09:00 Geneva
    assert "@bob A1 is due 1 December 2026." in before
    # moving the due date does not repeat a stage already sent
    await bot.chat.say("!action due A1 2 December 2026")
    assert await bot.at(datetime(2026, 11, 29, 8, 0, tzinfo=UTC)) == []
    [overdue] = await bot.at(datetime(2026, 12, 3, 8, 0, tzinfo=UTC))
    assert "@bob A1 was due 2 December 2026 and is still open." in overdue
    assert await bot.at(datetime(2026, 12, 4, 8, 0, tzinfo=UTC)) == []

    await bot.chat.say("!action add Review the draft owner @carol due 10 December 2026")
    await bot.chat.say("!action done A2", as_user="carol")
    assert await bot.at(datetime(2026, 12, 11, 8, 0, tzinfo=UTC)) == []  # done: no nudges
