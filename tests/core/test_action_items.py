"""Action items through the console, as members and admins use them."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select

from storage.audit import AuditEntry
from storage.models import ActionItem


async def test_add_with_owners_due_date_and_group(chat):
    reply = await chat.say(
        "!action add Share country highlights for the World Day owner @bob, UNICEF due 12 June 2027 group communications"
    )
    assert "Action item A1 recorded." in reply
    assert "Share country highlights for the World Day" in reply
    assert "Owners: @bob, UNICEF" in reply
    assert "Due: 12 June 2027" in reply
    assert "Group: Communications and Engagement" in reply

    shown = await chat.say("!action show A1")
    assert "A1 · Share country highlights" in shown
    assert "Status: open" in shown


async def test_approximate_due_date_is_kept_as_a_month(chat):
    reply = await chat.say("!action add Launch the supply chains report due September 2027")
    assert "Due: September 2027" in reply


async def test_list_scopes(chat):
    await chat.say("!action add Draft toolkit owner me due 1 December 2026")
    await chat.say("!action add Old follow-up due 1 November 2026 confirm", as_user="bob")  # a past date is asked back first (issue 11)
    await chat.say("!action add Someday task", as_user="bob")

    mine = await chat.say("!action list mine")
    assert "Draft toolkit" in mine and "Old follow-up" not in mine

    overdue = await chat.say("!action list overdue")
    assert "Old follow-up" in overdue and "Draft toolkit" not in overdue
    assert "overdue" in overdue

    everything = await chat.say("!action list")
    assert "Open action items (3)" in everything


async def test_list_by_group_and_owner(chat):
    await chat.say("!action add Map research gaps group migration owner IOM")
    await chat.say("!action add Update website group communications")
    by_group = await chat.say("!action list group Migration")
    assert "Map research gaps" in by_group and "Update website" not in by_group
    by_owner = await chat.say("!action list owner IOM")
    assert "Map research gaps" in by_owner and "Update website" not in by_owner


async def test_done_and_reopen_by_owner(chat):
    await chat.say("!action add Send the survey owner @bob", as_user="carol")
    done = await chat.say("!action done A1", as_user="bob")
    assert "A1 marked done." in done
    assert "[Reopen]" in done
    assert "Send the survey" in await chat.say("!action list done")
    reopened = await chat.say("!action reopen a1", as_user="bob")
    assert "A1 reopened." in reopened


async def test_a_stranger_cannot_close_or_delete_and_the_attempt_is_logged(chat):
    await chat.say("!action add Prepare the HLPF side event owner @bob", as_user="carol")
    refused = await chat.say("!action done A1", as_user="mallory")
    assert "Only the creator, an owner or an admin can change A1." in refused
    refused = await chat.say("!action delete A1", as_user="mallory")
    assert "Only the creator, an owner or an admin" in refused
    assert "Status: open" in await chat.say("!action show A1")

    async with chat.app.sessions() as session:
        denied = list(await session.scalars(select(AuditEntry).where(AuditEntry.outcome == "denied")))
    assert [(d.actor, d.action, d.subject) for d in denied] == [
        ("console:mallory", "action_item.done", "A1"),
        ("console:mallory", "action_item.delete", "A1"),
    ]


async def test_an_admin_may_change_anything(chat):
    await chat.say("!action add Translate the toolkit", as_user="carol")
    assert "A1 deleted: Translate the toolkit" in await chat.say("!action delete A1", as_user="admin")
    assert "There is no action item A1." in await chat.say("!action show A1")


async def test_assign_due_and_edit(chat):
    await chat.say("!action add Brief the Supply Chains group")
    assert "Owners: Secretariat, @dan" in await chat.say("!action assign A1 Secretariat, @dan")
    assert "A1 is now due 15 May 2027." in await chat.say("!action due A1 15 May 2027")
    assert "A1 · Brief the Financial Sector Commission" in await chat.say(
        "!action edit A1 Brief the Financial Sector Commission")


async def test_bad_input_gets_a_clear_reply_and_changes_nothing(chat):
    reply = await chat.say("!action add Plan the workshop due the day after never")
    assert 'could not read "the day after never" as a date' in reply
    assert "Examples:" in reply
    assert "Nothing here." in await chat.say("!action list")

    assert '"A99"' not in await chat.say("!action show A99")
    assert "There is no action item A99." in await chat.say("!action show A99")
    assert "is not an id like A12" in await chat.say("!action show banana")

    reply = await chat.say("!action ad Something")
    assert '"ad" is not something !action can do.' in reply
    assert "Did you mean: !action add" in reply

    reply = await chat.say("!action add " + "x" * 2001)
    assert "the limit is 2000" in reply
    assert "Nothing here." in await chat.say("!action list")

    reply = await chat.say("!action add Brief partners group Astronomy")
    assert 'There is no action group called "Astronomy".' in reply


async def test_a_failure_midway_leaves_nothing_half_written(chat, monkeypatch):
    from storage import actions

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(actions, "set_owners", explode)
    reply = await chat.say("!action add Will not be saved owner @bob")
    assert "Something went wrong on my side, so nothing was changed." in reply
    assert "Traceback" not in reply
    async with chat.app.sessions() as session:
        assert list(await session.scalars(select(ActionItem))) == []
        assert list(await session.scalars(select(AuditEntry))) == []


async def test_the_audit_log_records_who_changed_what_and_where(chat):
    chat.clock.at = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    await chat.say("!action add Collect highlights")
    await chat.say("!action done A1")
    async with chat.app.sessions() as session:
        entries = list(await session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert [(e.actor, e.platform, e.action, e.subject) for e in entries] == [
        ("console:alice", "console", "action_item.create", "A1"),
        ("console:alice", "console", "action_item.done", "A1"),
    ]
    assert entries[0].at == datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


async def test_a_typo_in_the_due_date_is_asked_back_not_kept_as_owner(chat):
    # "due tomorow" is a misspelt date, not part of the owner's name (issue 11: ask back, never save a misreading)
    reply = await chat.say("!action add Contact OHCHR owner @ana due tomorow")
    assert "Action item A1 recorded." not in reply
    assert "did you mean tomorrow?" in reply
    assert "tomorow" in reply
    listed = await chat.say("!action list all")
    assert "Contact OHCHR" not in listed


async def test_an_item_due_in_a_month_is_overdue_only_once_that_month_has_ended(chat):
    from datetime import UTC, datetime

    chat.clock.at = datetime(2027, 4, 20, 9, 0, tzinfo=UTC)
    assert "recorded" in await chat.say("!action add Map the supply chain studies due May 2027")
    assert "recorded" in await chat.say("!action add Send the invitations due 3 May 2027")
    chat.clock.at = datetime(2027, 5, 20, 9, 0, tzinfo=UTC)  # May has begun, but is not over
    overdue = await chat.say("!action list overdue")
    assert "Send the invitations" in overdue and "Map the supply chain studies" not in overdue
    assert "overdue" not in await chat.say("!action show A1")
    chat.clock.at = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)
    overdue = await chat.say("!action list overdue")
    assert "Send the invitations" in overdue and "Map the supply chain studies" in overdue
    assert "overdue" in await chat.say("!action show A1")
