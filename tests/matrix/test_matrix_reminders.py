"""Reminders on a real Synapse: posted by the scheduler through the real adapter, and seen
from the people's own clients (their timeline, their notifications)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import aiohttp

from storage import db
from storage.models import Reminder
from talk import WAIT, replies_to, room_with_bot


async def add_reminder(data_dir, *, room: str, text: str, due: datetime, mention: str = "",
                       created_by: str = "matrix:@someone:localhost") -> None:
    """A reminder written into the bot's database as ``!remind`` would (the bot may be down)."""
    engine = db.create_engine(f"sqlite+aiosqlite:///{data_dir / 'bot.db'}")
    try:
        async with db.create_sessionmaker(engine).begin() as session:
            session.add(Reminder(text=text, created_by=created_by, platform="matrix", channel_id=f"matrix:{room}",
                                 mention=mention, timezone="UTC", first_at=due.astimezone(UTC)))
    finally:
        await engine.dispose()


async def messages_with(person, room: str, sender: str, text: str) -> list[dict]:
    """Every message from ``sender`` in ``room`` whose body contains ``text``, as the server has them."""
    from nio import RoomMessagesResponse

    resp = await person.client.room_messages(room, limit=100)
    assert isinstance(resp, RoomMessagesResponse), resp
    return [e.source for e in reversed(resp.chunk)
            if e.sender == sender and replies_to(e.source) is None
            and text in e.source.get("content", {}).get("body", "")]


async def wait_for_reminder(person, room: str, bot_id: str, text: str) -> dict:
    """The bot's post (not a reply to a command) in ``room`` that contains ``text``."""
    event = await person.wait_for(lambda r, e: r == room and getattr(e, "sender", None) == bot_id
                                  and replies_to(e.source) is None
                                  and text in e.source.get("content", {}).get("body", ""))
    return event.source


async def notifications(person) -> list[dict]:
    """The person's notifications, as the homeserver's push rules decided them."""
    client = person.client
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{client.homeserver}/_matrix/client/v3/notifications",
                            params={"limit": "100"},
                            headers={"Authorization": f"Bearer {client.access_token}"},
                            timeout=aiohttp.ClientTimeout(total=WAIT)) as resp:
            assert resp.status == 200, await resp.text()
            return (await resp.json())["notifications"]


def notified(found: list[dict], event_id: str) -> dict | None:
    return next((n for n in found if n["event"]["event_id"] == event_id), None)


def highlighted(notification: dict) -> bool:
    """Whether the push rule that matched marks it as a mention (the ``highlight`` tweak)."""
    return any(isinstance(a, dict) and a.get("set_tweak") == "highlight" and a.get("value", True)
               for a in notification["actions"])


async def test_a_reminder_due_while_the_homeserver_hangs_after_login_arrives_once(
        bot_factory, person_factory, synapse):
    first = await bot_factory()
    alice = await person_factory("alice")
    room = await room_with_bot(alice, first)
    await first.stop()
    await add_reminder(first.data_dir, room=room, text="Send the minutes", due=datetime.now(UTC) - timedelta(seconds=5),
                       mention=f"matrix:{alice.user_id}")

    async def hang_for_three_seconds() -> None:  # logged in, but no sync (no room list) for a while
        synapse.pause()
        asyncio.get_running_loop().call_later(3, synapse.resume)

    try:
        bot = await bot_factory(user=(first.user_id, first.password), data_dir=first.data_dir, scheduler=True,
                                after_connect=hang_for_three_seconds)
    finally:
        await asyncio.sleep(3.5)
        synapse.resume()
    event = await wait_for_reminder(alice, room, bot.user_id, "Send the minutes")
    assert event["content"]["body"].startswith("Reminder: Send the minutes")
    # once: nothing more comes with a few more scheduler ticks' time
    await asyncio.sleep(2)
    await bot.scheduler.run_due()
    assert len(await messages_with(alice, room, bot.user_id, "Send the minutes")) == 1


