"""!poll (issues 15 and 17): options, one or several choices, named or anonymous, results hidden until
closing, a changed vote replaces the old one, and a closing time whose results post goes out once."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.scheduler import Scheduler


async def test_a_poll_voted_changed_and_closed_by_hand(bot):
    made = await bot.chat.say('!poll create "Which day for the next CEAG call?" options Monday, Tuesday, Friday')
    assert "Poll P1 created." in made and "P1 · Which day for the next CEAG call?" in made
    assert "1. Monday" in made and "3. Friday" in made and "Choices: one per person" in made
    assert "Your vote on P1: Tuesday." in await bot.chat.say("!poll vote P1 2", as_user="ana")
    assert "Your vote on P1: Friday." in await bot.chat.say("!poll vote P1 3", as_user="ana")  # changed, not added
    await bot.chat.say("!poll vote P1 3", as_user="bob")
    results = await bot.chat.say("!poll results P1")
    assert "2. Tuesday — 0 votes" in results and "3. Friday — 2 votes: @ana, @bob" in results
    assert "2 people have voted." in results
    assert "Only whoever created P1 or an admin can close it." in await bot.chat.say("!poll close P1", as_user="bob")
    closed = await bot.chat.say("!poll close P1")
    assert "P1 is closed." in closed and "2 votes: @ana, @bob" in closed
    assert "P1 is closed." in await bot.chat.say("!poll vote P1 1", as_user="carol")
    again = await bot.chat.say("!poll close P1")  # closing it twice says so, and changes nothing
    assert "P1 was already closed." in again and "2 votes: @ana, @bob" in again


async def test_a_named_vote_in_french_puts_a_space_before_its_colon(bot):
    await bot.chat.say('!poll create "Quel jour ?" options lundi, mardi')
    await bot.chat.say("!poll vote P1 2", as_user="ana")
    await bot.chat.say("!lang fr")
    assert "2. mardi — 1 vote\u00a0: @ana" in await bot.chat.say("!poll results P1")


async def test_several_choices_anonymous_and_hidden_until_it_closes_once(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    made = await bot.chat.say('!poll create "Which themes for the webinar?" options child labour, forced labour, '
                              'migration multiple anonymous hidden closes 26 November 2026 17:00')
    assert "Choices: several per person" in made and "Votes: anonymous" in made
    assert "Results: shown when the poll closes" in made
    assert "Date read as: Thursday 26 November 2026, 17:00 CET" in made
    await bot.chat.say("!poll vote P1 1", as_user="ana")
    assert "Your vote on P1: child labour, migration." in await bot.chat.say("!poll vote P1 3", as_user="ana")
    assert "Your vote on P1: migration." in await bot.chat.say("!poll vote P1 1", as_user="ana")  # toggled off
    await bot.chat.say("!poll vote P1 3", as_user="bob")
    hidden = await bot.chat.say("!poll results P1")
    assert "3. migration\n" in hidden and "votes" not in hidden.replace("people have voted", "")
    assert "@ana" not in hidden and "2 people have voted." in hidden
    assert await bot.at(datetime(2026, 11, 26, 15, 59, tzinfo=UTC)) == []
    [announced] = await bot.at(datetime(2026, 11, 26, 16, 0, tzinfo=UTC))  # 17:00 in Geneva
    assert "P1 is closed." in announced and "3. migration — 2 votes" in announced
    assert "1. child labour — 0 votes" in announced
    assert "@ana" not in announced and "@bob" not in announced  # anonymous
    assert await Scheduler(bot.app).run_due() == 0  # a second scheduler (or a restart) posts nothing again
    assert await bot.at(datetime(2026, 11, 26, 16, 5, tzinfo=UTC)) == []
    assert "P1 is closed." in await bot.chat.say("!poll vote P1 2", as_user="carol")


async def test_bad_polls_change_nothing(bot):
    assert "A poll needs 2 to 10 options" in await bot.chat.say('!poll create "Yes?" options yes')
    assert "Each option must be different." in await bot.chat.say('!poll create "Day?" options Monday, monday')
    assert "Please give a question and its options." in await bot.chat.say("!poll create")
    assert "There is no poll P1 here." in await bot.chat.say("!poll results P1")
    await bot.chat.say('!poll create "Day?" options Monday, Tuesday')
    assert "Please vote with a number from 1 to 2." in await bot.chat.say("!poll vote P1 7")
    assert "0 people have voted." in await bot.chat.say("!poll results P1")


async def test_a_poll_in_french_and_in_spanish(database_url, bot_factory):
    bot = await bot_factory(database_url, now=datetime(2026, 11, 24, 8, 0, tzinfo=UTC))
    await bot.chat.say("!lang fr", as_user="marie")
    made = await bot.chat.say('!poll create "Quels thèmes pour le webinaire ?" choix travail des enfants, '
                              'travail forcé, migration plusieurs anonyme masqué clôture jeudi 17h', as_user="marie")
    assert "Sondage P1 créé." in made and "travail forcé" in made
    assert "jeudi 26 novembre 2026" in made  # the closing time as it was read, in French
    await bot.chat.say("!poll vote P1 1", as_user="ana")
    await bot.chat.say("!poll vote P1 2", as_user="ana")  # several choices: both kept
    hidden = await bot.chat.say("!poll results P1", as_user="marie")
    assert "@ana" not in hidden and "1 personne a voté" in hidden
    await bot.chat.say("!lang es", as_user="pablo")
    made = await bot.chat.say('!poll create "¿Qué día para la llamada?" opciones lunes, martes anónima', as_user="pablo")
    assert "Votación P2 creada." in made or "Encuesta P2 creada." in made
    await bot.chat.say("!poll vote P2 2", as_user="ana")
    results = await bot.chat.say("!poll results P2", as_user="pablo")
    assert "martes — 1 voto" in results and "@ana" not in results  # anonymous
