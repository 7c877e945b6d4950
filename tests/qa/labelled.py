"""The labelled questions and how an answer is judged (see README.md in this folder).

Shared by ``test_qa.py`` and ``bench/qa_benchmark.py``. The held-out set is only ever
scored in aggregate: nothing here prints its questions or answers.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).parent
SETS = ("dev", "heldout")
# 2019-04-10 10:00 Europe/Zurich
NOW = datetime(2019, 4, 10, 8, 0, tzinfo=UTC)
GOALS = {"en": 0.95, "fr": 0.90, "es": 0.90}


V2 = HERE / "v2"
V2_SETS = ("dev", "dev2", "dev3", "dev4", "dev5", "dev6", "dev7", "dev8", "dev9", "dev10", "dev11", "dev12", "heldout")  # dev2-dev12: development sets added after the freeze
# the members' directory (issue 16): its own sets, each asked with the profiles its tester wrote
V2_PEOPLE_SETS = ("people-dev", "people-heldout", "people2-dev", "people2-heldout")
MEMBERS = V2 / "members.json"


def members_file(name: str) -> Path:
    """The profiles a directory set is labelled against: members2.json for people2-*."""
    return V2 / "members2.json" if name.startswith("people2") else MEMBERS
# the goals on the v2 held-out set
V2_GOALS = {"correct": {"en": 0.95, "fr": 0.92, "es": 0.92}, "confident_wrong": 0.02, "declined_share": 0.90}


def load(name: str, folder: Path = HERE) -> list[dict]:
    with (folder / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def v2_available() -> bool:
    return all((V2 / f"{name}.jsonl").exists() for name in V2_SETS)


def people_available() -> bool:
    return all((V2 / f"{name}.jsonl").exists() and members_file(name).exists() for name in V2_PEOPLE_SETS)


async def store_members(app, source: Path = MEMBERS) -> int:
    """The directory's condition: the profiles of a members file, in their own workspaces."""
    from storage.members import MemberProfile

    profiles = json.loads(source.read_text(encoding="utf-8"))
    async with app.sessions.begin() as session:
        for p in profiles:
            session.add(MemberProfile(**{k: p[k] for k in ("user_id", "workspace", "display_name", "organisation",
                                                            "countries", "themes", "languages", "role", "about")}))
    return len(profiles)


def norm(s: str) -> str:
    s = re.sub("[\u2018\u2019\u02bc]", "'", s)
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", s)


def passes(row: dict, answer: str) -> bool:
    a = norm(answer)
    return (all(any(norm(alt) in a for alt in fact) for fact in row["must"])
            and not any(norm(x) in a for x in row["must_not"]))


@dataclass
class Score:
    passed: int = 0
    total: int = 0

    @property
    def accuracy(self) -> float:
        return self.passed / self.total if self.total else 0.0


def incoming(question: str, n: int = 0):
    from bot.messages import Incoming

    return Incoming(platform="console", user_id="console:member", user_name="member",
                    channel_id="console:general", text=question, is_direct=True)


async def ask(app, question: str) -> str:
    from bot.plaintext import render

    return "\n".join(render(r) for r in await app.handle(incoming(question)))


async def score(app, rows: list[dict]) -> tuple[dict[str, Score], list[tuple[dict, str]]]:
    """Per-language scores and the failures (question row, answer)."""
    scores: dict[str, Score] = {}
    failures: list[tuple[dict, str]] = []
    for row in rows:
        answer = await ask(app, row["question"])
        s = scores.setdefault(row["lang"], Score())
        s.total += 1
        if passes(row, answer):
            s.passed += 1
        else:
            failures.append((row, answer))
    return scores, failures


@dataclass
class Outcome:
    """Per language on the v2 set: right answers, confident wrong ones, refusals."""

    total: int = 0
    correct: int = 0  # answered right, or declined when it should be
    confident_wrong: int = 0  # answered (not declined) and wrong
    declined: int = 0
    should_decline: int = 0
    should_decline_declined: int = 0

    def share(self, n: int) -> float:
        return n / self.total if self.total else 0.0


def row_now(row: dict) -> datetime:
    stamp = row.get("now")
    if not stamp:
        return NOW
    value = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def answer_with_marker(app, question: str) -> tuple[str, bool]:
    """The answer as text, and whether the bot declined (its structural marker, not the wording)."""
    from bot.plaintext import render

    replies = await app.handle(incoming(question))
    declined = bool(replies) and all(r.declined for r in replies)
    return "\n".join(render(r) for r in replies), declined


async def judge(app, rows: list[dict], *, per_row_clock: bool = True) -> tuple[dict[str, Outcome], list[tuple[dict, str]]]:
    """Score v2 rows: a should-decline row is right when the bot declines; an answer row when the
    bot answers (does not decline) and the answer passes must/must_not. The app's clock is set to
    each row's "now" (the sets' default otherwise) before the row is asked."""
    from bot.context import FixedClock

    outcomes: dict[str, Outcome] = {}
    failures: list[tuple[dict, str]] = []
    for row in rows:
        if per_row_clock:
            app.clock = FixedClock(row_now(row))
        answer, declined = await answer_with_marker(app, row["question"])
        o = outcomes.setdefault(row["lang"], Outcome())
        o.total += 1
        o.declined += declined
        if row.get("expect", "answer") == "decline":
            o.should_decline += 1
            ok = declined and not any(norm(x) in norm(answer) for x in row.get("must_not", []))
            o.should_decline_declined += declined
        else:
            ok = not declined and passes(row, answer)
            o.confident_wrong += (not declined and not ok)
        if ok:
            o.correct += 1
        else:
            failures.append((row, answer))
        if row.get("expect") == "decline" and not declined:
            o.confident_wrong += 1
    return outcomes, failures
