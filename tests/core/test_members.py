"""Connecting practitioners (issue 16): profiles owned by the member, the directory, the welcome."""

from __future__ import annotations

import pytest

from bot.messages import Incoming
from storage import transfer
from tests.conftest import Chat


async def test_a_profile_is_made_read_back_and_deleted(chat: Chat):
    assert "You have no profile yet" in await chat.say("!profile")
    reply = await chat.say("!profile set organisation ILO")
    assert "Saved. organisation read as: ILO." in reply
    reply = await chat.say("!profile set countries Nepal, Viêt Nam and Chili")
    assert "countries read as: Nepal, Vietnam, Chile." in reply  # what was read, in the member's language
    reply = await chat.say("!profile set themes child labour, travail forcé")
    assert "themes read as: child labour, forced labour." in reply
    assert "languages read as: English, French" in await chat.say("!profile set languages en, français")
    assert "about read as: Runs the Kathmandu desk." in await chat.say("!profile set about Runs the Kathmandu desk.")
    shown = await chat.say("!profile")
    assert "Organisation: ILO" in shown and "Themes: child labour, forced labour" in shown
    async with chat.app.sessions() as session:
        exported = str(await transfer.export_all(session))
    assert "Kathmandu desk" in exported  # the export includes profiles...
    assert "Your profile is deleted" in await chat.say("!profile delete")
    async with chat.app.sessions() as session:
        exported = str(await transfer.export_all(session))
    assert "Kathmandu desk" not in exported  # ...and deleting removes it from them
    assert "You have no profile yet" in await chat.say("!profile")


async def test_unknown_names_are_asked_back_never_guessed(chat: Chat):
    reply = await chat.say("!profile set themes child labor, slavry")
    assert 'I did not understand "slavry" as a theme. Did you mean: modern slavery' in reply
    reply = await chat.say("!profile set countries Nepall")
    assert 'I did not understand "Nepall" as a country. Did you mean: Nepal?' in reply
    assert "You have no profile yet" in await chat.say("!profile")  # nothing was saved
    assert "Say which field" in await chat.say("!profile set favourite colour blue")


async def test_the_directory_by_theme_country_organisation_and_language(chat: Chat):
    await chat.say("!profile set organisation ILO", as_user="ana")
    await chat.say("!profile set themes forced labour, migration", as_user="ana")
    await chat.say("!profile set countries Nepal", as_user="ana")
    await chat.say("!profile set organisation IOM", as_user="bob")
    await chat.say("!profile set themes migration", as_user="bob")
    await chat.say("!profile set languages es", as_user="bob")
    both = await chat.say("!people migration")
    assert "Members: migration (2)" in both and "@ana" in both and "@bob" in both
    one = await chat.say("!people forced labour in Nepal")
    assert "(1)" in one and "@ana" in one and "@bob" not in one
    assert "@bob" in await chat.say("!people IOM") and "@ana" not in await chat.say("!people IOM")
    assert "@bob" in await chat.say("!people spanish")
    french = await chat.say("!people travail forcé", as_user="marie")
    assert "@ana" in french
    refused = await chat.say("!people forced labor, blockchain")
    assert 'I did not understand "blockchain"' in refused and "@ana" not in refused
    assert "No member's profile matches" in await chat.say("!people child labour")


async def test_a_homeserver_sees_its_own_members_only(database_url, app_factory):
    app, clock = await app_factory(database_url)
    here = Chat(app, clock, platform="matrix", channel="matrix:!room:alliance.org")
    await here.say("!profile set themes migration", as_user="@ana:alliance.org")
    elsewhere = Chat(app, clock, platform="matrix", channel="matrix:!room:other.org")
    assert "No member's profile matches" in await elsewhere.say("!people migration", as_user="@eve:other.org")
    assert "@ana:alliance.org" in await here.say("!people migration", as_user="@bob:alliance.org")


async def test_a_person_who_joins_is_greeted_once_with_the_welcome_text(chat: Chat):
    joined = Incoming(platform="console", user_id="console:newcomer", user_name="newcomer",
                      channel_id=chat.channel, text="")
    assert await chat.app.member_joined(joined) == []  # no welcome set here: nobody is greeted
    assert "Only an admin" in await chat.say("!welcome set Hello!", is_direct=False)
    set_ = await chat.say("!welcome set Bienvenue! This channel is for the CEAG.", as_user="admin", is_direct=False)
    assert "People who join here will be greeted." in set_ and "This channel is for the CEAG." in set_
    [greeting] = await chat.app.member_joined(joined)
    from bot.plaintext import render

    text = render(greeting)
    assert "Welcome, @newcomer!" in text and "This channel is for the CEAG." in text and "!profile set" in text
    assert await chat.app.member_joined(joined) == []  # once per person per conversation
    assert "Nobody will be greeted here." in await chat.say("!welcome off", as_user="admin", is_direct=False)
    other = Incoming(platform="console", user_id="console:late", user_name="late", channel_id=chat.channel, text="")
    assert await chat.app.member_joined(other) == []


