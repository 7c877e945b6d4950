"""The digest counts each item once and "this week" ends on Sunday; deleted seed items stay deleted
(issue 11). The clock stands on Tuesday 24 November 2026."""

from __future__ import annotations

from sqlalchemy import select

from storage import seed
from storage.models import ActionItem, CalendarEvent
from tests.conftest import Chat


async def test_an_item_with_two_owners_is_counted_and_listed_once(chat):
    await chat.say("!action add Send the toolkit owner @bob, UNICEF due 26 November 2026")
    await chat.say("!action add Map the gaps owner UNICEF due 27 November 2026")
    await chat.say("!action add Last day of the week owner ILO due 29 November 2026")
    await chat.say("!action add Next Monday owner ILO due 30 November 2026")
    digest = await chat.say("!digest preview")
    assert "Due this week (3)" in digest
    after = digest.split("Due this week (3)\n")[1].splitlines()
    lines = []
    for line in after:
        if not line.startswith("•"):
            break
        lines.append(line)
    assert len(lines) == 3, lines  # one line per item here: each has its own owners
    assert digest.count("A1 Send the toolkit") == 1
    assert "A3 Last day of the week" in digest  # Sunday is still this week
    assert "A4 Next Monday" not in digest  # Monday is next week
    assert "Due this week: 3" in digest


async def test_a_deleted_seed_item_stays_deleted(database_url, app_factory):
    app, clock = await app_factory(database_url, meeting_report=True)
    chat = Chat(app, clock)
    async with app.sessions() as session:
        item = (await session.scalars(select(ActionItem).where(ActionItem.seed_key != None).limit(1))).first()  # noqa: E711
        event = (await session.scalars(select(CalendarEvent).where(CalendarEvent.seed_key != None).limit(1))).first()  # noqa: E711
        item_ref, item_key, event_ref, event_key = item.ref, item.seed_key, event.ref, event.seed_key
        items_before = len(list(await session.scalars(select(ActionItem.id))))
    assert f"{item_ref} deleted" in await chat.say(f"!action delete {item_ref}", as_user="admin")
    assert f"{event_ref} deleted" in await chat.say(f"!event delete {event_ref}", as_user="admin")
    async with app.sessions.begin() as session:
        added = await seed.apply_meeting_report(session)
    assert (added["events"], added["action_items"]) == (0, 0)  # nothing brought back
    async with app.sessions() as session:
        assert (await session.scalars(select(ActionItem).where(ActionItem.seed_key == item_key))).first() is None
        assert (await session.scalars(select(CalendarEvent).where(CalendarEvent.seed_key == event_key))).first() is None
        assert len(list(await session.scalars(select(ActionItem.id)))) == items_before - 1


async def test_the_digest_day_and_time_in_three_languages(chat):
    assert "every Monday at 09:00" in await chat.say("!digest subscribe Monday 9:00")
    assert "every Tuesday at 09:30" in await chat.say("!digest subscribe every Tuesday at 9:30am")
    assert "every Friday at 10:00" in await chat.say("!digest subscribe vendredi à 10h")
    assert "every Thursday at 09:00" in await chat.say("!digest subscribe los jueves a las 9")
    assert '"Funday" is neither a weekday nor a time of day.' in await chat.say("!digest subscribe Funday 25:00")
