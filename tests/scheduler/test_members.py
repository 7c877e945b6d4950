"""Greeting follow-ups and monthly introductions, posted once by the scheduler (issue 16)."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.community import Member, pair_members
from bot.messages import Incoming
from bot.scheduler import Scheduler
from tests.conftest import Chat


async def test_a_newcomer_without_a_profile_is_reminded_once_a_few_days_later(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    room = Chat(bot.app, bot.clock, channel="console:ceag")
    await room.say("!welcome set Bienvenue!", as_user="admin", is_direct=False)
    for person in ("newcomer", "quick"):
        await bot.app.member_joined(Incoming(platform="console", user_id=f"console:{person}", user_name=person,
                                             channel_id="console:ceag", text=""))
    await room.say("!profile set themes migration", as_user="quick")  # made one meanwhile: no reminder
    assert await bot.at(datetime(2026, 11, 27, 8, 59, tzinfo=UTC)) == []
    [reminder] = await bot.at(datetime(2026, 11, 27, 9, 1, tzinfo=UTC))
    assert "@newcomer" in reminder and "A profile helps members find you" in reminder
    assert bot.adapter.posts[-1].channel == "console:ceag"
    assert await Scheduler(bot.app).run_due() == 0 and await bot.at(datetime(2026, 11, 28, 9, 0, tzinfo=UTC)) == []


async def test_introductions_each_month_never_the_same_pair_twice_in_a_row(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    people = {"ana": ("ILO", "Nepal"), "bob": ("IOM", "Chile"), "cy": ("ILO", "Chile"), "dee": ("UNICEF", "Nepal"),
              "eve": ("IOM", "Fiji")}
    for name, (org, country) in people.items():
        await bot.chat.say(f"!profile set organisation {org}", as_user=name)
        await bot.chat.say(f"!profile set countries {country}", as_user=name)
        await bot.chat.say("!profile set themes forced labour", as_user=name)
        assert "once a month" in await bot.chat.say("!intros join", as_user=name)
    await bot.chat.say("!intros pause", as_user="eve")  # paused: not paired
    december = await bot.at(datetime(2026, 12, 1, 8, 0, tzinfo=UTC))  # the 1st, 09:00 in Geneva
    assert len(december) == 2  # four members, two pairs; one message each
    first_round = {frozenset(p.channel.removeprefix("console:dm:").split(",")) for p in bot.adapter.posts}
    assert all(len(pair) == 2 for pair in first_round) and len(set().union(*first_round)) == 4
    assert all("This month's introduction" in text for text in december)
    assert "eve" not in " ".join(p.channel for p in bot.adapter.posts)
    assert await Scheduler(bot.app).run_due() == 0  # once, whatever the processes
    await bot.at(datetime(2027, 1, 1, 8, 0, tzinfo=UTC))
    second_round = {frozenset(p.channel.removeprefix("console:dm:").split(",")) for p in bot.adapter.posts[2:]}
    assert second_round and not second_round & first_round  # never the same pair twice in a row


def test_pairing_is_deterministic_prefers_different_organisations_and_carries_the_odd_one():
    members = [Member("a", "ILO", ("NP",), ("child_labour",), ("en",)),
               Member("b", "ILO", ("NP",), ("child_labour",), ("en",)),
               Member("c", "IOM", ("CL",), ("child_labour",), ("en",)),
               Member("d", "UNICEF", ("FJ",), ("child_labour",), ("fr",)),
               Member("e", "ILO", ("VN",), ("migration",), ("es",))]
    pairs, left = pair_members(members, seed="2026-12", last_partners={})
    assert (pairs, left) == pair_members(list(reversed(members)), seed="2026-12", last_partners={})
    assert len(pairs) == 2 and len(left) == 1
    orgs = {m.user_id: m.organisation for m in members}
    assert all(orgs[x] != orgs[y] for x, y in pairs)  # different organisations where possible
    again, _ = pair_members(members, seed="2027-01", last_partners={}, carried=left)
    assert any(left[0] in pair for pair in again)  # the odd one out goes first next time



async def test_two_bot_instances_on_one_postgresql_greet_a_newcomer_once(pg_url, tmp_path):
    import asyncio

    from bot.app import BotApp
    from tests.conftest import MovableClock, make_settings

    clock = MovableClock(datetime(2026, 11, 24, 9, 0, tzinfo=UTC))
    apps = [BotApp(make_settings(pg_url, tmp_path), clock=clock) for _ in range(2)]
    for app in apps:
        await app.start()
    try:
        await Chat(apps[0], clock, channel="console:ceag").say("!welcome set Bienvenue!", as_user="admin",
                                                              is_direct=False)
        joined = Incoming(platform="console", user_id="console:newcomer", user_name="newcomer",
                          channel_id="console:ceag", text="")
        for _ in range(5):  # both processes see the same join, at the same moment, several times
            results = await asyncio.gather(*(app.member_joined(joined) for app in apps for _ in range(3)))
            if _ == 0:
                assert sum(len(r) for r in results) == 1
            else:
                assert sum(len(r) for r in results) == 0
    finally:
        for app in apps:
            await app.close()
