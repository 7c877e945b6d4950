"""Questions about action items see every change at once, whatever was asked before."""

from __future__ import annotations


async def test_questions_follow_action_items_as_they_change(chat):
    await chat.say("!action add Translate the communications toolkit owner UNICEF group communications")
    await chat.say("!action add Book the room for the Abidjan workshop owner ILO")
    assert "UNICEF" in await chat.say("who owns the communications toolkit translation action")

    await chat.say("!action edit A1 Print the pathfinder brochure for partners")
    answer = await chat.say("who owns the pathfinder brochure action")
    assert "A1" in answer and "UNICEF" in answer

    await chat.say("!action assign A2 IOM")
    assert "Book the room" in await chat.say("what is open for IOM?")

    await chat.say("!action done A2")
    assert "Book the room" not in await chat.say("what is open for IOM?")
    assert "Print the pathfinder brochure" in await chat.say("what is open for UNICEF?")


async def test_changes_made_elsewhere_are_seen_once_the_tables_are_looked_at_again(chat, monkeypatch):
    """Rows written by another process (here: a session of our own, outside the app) are seen at the
    next look at the tables: new, edited, owner changed, closed and deleted items alike."""
    from sqlalchemy import delete, select

    from bot.qa import cache
    from storage.models import ActionItem, ActionItemOwner

    await chat.say("!action add Translate the communications toolkit owner UNICEF")
    assert "UNICEF" in await chat.say("what is open for UNICEF?")
    monkeypatch.setattr(cache, "RECHECK_SECONDS", 0.0)  # look at the tables before each question
    now = chat.clock.now()
    async with chat.app.sessions.begin() as session:
        item = ActionItem(text="Draft the migration brief", status="open", created_by="console:other",
                          created_platform="console", created_channel="console:other", source_link="",
                          created_at=now, updated_at=now)
        session.add(item)
        await session.flush()
        session.add(ActionItemOwner(action_item_id=item.id, owner="IOM", is_person=False, position=0))
        new_id = item.id
    assert "migration brief" in await chat.say("what is open for IOM?")
    async with chat.app.sessions.begin() as session:  # an owner changed elsewhere, the item untouched
        owner = await session.scalar(select(ActionItemOwner).where(ActionItemOwner.action_item_id == new_id))
        owner.owner = "OHCHR"
        session.add(ActionItemOwner(action_item_id=new_id, owner="UNODC", is_person=False, position=1))
    assert "migration brief" in await chat.say("what is open for UNODC?")
    async with chat.app.sessions.begin() as session:  # deleted elsewhere
        await session.execute(delete(ActionItemOwner).where(ActionItemOwner.action_item_id == new_id))
        await session.execute(delete(ActionItem).where(ActionItem.id == new_id))
    assert "migration brief" not in await chat.say("what is open for UNODC?")


async def test_the_catalogue_kept_up_to_date_is_the_one_built_afresh(chat):
    """After a run of changes, the catalogue brought up to date change by change answers exactly as one
    read from scratch: same items, same organisations, same best match for each question's words."""
    from bot.qa.understand import ItemCatalog, bag_of
    from handlers.ask import knowledge
    from storage import actions

    commands = ["!action add Translate the communications toolkit owner UNICEF",
                "!action add Book the room for the Abidjan workshop owner ILO",
                "!action add Share the migration brief owner IOM, UNICEF",
                "!action edit A2 Book the hall for the Bangkok workshop", "!action assign A1 OHCHR",
                "!action done A3", "!action add Print the toolkit owner ILO", "!action reopen A3"]
    for command in commands:
        await chat.say(command)
        await chat.say("what is open for ILO?")  # each change seen as it comes, by the catalogue kept
    from bot.messages import Incoming

    async with chat.app.sessions() as session:
        asking = Incoming(platform="console", user_id="console:alice", channel_id="console:general", text="x")
        tr, tz = await chat.app.translator_for(session, asking)
        kept = (await knowledge(chat.app.context(session, asking, tr, tz))).items
        fresh = ItemCatalog()
        await fresh.refresh(await actions.open_item_stamps(session), lambda ids: actions.item_texts(session, ids))
    assert len(kept) == len(fresh) >= 3
    assert kept.owner_names == fresh.owner_names
    for words in ("toolkit", "hall bangkok", "migration brief", "room abidjan", "print"):
        stems = bag_of([words])
        assert kept.best(stems) == fresh.best(stems), words