async def test_profile_and_welcome_in_french_and_spanish(chat: Chat):
    await chat.say("!lang fr", as_user="marie")
    reply = await chat.say("!profile set pays Népal, Viêt Nam", as_user="marie")
    assert "Enregistré" in reply and "Népal" in reply
    await chat.say("!lang es", as_user="pablo")
    reply = await chat.say("!profile set temas trabajo infantil", as_user="pablo")
    assert "Guardado" in reply and "trabajo infantil" in reply
    listed = await chat.say("!people trabajo infantil", as_user="pablo")
    assert "@pablo" in listed


async def test_the_digest_shows_new_members_who_asked_to_be_shown(chat: Chat):
    await chat.say("!profile set themes migration", as_user="ana")
    await chat.say("!profile set digest on", as_user="ana")
    await chat.say("!profile set themes child labour", as_user="bob")  # not asked to be shown
    digest = await chat.say("!digest preview")
    assert "New members of the last 30 days (1)" in digest and "@ana — migration" in digest and "@bob" not in digest
    await chat.say("!profile set digest on", as_user="carla")  # no themes: her name alone, nothing after it
    digest = await chat.say("!digest preview")
    assert "@carla\n" in digest + "\n" and "@carla[]" not in digest


async def _two_members(chat: Chat) -> None:
    for user, commands in {
        "ana": ("organisation ILO", "themes forced labour, migration", "countries Nepal, India", "languages en, fr"),
        "bob": ("organisation IOM", "themes migration, child labour", "countries Chile", "languages es",
                "role punto focal nacional"),
    }.items():
        for command in commands:
            assert "read as" in await chat.say(f"!profile set {command}", as_user=user)


async def test_directory_questions_in_three_languages(chat: Chat):
    await _two_members(chat)
    asia = await chat.say("who works on forced labour in Asia?")
    assert "Members: forced labour, Asia and Pacific (1)" in asia and "@ana" in asia and "@bob" not in asia
    nepal = await chat.say("qui travaille sur la migration au Népal ?", as_user="marie")
    assert "@ana" in nepal and "@bob" not in nepal and "migration, Népal" in nepal  # answered in French
    spanish = await chat.say("¿alguien de la OIM que trabaje en trabajo infantil?", as_user="maria")
    assert "@bob" in spanish and "@ana" not in spanish and "trabajo infantil" in spanish
    assert "@bob" in await chat.say("anyone who speaks spanish?")
    both = await chat.say("anyone working on migration in nepal or chile")
    assert "@ana" in both and "@bob" in both  # "or": either country
    assert "No member's profile matches child labour, Africa" in await chat.say("who works on child labour in africa")


async def test_a_directory_question_with_an_unknown_word_is_declined_not_guessed(chat: Chat):
    await _two_members(chat)
    reply = await chat.say("who works on climate change?")
    assert 'I did not understand "climate change" as a theme' in reply and "@ana" not in reply
    assert "@" not in await chat.say("who works on forced labour in Atlantis")
    # a question that names no one is not the directory's: "who leads" asks for a group's lead
    assert "Members" not in await chat.say("who leads the migration group?")


async def test_the_focal_point_question_links_the_members_who_say_they_are_it(chat: Chat):
    await _two_members(chat)
    chile = await chat.say("¿quién es el punto focal de Chile?", as_user="maria")
    assert "No hay punto focal registrado para Chile" in chile  # the data, as it is
    assert "En el directorio de miembros" in chile and "@bob" in chile and "@ana" not in chile
    nepal = await chat.say("who is the focal point of Nepal?")
    assert "No focal point is recorded for Nepal" in nepal and "@ana" not in nepal  # ana is no focal point


async def test_directory_questions_see_the_askers_workspace_only(database_url, app_factory):
    app, clock = await app_factory(database_url)
    here = Chat(app, clock, platform="matrix", channel="matrix:!room:alliance.org")
    await here.say("!profile set themes forced labour", as_user="@ana:alliance.org")
    elsewhere = Chat(app, clock, platform="matrix", channel="matrix:!room:other.org")
    assert "No member's profile matches forced labour" in await elsewhere.say("who works on forced labour?",
                                                                                as_user="@eve:other.org")
    assert "@ana:alliance.org" in await here.say("anyone on forced labour?", as_user="@bob:alliance.org")


