"""Issue 10's goals on the v2 held-out set, and the first questions of the issue.

The held-out set is scored only in aggregate (see tests/qa/v2/README.md): no assertion message
names a held-out question or answer. A goal not met yet is marked xfail(strict=True) with the
measured figure, so the suite states the truth and fails as soon as the goal is reached. The first
labelled sets (tests/qa/{dev,heldout}.jsonl) are no longer asserted: they were written alongside
the rules they test (``bench/qa_benchmark.py --old`` still scores them).
"""

from __future__ import annotations

import asyncio
import tempfile

import pytest

from tests.conftest import Chat
from tests.qa import labelled

GOALS = labelled.V2_GOALS
# goals measured and not met yet: (kind, language) → reason; filled from the benchmark run
NOT_YET: dict[tuple[str, str], str] = {
    ("confident_wrong", "fr"): "measured 5.8% on 2026-12-04: goal not yet met",
}


# the members' directory's held-out set (issue 16), judged against the same goals
PEOPLE_NOT_YET: dict[tuple[str, str], str] = {
    ("correct", "en"): "measured 84.6% on 2026-12-04: goal not yet met",
    ("correct", "fr"): "measured 83.3% on 2026-12-04 (6 questions): goal not yet met",
    ("correct", "es"): "measured 83.3% on 2026-12-04 (6 questions): goal not yet met",
}


# the second directory set (its own profiles), never tuned on: measured as it came
PEOPLE2_NOT_YET: dict[tuple[str, str], str] = {
    ("correct", "en"): "measured 93.3% on 2026-12-04, never tuned on: goal not yet met",
    ("correct", "fr"): "measured 87.5% on 2026-12-04 (8 questions), never tuned on: goal not yet met",
    ("confident_wrong", "fr"): "measured 12.5% (1 of 8) on 2026-12-04, never tuned on: goal not yet met",
    ("declined_share", "all"): "measured 6 of 7 on 2026-12-04, never tuned on: goal not yet met",
}


def goals(not_yet: dict[tuple[str, str], str], prefix: str = "") -> list:
    """Every goal as a test parameter; one measured and not met yet is a strict xfail with its figure."""
    params = []
    for kind, lang in [*(("correct", lang) for lang in ("en", "fr", "es")),
                       *(("confident_wrong", lang) for lang in ("en", "fr", "es")), ("declined_share", "all")]:
        reason = not_yet.get((kind, lang))
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        params.append(pytest.param(kind, lang, marks=marks, id=f"{prefix}{kind}-{lang}"))
    return params


def judged(name: str, *, with_members: bool = False) -> dict[str, labelled.Outcome]:
    """A held-out set judged once, through the real app (SQLite, both seeds; the directory's profiles
    stored for its sets)."""
    if not (labelled.people_available() if with_members else labelled.v2_available()):
        pytest.skip("the labelled sets are not in this checkout")
    from bench.qa_benchmark import make_app

    async def run() -> dict[str, labelled.Outcome]:
        with tempfile.TemporaryDirectory() as directory:
            app = await make_app(directory, members=labelled.members_file(name) if with_members else None)
            try:
                outcomes, _failures = await labelled.judge(app, labelled.load(name, labelled.V2))
            finally:
                await app.close()
        return outcomes

    return asyncio.run(run())


@pytest.fixture(scope="module")
def heldout() -> dict[str, labelled.Outcome]:
    return judged("heldout")


@pytest.fixture(scope="module")
def people_heldout() -> dict[str, labelled.Outcome]:
    return judged("people-heldout", with_members=True)


@pytest.fixture(scope="module")
def people2_heldout() -> dict[str, labelled.Outcome]:
    return judged("people2-heldout", with_members=True)


@pytest.mark.parametrize("kind, lang", goals(PEOPLE2_NOT_YET, "people2-"))
def test_second_directory_heldout_goal(people2_heldout, kind, lang):
    check_goal(people2_heldout, kind, lang)


@pytest.mark.parametrize("kind, lang", goals(NOT_YET))
def test_heldout_goal(heldout, kind, lang):
    check_goal(heldout, kind, lang)


@pytest.mark.parametrize("kind, lang", goals(PEOPLE_NOT_YET, "people-"))
def test_directory_heldout_goal(people_heldout, kind, lang):
    check_goal(people_heldout, kind, lang)


def check_goal(heldout: dict[str, labelled.Outcome], kind: str, lang: str) -> None:
    if kind == "correct":
        o = heldout[lang]
        assert o.share(o.correct) >= GOALS["correct"][lang], f"{lang} correct {o.share(o.correct):.1%}"
    elif kind == "confident_wrong":
        o = heldout[lang]
        assert o.share(o.confident_wrong) <= GOALS["confident_wrong"], \
            f"{lang} confident-wrong {o.share(o.confident_wrong):.1%}"
    else:
        should = sum(o.should_decline for o in heldout.values())
        declined = sum(o.should_decline_declined for o in heldout.values())
        assert should and declined / should >= GOALS["declined_share"], f"declined {declined}/{should}"


@pytest.fixture
async def qa_app(database_url, app_factory):
    app, _clock = await app_factory(database_url, now=labelled.NOW, meeting_report=True)
    return app


async def test_the_three_questions_of_the_issue(qa_app):
    chat = Chat(qa_app, None)
    answer = await chat.say("@bot when is Vietnam's workshop?", is_direct=False, mentions_bot=True)
    assert "24 May 2019" in answer
    answer = await chat.say("what's overdue for the Migration group?")
    assert "None of the open action items for Migration is overdue." in answer
    answer = await chat.say("quelles sont les priorités de la Mauritanie ?")
    assert "Priorités : Mauritanie" in answer and "Adrar" in answer and "dairy" in answer


async def test_a_question_is_answered_in_its_own_language_whatever_the_setting(qa_app):
    chat = Chat(qa_app, None)
    assert await chat.say("!lang es") == "A partir de ahora le respondo en español."
    answer = await chat.say("when is the Fiji workshop?")
    assert "July 2019 (to be confirmed)" in answer
    # a question whose words do not tell the language is answered in the asker's
    answer = await chat.say("Fiji")
    assert "julio de 2019 (por confirmar)" in answer


async def test_what_is_not_known_is_said_and_nothing_is_invented(qa_app):
    chat = Chat(qa_app, None)
    answer = await chat.say("c'est quand l'atelier de la France ?")
    assert "France ne fait pas partie des pays pionniers" in answer
    assert "2019" not in answer
    answer = await chat.say("what's the weather like in Geneva")
    assert "!help" in answer
    answer = await chat.say("who is the focal point for Uganda")
    assert answer == "No focal point is recorded for Uganda."


async def test_dates_in_questions_are_understood(qa_app):
    chat = Chat(qa_app, None)
    answer = await chat.say("which workshops took place in March 2019?")
    assert "Chile" in answer and "Madagascar" not in answer
    answer = await chat.say("¿qué pasa el mes que viene?")
    assert "Eventos en mayo de 2019" in answer and "Abidjan" in answer


async def test_an_answer_follows_a_change_made_a_moment_before(qa_app):
    chat = Chat(qa_app, None, user="admin")
    assert "Walk Free" in await chat.say("what's open for the migration group")
    listed = await chat.say("!action list group migration")
    ref = next(line.split()[1] for line in listed.splitlines() if "Walk Free" in line)
    await chat.say(f"!action done {ref}")
    assert "Walk Free" not in await chat.say("what's open for the migration group")
