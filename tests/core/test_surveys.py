"""!survey (issue 17): a short survey of choice and free-text questions, answered question by question
(here or in a direct message), summarised without names, exported as CSV for its creator only."""

from __future__ import annotations

import csv
import io


async def test_a_survey_answered_in_the_channel_and_in_a_direct_message(chat):
    made = await chat.say('!survey create "Workshop feedback" questions Was it useful? (yes, partly, no); '
                          'What should we improve?', is_direct=False)
    assert "Survey S1 created." in made
    assert "1. Was it useful? (yes, partly, no)" in made and "2. What should we improve?" in made
    assert "Your answer to S1, question 1: partly" in await chat.say("!survey answer S1 1 2", as_user="ana",
                                                                     is_direct=False)
    assert "question 1: yes" in await chat.say("!survey answer S1 1 Yes", as_user="bob", is_direct=True)
    assert "question 1: no" in await chat.say("!survey answer S1 1 no", as_user="ana", is_direct=True)  # changed
    await chat.say("!survey answer S1 2 More time for the country groups", as_user="bob", is_direct=True)
    results = await chat.say("!survey results S1", is_direct=False)
    assert "yes: 1; partly: 0; no: 1" in results and "1 answer" in results
    assert "2 people have answered." in results and "@ana" not in results and "@bob" not in results
    assert "Only whoever created S1 or an admin can export its answers." in await chat.say(
        "!survey export S1", as_user="bob")
    [export] = await chat.replies("!survey export S1")
    rows = list(csv.reader(io.StringIO(export.attachment.content.decode())))
    assert rows[0] == ["respondent", "question", "question text", "answer", "answered"]
    assert ["console:bob", "2", "What should we improve?", "More time for the country groups"] in [r[:4] for r in rows]
    assert "S1 is closed." in await chat.say("!survey close S1")
    assert "S1 is closed." in await chat.say("!survey answer S1 1 yes", as_user="carol")


async def test_bad_surveys_and_answers_change_nothing(chat):
    assert "A survey has 1 to 10 questions" in await chat.say('!survey create "Empty" questions ;')
    assert "needs 2 to 10 choices" in await chat.say('!survey create "One" questions Fine? (yes)')
    await chat.say('!survey create "Feedback" questions Useful? (yes, no)')
    assert '"maybe" is not one of the choices: yes, no.' in await chat.say("!survey answer S1 1 maybe")
    assert "Please give a question number from 1 to 1" in await chat.say("!survey answer S1 3 yes")
    assert "There is no survey S9." in await chat.say("!survey answer S9 1 yes")
    assert "0 people have answered." in await chat.say("!survey results S1")


async def test_a_survey_in_french_and_spanish(chat):
    await chat.say("!lang fr")
    assert "Questionnaire S1 créé." in await chat.say('!survey create "Retour" questions Utile ? (oui, non)')
    await chat.say("!lang es", as_user="pablo")
    assert "Su respuesta a S1, pregunta 1: oui" in await chat.say("!survey answer S1 1 1", as_user="pablo")
