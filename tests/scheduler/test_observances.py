"""!observance: subscribing to international days, notices with lead times, custom days."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import func, select

from storage.subscriptions import Subscription


async def test_child_labour_day_with_lead_times(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2027, 5, 30, 12, 0, tzinfo=UTC))
    reply = await bot.chat.say("!observance subscribe World Day Against Child Labour")
    assert "World Day Against Child Labour: 7 days before, on the day." in reply

    assert await bot.at(datetime(2027, 6, 5, 6, 59, tzinfo=UTC)) == []
    [week_before] = await bot.at(datetime(2027, 6, 5, 7, 0, tzinfo=UTC))  # 09:00 in Geneva (CEST)
    assert "In 7 days: World Day Against Child Labour, on 12 June 2027." in week_before
    assert "communications toolkit" in week_before  # what the day is for
    [on_the_day] = await bot.at(datetime(2027, 6, 12, 7, 0, tzinfo=UTC))
    assert "Today is World Day Against Child Labour." in on_the_day
    assert "Marked by: ILO (since 2002)" in on_the_day
    listed = await bot.chat.say("!observance list")
    assert "World Day Against Child Labour — 12 June 2027 · followed here" in listed
    assert "International Domestic Workers Day — 16 June 2027" in listed


async def test_all_days_but_one(bot):
    await bot.chat.say("!observance subscribe all lead 1")
    reply = await bot.chat.say("!observance unsubscribe Human Rights Day")
    assert "no longer hears about Human Rights Day" in reply
    listed = await bot.chat.say("!observance list")
    assert "Human Rights Day — 10 December 2026\n" in listed
    assert "International Migrants Day — 18 December 2026 · followed here" in listed
    posts = await bot.at(datetime(2026, 12, 9, 8, 0, tzinfo=UTC))
    assert posts == []  # 1 day before Human Rights Day: unsubscribed
    [post] = await bot.at(datetime(2026, 12, 17, 8, 0, tzinfo=UTC))
    assert "In 1 day: International Migrants Day" in post


async def test_a_day_that_does_not_exist_changes_nothing(bot):
    reply = await bot.chat.say("!observance subscribe World Tea Day")
    assert 'There is no observance called "World Tea Day"' in reply
    reply = await bot.chat.say("!observance subscribe all lead soon")
    assert "is not a list of days before" in reply and "Example" in reply
    async with bot.app.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Subscription)) == 0


async def test_admins_add_custom_days(bot):
    reply = await bot.chat.say("!observance add 1 May International Workers' Day", as_user="bob")
    assert "Only an admin" in reply
    reply = await bot.chat.say("!observance add 30 February Nothing Day", as_user="admin")
    assert "is not a day of the year" in reply
    reply = await bot.chat.say(
        "!observance add 29 February Leap Day of Action link https://example.org/leap about A day for rare work",
        as_user="admin")
    assert "Leap Day of Action added on 29 February 2028." in reply
    await bot.chat.say("!observance subscribe Leap Day of Action lead 0")
    bot.clock.at = datetime(2028, 2, 28, 12, 0, tzinfo=UTC)
    [post] = await bot.at(datetime(2028, 2, 29, 8, 0, tzinfo=UTC))
    assert "Today is Leap Day of Action." in post and "https://example.org/leap" in post and "rare work" in post
