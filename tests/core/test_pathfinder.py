"""Pathfinder countries through the console."""

from __future__ import annotations

from tests.conftest import Chat


async def test_nepal_card_has_its_workshop_date_and_region(chat):
    reply = await chat.say("!pathfinder Nepal")
    assert reply.startswith("Nepal")
    assert "Workshop: 7 February 2019" in reply
    assert "Region: Asia and Pacific" in reply
    assert "Status: action plan adopted" in reply


async def test_aliases_misspellings_and_ranges(chat):
    assert "Workshop: 24 May 2019" in await chat.say("!pathfinder Vietnam")
    assert "Workshop: 24 May 2019" in await chat.say("!pathfinder viet nam")
    assert "Workshop: 4 March 2019" in await chat.say("!pathfinder Mauritanie")
    assert "Workshop: 20–21 March 2019" in await chat.say("!pathfinder African Union")
    assert "Workshop: July 2019 (to be confirmed)" in await chat.say("!pathfinder Fiji")
    assert "Madagascar" in await chat.say("!pathfinder Madagscar")


async def test_unknown_country_gets_did_you_mean(chat):
    # a near miss is asked back with the candidates, never picked (issue 11)
    reply = await chat.say("!pathfinder Nepl")
    assert '"Nepl" is not a pathfinder country I know.' in reply and "Did you mean: !pathfinder Nepal" in reply
    assert "Workshop: 7 February 2019" in await chat.say("!pathfinder népal")  # accents and case aside
    assert "Workshop: 7 February 2019" in await chat.say("!pathfinder NP")  # the ISO code
    reply = await chat.say("!pathfinder Tunisland")
    assert '"Tunisland" is not a pathfinder country I know.' in reply
    assert "Did you mean: !pathfinder Tunisia" in reply


async def test_list_by_region_and_status(chat):
    africa = await chat.say("!pathfinder list region Africa")
    for name in ("Madagascar", "Mauritania", "African Union", "Tunisia", "Uganda", "Nigeria"):
        assert name in africa
    assert "Nepal" not in africa
    held = await chat.say("!pathfinder list status workshop held")
    assert "Madagascar" in held and "Uganda" not in held
    everything = await chat.say("!pathfinder list")
    assert "Pathfinder countries (11)" in everything


async def test_only_admins_update_fields_and_refusals_are_clear(chat):
    refused = await chat.say("!pathfinder update Uganda status workshop held")
    assert "Only admins can change pathfinder fields." in refused
    assert "Status: workshop planned" in await chat.say("!pathfinder Uganda")

    updated = await chat.say("!pathfinder update Uganda status workshop held", as_user="admin")
    assert "Uganda updated." in updated and "Status: workshop held" in updated
    updated = await chat.say("!pathfinder update Fiji workshop 18 July 2019", as_user="admin")
    assert "Workshop: 18 July 2019 (to be confirmed)" in updated
    updated = await chat.say("!pathfinder update Fiji tbc no", as_user="admin")
    assert "Workshop: 18 July 2019" in updated and "to be confirmed" not in updated
    updated = await chat.say("!pathfinder update Viet Nam focal-point Ministry of Labour", as_user="admin")
    assert "National focal point: Ministry of Labour" in updated
    bad = await chat.say("!pathfinder update Uganda status famous", as_user="admin")
    assert '"famous" is not a status.' in bad and "workshop planned" in bad and "workshop_planned" not in bad


async def test_a_status_is_read_and_offered_in_the_readers_language(chat):
    await chat.say("!lang fr")
    bad = await chat.say("!pathfinder list status célèbre")
    assert "atelier prévu" in bad and "workshop_planned" not in bad, bad
    assert "Ouganda" in await chat.say("!pathfinder list status atelier prévu")


async def test_members_add_notes_to_the_timeline(chat):
    chat.clock.at = chat.clock.at.replace(year=2026, month=11, day=24)
    reply = await chat.say("!pathfinder note Viet Nam Workshop report shared with partners")
    assert "Note added to Viet Nam." in reply
    assert "Latest update: 24 November 2026: Workshop report shared with partners (alice)" in reply


async def test_next_steps_written_as_sentences_are_joined_cleanly(chat):
    # the seed holds Nepal's next steps as full sentences; the card must not show "….; …"
    reply = await chat.say("!pathfinder Nepal")
    assert "Next steps:" in reply
    assert ".;" not in reply
    assert "set up for it. Finalise the Law on Forced Labour" in reply



async def test_a_card_kept_in_memory_shows_a_change_made_by_another_process_at_once(database_url, app_factory):
    from sqlalchemy import text

    first, clock = await app_factory(database_url)
    other, other_clock = await app_factory(database_url)  # another process on the same database
    chat, elsewhere = Chat(first, clock), Chat(other, other_clock)
    card = await chat.say("!pathfinder Nepal")
    assert "Status: action plan adopted" in card and "Latest update" in card
    kept = first.kept.countries
    assert kept is not None and len(kept.countries) == 1  # read once, then kept
    assert await chat.say("!pathfinder Nepal") == card
    assert first.kept.countries is kept and len(kept.countries) == 1

    assert "Nepal updated." in await elsewhere.say("!pathfinder update Nepal status workshop held", as_user="admin")
    assert "Status: workshop held" in await chat.say("!pathfinder Nepal")
    async with first.sessions.begin() as session:  # nor through any bot: the database raises its version
        await session.execute(text("UPDATE pathfinder_country SET focal_point = 'Ministry X' WHERE name = 'Nepal'"))
    assert "National focal point: Ministry X" in await chat.say("!pathfinder Nepal")
    async with first.sessions.begin() as session:
        await session.execute(text("DELETE FROM pathfinder_update"))
    assert "Latest update" not in await chat.say("!pathfinder Nepal")
    assert "Note added to Nepal." in await chat.say("!pathfinder note Nepal met the minister", as_user="admin")
    assert "met the minister" in await elsewhere.say("!pathfinder Nepal")
