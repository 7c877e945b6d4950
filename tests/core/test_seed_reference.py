"""The reference seed says what the GCG4 meeting report says (issue 20), names its source,
and re-seeding an existing database corrects old rows without undoing admins' edits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from storage import facts, seed
from storage.models import ActionGroup, ActionItem, ActionItemOwner, Observance, PathfinderCountry

MEETING = date(2019, 4, 1)  # April 2019, shown to the month
# The action items as the labelled Q&A set knows them (A1 ... A18): the first 18 keep their ids.
FIRST_ITEMS = [
    "pathfinder-toolkit", "ceag-communications-toolkit", "ceag-calendar-of-activities",
    "wdacl-2019-country-highlights", "mauritania-second-workshop", "conflict-group-way-forward",
    "financial-sector-commission-briefing", "liechtenstein-initiative-ifis", "ifi-outreach", "gbn-workplan-2019",
    "migration-next-online-meeting", "migration-work-plan-activities", "migration-communications-strategies",
    "migration-walk-free-report", "gcg-third-seat-suggestions", "online-community-survey", "hlpf-visibility",
    "argentina-new-york-mission",
]


async def rows(app, model, **where):
    async with app.sessions() as session:
        stmt = select(model).filter_by(**where)
        return list(await session.scalars(stmt))


async def one(app, model, **where):
    found = await rows(app, model, **where)
    assert len(found) == 1, (model.__name__, where)
    return found[0]


async def test_the_five_statements_read_as_the_report_says(database_url, app_factory):
    app, _ = await app_factory(database_url, meeting_report=True)

    # 1. the Global March called for it, the Chair agreed: not "the GCG's call"
    women = (await one(app, Observance, key="international-womens-day")).description
    assert "the Global March called for the integration of a stronger focus on gender equality" in women
    assert "agreed on the need to incorporate gender mainstreaming" in women
    assert "GCG's call" not in women

    # 2. USDOL asked, the Secretariat responded positively: not "the GCG asked"
    wdacl = (await one(app, Observance, key="world-day-against-child-labour")).description
    assert "USDOL asked whether the communications toolkit could be used" in wdacl
    assert "responded positively" in wdacl and "further engagement from partners would be required" in wdacl
    assert "GCG asked" not in wdacl

    # 3. OHCHR is to lead the first workshop, not the group
    rule_of_law = await one(app, ActionGroup, key="rule-of-law-and-governance")
    assert "OHCHR" not in rule_of_law.leads
    assert "will be led by OHCHR" in rule_of_law.lead_note and "workshop" in rule_of_law.lead_note

    # 4. the report names no lead of Communications and Engagement
    comms = await one(app, ActionGroup, key="communications-and-engagement")
    assert comms.leads == []
    assert "Secretariat gave the update" in comms.lead_note and "CEAG-SC" in comms.lead_note

    # 5. a question from USDOL with a positive answer: no owner
    item = await one(app, ActionItem, seed_key="wdacl-2019-country-highlights")
    assert item.owners == []
    assert item.text.startswith("USDOL asked whether") and "responded positively" in item.text


async def test_the_facts_the_data_lacked_are_seeded(database_url, app_factory):
    app, _ = await app_factory(database_url, meeting_report=True)
    async with app.sessions() as session:
        chair = " ".join(f.text for f in await facts.by_topic(session, "chair"))
    assert "Ambassador Geoffrey Shaw" in chair and "Australia" in chair
    assert "candidature of France as the next Chair" in chair

    migration = await one(app, ActionGroup, key="migration")
    assert "resource mobilization strategy in coordination with other Action Groups" in migration.description

    missions = await one(app, ActionItem, seed_key="hlpf-missions-participate")
    assert "missions in New York" in missions.text and [o.owner for o in missions.owners] == ["Governments"]
    speeches = await one(app, ActionItem, seed_key="hlpf-official-speeches")
    assert "references to Alliance 8.7 in official speeches" in speeches.text
    translation = await one(app, ActionItem, seed_key="french-spanish-translation")
    assert "French and Spanish" in translation.text and [o.owner for o in translation.owners] == ["Secretariat"]


async def test_existing_action_items_keep_their_ids_and_new_ones_come_after(database_url, app_factory):
    app, _ = await app_factory(database_url, meeting_report=True)
    items = {i.seed_key: i for i in await rows(app, ActionItem)}
    assert [items[key].ref for key in FIRST_ITEMS] == [f"A{n}" for n in range(1, 19)]
    new = [items[k].id for k in ("hlpf-missions-participate", "hlpf-official-speeches", "french-spanish-translation")]
    assert min(new) > 18


async def test_every_seeded_row_names_the_report_section_and_its_date(database_url, app_factory):
    app, _ = await app_factory(database_url, meeting_report=True)
    for model in (ActionGroup, PathfinderCountry, ActionItem):
        for row in await rows(app, model):
            assert row.source.startswith("GCG4 meeting report, section "), (model.__name__, row.id)
            assert row.source_date == MEETING
    assert (await one(app, PathfinderCountry, name="Viet Nam")).source == "GCG4 meeting report, section II"
    assert (await one(app, Observance, key="international-womens-day")).source.endswith("section VIII")
    async with app.sessions() as session:
        assert all(f.source and f.source_date == MEETING for f in await facts.by_topic(session, "chair"))


async def test_reseeding_corrects_old_rows_and_keeps_admin_edits(database_url, app_factory):
    app, _ = await app_factory(database_url, meeting_report=True)
    old_women = "A day dedicated to women, in line with the GCG's call for a stronger focus on gender equality (SDG 5) in the Alliance's work."
    old_item = ("Use the communications toolkit for the World Day against Child Labour (12 June) to share highlights "
                "from countries and recognise champions working to eradicate child labour.")
    # a database seeded by the old files, where an admin has since changed two of the rows
    async with app.sessions.begin() as session:
        (await session.scalars(select(Observance).filter_by(key="international-womens-day"))).one().description = old_women
        (await session.scalars(select(Observance).filter_by(key="world-day-against-child-labour"))).one().description = (
            "Our own words for 12 June.")  # admin edit
        rule = (await session.scalars(select(ActionGroup).filter_by(key="rule-of-law-and-governance"))).one()
        rule.leads, rule.source, rule.source_date = ["OHCHR"], "", None  # as before sources were kept
        (await session.scalars(select(ActionGroup).filter_by(key="communications-and-engagement"))).one().leads = [
            "ILO"]  # admin edit
        item = (await session.scalars(select(ActionItem).filter_by(seed_key="wdacl-2019-country-highlights"))).one()
        item.text = old_item
        item.owners = [ActionItemOwner(owner="Secretariat", is_person=False, position=0)]
        migration = (await session.scalars(select(ActionItem).filter_by(seed_key="migration-walk-free-report"))).one()
        migration.owners = [ActionItemOwner(owner="IOM", is_person=False, position=0)]  # admin edit

    for _ in range(2):  # twice: the second run finds nothing left to do
        async with app.sessions.begin() as session:
            added = await seed.apply_reference(session)
            added_report = await seed.apply_meeting_report(session)
    assert added["corrected"] == added_report["corrected"] == 0
    assert sum(v for k, v in {**added, **added_report}.items()) == 0

    assert "the Global March called for" in (await one(app, Observance, key="international-womens-day")).description
    assert (await one(app, Observance, key="world-day-against-child-labour")).description == "Our own words for 12 June."
    rule = await one(app, ActionGroup, key="rule-of-law-and-governance")
    assert rule.leads == [] and rule.source == "GCG4 meeting report, section III" and rule.source_date == MEETING
    assert (await one(app, ActionGroup, key="communications-and-engagement")).leads == ["ILO"]
    item = await one(app, ActionItem, seed_key="wdacl-2019-country-highlights")
    assert item.owners == [] and item.text.startswith("USDOL asked whether")
    migration = await one(app, ActionItem, seed_key="migration-walk-free-report")
    assert [o.owner for o in migration.owners] == ["IOM"]
    assert len(await rows(app, ActionItem)) == 21  # nothing inserted twice


async def test_pathfinder_status_answers_name_the_source_and_its_date(chat):
    card = await chat.say("!pathfinder Viet Nam")
    assert "24 May 2019" in card
    assert "GCG4 meeting report, section II (April 2019)" in card

    for question in ("when is the pathfinder workshop in Viet Nam?", "what is the status of Viet Nam?"):
        answer = await chat.say(question)
        assert "24 May 2019" in answer, question
        assert "GCG4 meeting report" in answer and "April 2019" in answer, question

    # once an admin changes the card, the report no longer vouches for it
    assert "updated" in await chat.say("!pathfinder update Viet Nam status workshop_held", as_user="admin")
    card = await chat.say("!pathfinder Viet Nam")
    assert "GCG4 meeting report" not in card
    assert "!pathfinder update, admin (24 November 2026)" in card


async def test_two_seeds_at_the_same_moment_without_the_lock_leave_one_row_each(pg_url):
    """Insert-or-ignore by key: even outside the start-up lock, concurrent seeds do not collide."""
    import asyncio

    from storage import db

    engine = db.create_engine(pg_url)
    try:
        await db.upgrade(engine)
        sessions = db.create_sessionmaker(engine)
        started = asyncio.Barrier(2)

        async def seed_once() -> dict[str, int]:
            async with sessions.begin() as session:
                await started.wait()  # both transactions are open before either inserts
                return await seed.apply_reference(session)

        first, second = await asyncio.wait_for(asyncio.gather(seed_once(), seed_once()), timeout=60)
        assert first["action_groups"] + second["action_groups"] == 5
        async with sessions() as session:
            keys = list(await session.scalars(select(ActionGroup.key)))
            countries = list(await session.scalars(select(PathfinderCountry.name)))
        assert len(keys) == len(set(keys)) == 5
        assert len(countries) == len(set(countries)) == 11
    finally:
        await engine.dispose()


async def test_a_restart_corrects_the_reports_action_items_without_adding_any(database_url, app_factory):
    from bot.app import BotApp

    app, _ = await app_factory(database_url, meeting_report=True)
    async with app.sessions.begin() as session:
        item = (await session.scalars(select(ActionItem).filter_by(seed_key="wdacl-2019-country-highlights"))).one()
        item.owners = [ActionItemOwner(owner="Secretariat", is_person=False, position=0)]  # as the old seed had it
        for key in ("hlpf-missions-participate", "hlpf-official-speeches", "french-spanish-translation"):
            await session.delete((await session.scalars(select(ActionItem).filter_by(seed_key=key))).one())
    restarted = BotApp(app.settings)
    try:
        await restarted.start()
    finally:
        await restarted.close()
    assert (await one(app, ActionItem, seed_key="wdacl-2019-country-highlights")).owners == []
    assert len(await rows(app, ActionItem)) == 18  # a start adds no action items of its own


async def test_a_start_without_the_report_loaded_adds_no_action_items(database_url, app_factory):
    app, _ = await app_factory(database_url)
    assert await rows(app, ActionItem) == []


async def test_an_owner_whose_name_holds_and_is_listed_by_its_whole_name(database_url, app_factory):
    from tests.conftest import Chat

    app, clock = await app_factory(database_url, meeting_report=True)
    chat = Chat(app, clock)
    reply = await chat.say("!action list all owner ILO Global Business Network on Forced Labour and Trafficking")
    assert "Share the 2019 workplan" in reply, reply  # "and" inside the name does not cut it in two


async def test_reseeding_fills_in_the_translations_a_database_seeded_before_them_lacks(database_url, app_factory):
    app, _ = await app_factory(database_url, meeting_report=True)
    async with app.sessions.begin() as session:  # as seeded before descriptions had French and Spanish forms
        for model in (Observance, ActionGroup):
            for row in await session.scalars(select(model)):
                row.description_fr = row.description_es = ""
        custom = await session.get_one(Observance, (await one(app, Observance, key="world-refugee-day")).id)
        custom.description_fr = "Nos propres mots."  # a translation already there is kept
    for expected in (35, 0):  # 18 rows, two forms each, but the one kept; then nothing left to do
        async with app.sessions.begin() as session:
            assert (await seed.apply_reference(session))["corrected"] == expected
    refugees = await one(app, Observance, key="world-refugee-day")
    assert refugees.description_fr == "Nos propres mots." and refugees.description_es.startswith("Un día")
    migration = await one(app, ActionGroup, key="migration")
    assert migration.description_in("fr").startswith("Son plan de travail")
    assert migration.description_in("es").startswith("Su plan de trabajo")
