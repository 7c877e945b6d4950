"""Meeting minutes (issue 17): lines said during a meeting are minuted with their author; an action line
with an owner and a due date becomes an action item; the minutes are posted at the end and exported."""

from __future__ import annotations


async def heard(chat, text: str, who: str) -> str:
    """Said in the channel, not addressed to the bot."""
    return await chat.say(text, as_user=who, is_direct=False, mentions_bot=False)


async def test_a_meeting_minuted_from_channel_talk(chat):
    assert await heard(chat, "decision: nothing yet", "ana") == ""  # no meeting under way: not minuted, no reply
    started = await chat.say("!meeting start CEAG monthly call", is_direct=False)
    assert "Meeting M1 started." in started
    assert await heard(chat, "Decision: the toolkit goes out in French first", "ana") == ""
    made = await heard(chat, "action: Translate the toolkit owner UNICEF due 14 January 2027", "bob")
    assert "Action item A1 recorded." in made and "Date read as: Thursday 14 January 2027" in made
    assert await heard(chat, "action: someone should look at the budget", "carol") == ""  # no owner, no due: minuted
    assert await heard(chat, "info: the portal has 120 members", "ana") == ""
    assert await heard(chat, "lunch is at noon", "bob") == ""  # ordinary talk is not minuted
    minutes = await chat.say("!meeting end", is_direct=False)
    assert "Minutes: CEAG monthly call" in minutes
    assert "Attendees who spoke: @ana, @bob, @carol" in minutes
    assert "Decisions (1)" in minutes and "the toolkit goes out in French first — @ana" in minutes
    assert "Action items (2)" in minutes and "A1 Translate the toolkit owner UNICEF due 14 January 2027" in minutes
    assert "someone should look at the budget — @carol" in minutes
    assert "Information (1)" in minutes and "lunch" not in minutes
    assert "A1 · Translate the toolkit" in await chat.say("!action show A1")
    assert await heard(chat, "decision: after the meeting", "ana") == ""
    [export] = await chat.replies("!meeting export", is_direct=False)
    text = export.attachment.content.decode()
    assert export.attachment.filename == "minutes-M1.md" and "## Decisions" in text
    assert "after the meeting" not in text


async def test_french_and_spanish_minutes_and_explicit_notes(chat):
    await chat.say("!lang fr")
    await chat.say("!meeting start Réunion du groupe", is_direct=False)
    await heard(chat, "Décision : le rapport sera publié en juin", "marie")
    assert "Consigné dans M1." in await chat.say("!meeting note info: 3 pays ont répondu", is_direct=False)
    await heard(chat, "acuerdo: traducir el informe", "pablo")
    minutes = await chat.say("!meeting end", is_direct=False)
    assert "Compte rendu : Réunion du groupe" in minutes and "Décisions (2)" in minutes
    assert "traducir el informe — @pablo" in minutes


async def test_bad_input_changes_nothing(chat):
    assert "Aucune réunion" not in await chat.say("!meeting end", is_direct=False)
    assert "No meeting is under way here." in await chat.say("!meeting end", is_direct=False)
    assert "No meeting is under way here." in await chat.say("!meeting note decision: x", is_direct=False)
    assert "Please give the meeting a title." in await chat.say("!meeting start", is_direct=False)
    await chat.say("!meeting start One", is_direct=False)
    assert "M1 (One) is still under way here" in await chat.say("!meeting start Two", is_direct=False)
    assert "A minuted line starts with action:" in await chat.say("!meeting note hello", is_direct=False)
    assert "Nothing was minuted." in await chat.say("!meeting end", is_direct=False)


async def test_the_digest_lists_the_meetings_of_the_week(chat):
    await chat.say("!meeting start Toolkit review", is_direct=False)
    await heard(chat, "decision: publish in June", "ana")
    await heard(chat, "action: check the Spanish version", "bob")
    await chat.say("!meeting end", is_direct=False)
    digest = await chat.say("!digest preview")
    assert "Meetings in the last 7 days (1)" in digest and "M1 Toolkit review — 1 decision, 1 action" in digest


async def test_meetings_appear_in_the_event_lists_of_their_period(chat):
    await chat.say("!event add Webinar on 3 December 2026")
    await chat.say("!meeting start Toolkit review", is_direct=False)
    await chat.say("!meeting end", is_direct=False)
    november = await chat.say("!event list November 2026")
    assert "M1 Toolkit review — 24 November 2026 · meeting" in november and "Webinar" not in november
    assert "M1 Toolkit review" in await chat.say("!event list all")
    assert "M1" not in await chat.say("!event list")  # upcoming: a meeting is never ahead
    assert "M1" not in await chat.say("!event list December 2026")
