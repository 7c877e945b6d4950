"""After downtime: a little late is posted late (marked delayed); long missed is gathered
into one "while I was offline" message per channel. Nothing dropped, no flood."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.conftest import Chat


async def test_restart_posts_recent_misses_late_and_gathers_older_ones(database_url, bot_factory):
    # a reminder every minute is refused by default (issue 12): this test allows it, to have a flood to gather
    every_minute = {"reminder_min_interval_minutes": 1}
    first = await bot_factory(database_url, now=datetime(2026, 11, 24, 7, 0, tzinfo=UTC), scheduler=every_minute)
    other = Chat(first.app, first.clock, channel="console:other")
    await first.chat.say("!remind here every day 9:00 standup")          # 08:00 UTC daily
    await first.chat.say("!remind here on 25 November at 14:00 call the ILO")
    await first.chat.say("!remind here cron * * 27 11 * tick")            # every minute on 27 November
    await other.say("!remind here every day 9:00 other standup")
    assert await first.at(datetime(2026, 11, 24, 7, 30, tzinfo=UTC)) == []  # running, nothing due yet
    await first.app.close()

    # the bot was down from Tuesday 07:30 to Friday 08:30 UTC; it comes back with a fresh process
    later = await bot_factory(database_url, now=datetime(2026, 11, 27, 8, 30, tzinfo=UTC), scheduler=every_minute)
    await later.scheduler.run_due()
    posts = later.adapter.posts

    here = [p for p in posts if p.channel == "console:general"]
    offline = [p for p in here if p.text.startswith("While I was offline")]
    assert len(offline) == 1, [p.text for p in here]
    summary = offline[0].text
    assert "Reminder: standup — due 3 times, last 26 November 2026, 09:00 CET" in summary
    assert "Reminder: call the ILO — due 25 November 2026, 14:00 CET" in summary
    assert "Reminder: tick — due " in summary and " times, last 27 November 2026, 08:29 CET" in summary

    late = [p for p in here if p.text.startswith("Reminder: standup")]
    assert len(late) == 1 and "Delayed: this was due 27 November 2026, 09:00 CET" in late[0].text
    ticks = [p for p in here if p.text.startswith("Reminder: tick")]
    assert 55 <= len(ticks) <= 61  # the last hour, inside the grace period, one post per minute
    assert [p.text for p in posts if p.channel == "console:other" and p.text.startswith("While I was offline")] \
        and len([p for p in posts if p.channel == "console:other"]) == 2

    rows = await later.occurrences()
    now = later.clock.now()
    assert {o.state for o in rows if o.due_at <= now} == {"sent"}
    assert {o.state for o in rows if o.due_at > now} <= {"pending"}  # planned ahead, not yet due
    assert all(o.delayed for o in rows if o.due_at < datetime(2026, 11, 27, 8, 28, tzinfo=UTC))

    # a second run finds nothing left to post
    assert await later.at(datetime(2026, 11, 27, 8, 30, 30, tzinfo=UTC)) == []
