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


def load(name: str) -> list[dict]:
    with (HERE / f"{name}.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


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
