"""Shared resources (best practices): saved with what was read, found again by words in each language
with stemming (SQLite FTS5 and PostgreSQL tsvector), never fetched."""

from __future__ import annotations

from datetime import timedelta


async def test_share_a_resource_and_see_what_was_read(chat):
    reply = await chat.say("!resource add https://www.ilo.org/toolkit title Child labour in supply chains "
                           "tags supply chains, due diligence country Ghana")
    assert "L1 · Child labour in supply chains" in reply
    assert "Resource L1 saved." in reply
    assert "Link: https://www.ilo.org/toolkit" in reply
    assert "Tags: supply chains, due diligence" in reply
    assert "Country: Ghana" in reply
    assert "Searched as: English" in reply


async def test_english_search_finds_other_forms_of_the_words(chat):
    await chat.say("!resource add https://example.org/a title Child labour in supply chains")
    await chat.say("!resource add https://example.org/b title Combating human trafficking at borders")
    found = await chat.say("!resource find supply chain")
    assert "Child labour in supply chains" in found and "trafficking" not in found
    assert "Combating human trafficking" in await chat.say("!resource find traffickers")
    nothing = await chat.say("!resource find supply chain trafficking")  # every word must be found
    assert "No resource matches every word." in nothing


async def test_french_search_stems_french_words(chat):
    await chat.say("!lang fr")
    await chat.say("!resource add https://example.org/guide title Guide pour les travailleurs migrants "
                   "tags migration")
    await chat.say("!resource add https://example.org/rapport title Rapport sur le travail forcé")
    found = await chat.say("!resource find travailleur migrant")
    assert "Guide pour les travailleurs migrants" in found and "Rapport" not in found
    assert "Rapport sur le travail forcé" in await chat.say("!resource find forcés")


async def test_spanish_search_stems_spanish_words(chat):
    await chat.say("!lang es")
    await chat.say("!resource add https://example.org/hogar title Trabajadoras domésticas y trabajo infantil")
    found = await chat.say("!resource find trabajadora doméstica")
    assert "Trabajadoras domésticas y trabajo infantil" in found
    assert "infantil" in await chat.say("!resource find infantiles")
    assert "Ningún recurso contiene todas las palabras." in await chat.say("!resource find pesca")


async def test_list_by_tag_and_country_and_delete(chat):
    await chat.say("!resource add https://example.org/a title Toolkit tags communications country Nepal",
                   as_user="carol")
    await chat.say("!resource add https://example.org/b title Data guide tags data country Népal")
    assert "Data guide" not in await chat.say("!resource list tag communications")
    by_country = await chat.say("!resource list country nepal")
    assert "Toolkit" in by_country and "Data guide" in by_country
    assert "Only whoever shared L1 or an admin can remove it." in await chat.say("!resource delete L1")
    assert "L1 removed: Toolkit" in await chat.say("!resource delete L1", as_user="carol")
    assert "Toolkit" not in await chat.say("!resource find toolkit")
    assert "Toolkit" not in await chat.say("!resource list")


async def test_bad_links_and_unknown_countries_change_nothing(chat):
    assert '"javascript:alert(1)" is not a web address.' in await chat.say("!resource add javascript:alert(1)")
    assert '"ftp://example.org/x" is not a web address.' in await chat.say("!resource add ftp://example.org/x")
    unknown = await chat.say("!resource add https://example.org/x title Guide country Ghna")
    assert 'I do not know the country "Ghna".' in unknown and "Ghana" in unknown
    assert "No resources yet." in await chat.say("!resource list")
    await chat.say("!resource add https://example.org/x title Guide")
    assert "already shared as L1" in await chat.say("!resource add https://example.org/x title Again")


async def test_search_words_are_never_search_syntax(chat):
    await chat.say('!resource add https://example.org/x title Guide "quoted" NEAR stuff')
    for query in ('"', 'NEAR(', "a OR b*", "'; DROP TABLE shared_resource; --", "^guide"):
        reply = await chat.say(f"!resource find {query}")
        assert "Traceback" not in reply and "went wrong" not in reply
    assert "Guide" in await chat.say("!resource find guide")


async def test_the_digest_lists_the_resources_shared_this_week(chat):
    await chat.say("!resource add https://example.org/toolkit title Communications toolkit")
    digest = await chat.say("!digest preview")
    assert "New resources from the last 7 days (1)" in digest and "L1 Communications toolkit" in digest
    chat.clock.at += timedelta(days=8)
    assert "Communications toolkit" not in await chat.say("!digest preview")


async def test_questions_about_resources_are_answered_by_a_search_in_three_languages(chat):
    await chat.say("!resource add https://example.org/sc title Forced labour in supply chains: a guide")
    await chat.say("!lang fr", as_user="carol")
    await chat.say("!resource add https://example.org/mig title Travail des migrants et recrutement équitable",
                   as_user="carol")
    reply = await chat.say("any resources on forced labour in supply chains?")
    assert "Forced labour in supply chains: a guide" in reply and "migrants" not in reply
    assert "Forced labour in supply chains" in await chat.say("are there resources about supply chain?")
    french = await chat.say("y a-t-il des ressources sur le travail des migrants ?")
    assert "Ressources pour « le travail des migrants »" in french and "recrutement équitable" in french
    spanish = await chat.say("¿hay recursos sobre pesca?")
    assert "Todavía ningún recurso trata de «pesca»." in spanish