async def test_a_reminder_that_could_not_be_sent_is_not_marked_sent(bot_factory, person_factory):
    from sqlalchemy import select

    from storage.models import Occurrence

    bot = await bot_factory(scheduler=False)
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    # a room the bot is not in: the homeserver refuses, no event id comes back
    elsewhere = await alice.create_room()
    await add_reminder(bot.data_dir, room=elsewhere, text="Nobody sees this", due=datetime.now(UTC) - timedelta(seconds=1))
    from bot.scheduler import Scheduler

    scheduler = Scheduler(bot.app)
    assert await scheduler.run_due() == 0
    async with bot.app.sessions() as session:
        rows = list(await session.scalars(select(Occurrence).where(Occurrence.channel_id == f"matrix:{elsewhere}")))
    assert [r.state for r in rows] == ["pending"]
    assert rows[0].attempts == 1 and rows[0].error
    assert room  # the bot's own room still works: nothing else was disturbed


async def test_a_reminder_notifies_the_person_it_is_for(bot_factory, person_factory):
    bot = await bot_factory(scheduler=True)
    alice, bob = await person_factory("alice"), await person_factory("bob")
    room = await room_with_bot(alice, bot, bob)
    await add_reminder(bot.data_dir, room=room, text="Book the venue", due=datetime.now(UTC) - timedelta(seconds=1),
                       mention=f"matrix:{bob.user_id}", created_by=f"matrix:{alice.user_id}")
    bot.scheduler.wake_now()
    event = await wait_for_reminder(bob, room, bot.user_id, "Book the venue")
    content = event["content"]
    assert content["msgtype"] == "m.text"
    assert content["m.mentions"] == {"user_ids": [bob.user_id]}
    assert f"https://matrix.to/#/{bob.user_id}" in content["formatted_body"]

    for_bob = notified(await notifications(bob), event["event_id"])
    assert for_bob is not None  # Synapse's default push rules notified bob ...
    assert highlighted(for_bob)  # ... as a mention of him (sound and highlight)
    # alice was not addressed: at most the unread count of an ordinary message, no mention
    for_alice = notified(await notifications(alice), event["event_id"])
    assert for_alice is None or not highlighted(for_alice)

    # an answer to a command stays a notice, and notifies nobody
    asked = await alice.say(room, "!pathfinder show Uganda")
    answer = await alice.answer_to(asked, bot.user_id)
    assert answer["content"]["msgtype"] == "m.notice"
    assert notified(await notifications(alice), answer["event_id"]) is None


async def test_a_reminder_set_ten_seconds_ahead_comes_before_the_next_scheduler_tick(bot_factory, person_factory):
    from zoneinfo import ZoneInfo

    from conftest import ShiftedClock

    # the bot's clock sits 10 s before a full minute, so "at HH:MM" is 10 s ahead; its scheduler
    # would look again only in ten minutes
    real_now = datetime.now(UTC)
    minute = real_now.replace(second=0, microsecond=0) + timedelta(minutes=1)
    clock = ShiftedClock(minute - timedelta(seconds=10) - real_now)
    bot = await bot_factory(clock=clock, scheduler={"poll_interval_seconds": 600})
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    await asyncio.sleep(0.5)  # the scheduler's first tick (nothing to do) is behind it

    local = minute.astimezone(ZoneInfo(bot.app.settings.bot.timezone))
    clock.shift = minute - timedelta(seconds=10) - datetime.now(UTC)
    asked = await alice.say(room, f"!remind here at {local:%H:%M} Book the venue")
    assert "Reminder R1 set." in (await alice.answer_to(asked, bot.user_id))["content"]["body"]

    event = await wait_for_reminder(alice, room, bot.user_id, "Book the venue")
    due_ms = (minute - clock.shift).timestamp() * 1000  # the due moment on the real clock
    assert event["origin_server_ts"] >= due_ms  # never early