def test_the_regions_of_the_directory_agree_with_the_pathfinder_data():
    """Each pathfinder country's region in the seed data is the region the directory files its ISO code
    under, and no country is in two regions."""
    import tomllib
    from pathlib import Path

    from bot.directory import REGION_MEMBERS, REGION_OF

    seed = tomllib.loads((Path(__file__).parents[2] / "storage" / "seed" / "reference.toml").read_text("utf-8"))
    checked = [(p["iso_code"], p["region"]) for p in seed["pathfinder"] if p.get("iso_code") and p.get("region")]
    assert len(checked) >= 5
    assert all(REGION_OF[code] == region for code, region in checked), checked
    codes = [code for listed in REGION_MEMBERS.values() for code in listed.split()]
    assert len(codes) == len(set(codes)) > 190


async def test_members_by_name_role_and_words_that_only_name_directory_terms(chat: Chat):
    await _two_members(chat)
    await chat.say("!profile set organisation Ministry of Labour, Employment (Chile)", as_user="bob")
    assert "Ministry of Labour, Employment (Chile)" in await chat.say("anyone from the ministry of labour?")
    bob = await chat.say("¿quién es bob?", as_user="maria")  # a lone first name is not a full name
    assert "Organisation:" not in bob
    focal = await chat.say("les points focaux dans les Amériques ?", as_user="marie")
    assert "@bob" in focal and "@ana" not in focal
    fragment = await chat.say("travail forcé en Asie", as_user="marie")  # no question word: the directory's terms
    assert "@ana" in fragment and "@bob" not in fragment
    assert "@ana" in await chat.say("!people working on forced labour in nepal")
    assert "@ana" in await chat.say("whos in india")


async def test_a_member_asked_by_full_name_gets_their_card(chat: Chat):
    await chat.say("!profile set organisation IOM", as_user="ana")
    async with chat.app.sessions.begin() as session:
        from storage import members

        profile = await members.profile(session, "console:ana")
        profile.display_name = "Ana Pérez"
    card = await chat.say("tell me about ana perez")
    assert "Organisation: IOM" in card
    assert "Organisation: IOM" not in await chat.say("tell me about ana")


async def test_themes_with_and_in_their_name_organisations_in_another_language_and_parts_of_regions(chat: Chat):
    reply = await chat.say("!profile set themes datos y medición; conflictos y contextos humanitarios", as_user="maria")
    assert "themes read as: data and measurement, conflict and humanitarian settings." in reply  # both, whole, in the order typed
    reply = await chat.say("!profile set themes child labour and conflict and humanitarian settings", as_user="ana")
    assert "themes read as: child labour, conflict and humanitarian settings." in reply
    await chat.say("!profile set organisation OIT", as_user="maria")
    await chat.say("!profile set countries Senegal", as_user="maria")
    assert "@maria" in await chat.say("anyone from the ILO?")  # the OIT is the ILO
    west = await chat.say("!people data and measurement in West Africa")
    assert 'I did not understand "west"' in west and "@maria" not in west  # a part of Africa is not Africa
    either = await chat.say("who works on data in Senegal or Nepal?")
    assert "Senegal or Nepal" in either and "@maria" in either


async def test_the_pathfinder_card_names_its_source_once(chat: Chat):
    card = await chat.say("!pathfinder Nepal")
    assert "Source: Source" not in card and "Source:" in card


@pytest.mark.parametrize("typed, read", [
    ("child labour, conflict and humanitarian settings, migration",
     "themes read as: child labour, conflict and humanitarian settings, migration."),
    ("trata, datos y medición", "themes read as: human trafficking, data and measurement."),
])
async def test_themes_are_read_back_in_the_order_typed(chat, typed, read):
    reply = await chat.say(f"!profile set themes {typed}")
    assert read in reply, reply


async def test_everyday_ways_of_asking_the_directory(chat: Chat):
    await _two_members(chat)
    chile = await chat.say("who do we have in chile")
    assert "@bob" in chile and "@ana" not in chile
    both = await chat.say("who works on both child labour and migration?")
    assert "@bob" in both and "@ana" not in both  # both themes: bob only
    assert "@ana" in await chat.say("travail forcé en asie, qui travaille dessus", as_user="marie")
    assert "@bob" in await chat.say("qqn au chili", as_user="marie")
    nfp = await chat.say("chile's nfp?")
    assert "@bob" in nfp and "focal" in nfp.lower()
