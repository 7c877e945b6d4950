"""Calendar events through the console."""

from __future__ import annotations


async def test_add_an_event_over_two_days_with_place_and_group(chat):
    reply = await chat.say("!event add Second Global Workshop on Supply Chains on 14-15 May 2027 at Abidjan group supply chains")
    assert "Event E1 added to the calendar." in reply
    assert "E1 · Second Global Workshop on Supply Chains" in reply
    assert "When: 14–15 May 2027" in reply
    assert "Where: Abidjan" in reply
    assert "Group: Supply Chains" in reply


async def test_a_tentative_event_with_a_time_in_the_users_zone(chat):
    reply = await chat.say("!event add 5th GCG meeting on 17 July 2027 at 09:30 at New York tentative")
    assert "When: 17 July 2027, 09:30" in reply
    assert "(tentative)" in reply
    assert "Where: New York" in reply


async def test_list_upcoming_past_and_by_month(chat):
    await chat.say("!event add Webinar on 3 December 2026")
    await chat.say("!event add Retrospective on 2 November 2026 confirm")  # a past date is asked back first (issue 11)
    await chat.say("!event add Toolkit launch on 12 June 2027")
    upcoming = await chat.say("!event list")
    assert "Webinar" in upcoming and "Toolkit launch" in upcoming and "Retrospective" not in upcoming
    assert upcoming.index("Webinar") < upcoming.index("Toolkit launch")
    past = await chat.say("!event list past")
    assert "Retrospective" in past and "Webinar" not in past
    june = await chat.say("!event list June 2027")
    assert "Events in June 2027" in june and "Toolkit launch" in june and "Webinar" not in june


async def test_edit_and_delete_by_creator_only(chat):
    await chat.say("!event add HLPF side event on 17 July 2027 at New York", as_user="carol")
    assert "Only the creator or an admin can change E1." in await chat.say("!event edit E1 place Geneva")
    assert "Where: Geneva" in await chat.say("!event edit E1 place Geneva", as_user="carol")
    assert "When: 18 July 2027" in await chat.say("!event edit E1 date 18 July 2027", as_user="carol")
    assert "E1 deleted: HLPF side event" in await chat.say("!event delete E1", as_user="admin")
    assert "No events." in await chat.say("!event list")


async def test_event_bad_input(chat):
    assert 'Please say when, after "on"' in await chat.say("!event add Webinar tomorrow-ish")
    reply = await chat.say("!event add Webinar on 31 February 2027")
    assert "could not read" in reply or "not a day that exists" in reply
    assert "No events." in await chat.say("!event list")
    assert '"colour" is not a field of an event.' in await chat.say(
        "!event edit E1 colour red") or "There is no event E1." in await chat.say("!event edit E1 colour red")


async def test_a_time_that_does_not_read_is_asked_back_not_saved_as_the_place(chat):
    # the tester's cases: an impossible hour and a zone written in words must never become "Where:"
    for text in ("!event add Call on 15 December at 25:00",
                 "!event add Webinar on child labour in cocoa on 20 January at 3pm New York time"):
        reply = await chat.say(text)
        assert "added to the calendar" not in reply
        assert "Where:" not in reply
        assert "as a time" in reply
    assert "Call" not in await chat.say("!event list")


async def test_a_time_with_a_zone_and_a_misspelt_group_keeps_both(chat):
    # "group migrashun" after "at 14:00 GMT+2": the time is not lost into the place, the group is asked back
    reply = await chat.say("!event add Regional call on 4 February at 14:00 GMT+2 group migrashun")
    assert "added to the calendar" not in reply
    assert "Where:" not in reply
    assert 'no action group called "migrashun"' in reply
    assert "Migration" in reply
    reply = await chat.say("!event add Regional call on 4 February at 14:00 GMT+2 group migration")
    assert "added to the calendar" in reply
    assert "Where:" not in reply
    assert "Migration" in reply


async def test_french_and_spanish_ranges_start_with_du_and_del(chat):
    """`du 14 au 16 avril`, `del 3 al 5 de abril` say when, as "on", "le" and "el" do."""
    reply = await chat.say("!event add Atelier national du 14 au 16 avril à Dakar")
    assert "E1 · Atelier national" in reply and "Wednesday 14 April 2027 – Friday 16 April 2027" in reply, reply
    assert "Where: Dakar" in reply, reply
    reply = await chat.say("!event add Taller nacional del 3 al 5 de abril en Bogotá")
    assert "E2 · Taller nacional" in reply and "Saturday 3 April 2027 – Monday 5 April 2027" in reply, reply
    assert "Where: Bogotá" in reply, reply
    # "du" / "del" followed by what does not read as a date stay in the title
    reply = await chat.say("!event add Atelier du futur le 14 avril")
    assert "E3 · Atelier du futur" in reply and "14 April 2027" in reply, reply
    reply = await chat.say("!event add Taller del futuro el 3 de mayo")
    assert "E4 · Taller del futuro" in reply and "3 May 2027" in reply, reply
