"""Structure of the v2 labelled question set (no engine involved).

Checks what the set promises in its README: unique ids, the fields of every row, the three
languages, the share of questions to decline, a held-out third balanced per language and topic,
and no row whose `must` contradicts its own `must_not`.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from datetime import datetime
from pathlib import Path

import pytest

HERE = Path(__file__).parent
FILES = ("dev.jsonl", "dev2.jsonl", "dev3.jsonl", "dev4.jsonl", "dev5.jsonl", "dev6.jsonl", "dev7.jsonl", "dev8.jsonl", "heldout.jsonl")
LANGS = ("en", "fr", "es")
REQUIRED = {"id", "lang", "question", "expect", "must", "must_not", "topic"}
OPTIONAL = {"now"}


def norm(s: str) -> str:
    s = re.sub("[\u2018\u2019\u02bc]", "'", s)
    s = re.sub("[\u2010-\u2015\u2212]", "-", s)
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).casefold()
    return re.sub(r"\s+", " ", s)


def load(name: str) -> list[dict]:
    rows = []
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        assert line.strip(), f"{name}:{n}: empty line"
        rows.append(json.loads(line))
    return rows


@pytest.fixture(scope="module")
def sets() -> dict[str, list[dict]]:
    return {name: load(name) for name in FILES}


def test_fields_and_values(sets):
    for name, rows in sets.items():
        for row in rows:
            where = f"{name} {row.get('id')}"
            assert REQUIRED <= row.keys() and row.keys() <= REQUIRED | OPTIONAL, where
            assert row["lang"] in LANGS, where
            assert row["id"].startswith(row["lang"] + "-"), where
            assert isinstance(row["question"], str) and row["question"].strip(), where
            assert isinstance(row["topic"], str) and row["topic"], where
            assert row["expect"] in ("answer", "decline"), where
            assert isinstance(row["must_not"], list), where
            assert all(isinstance(s, str) and s for s in row["must_not"]), where
            if row["expect"] == "decline":
                assert row["must"] == [], where
                assert row["topic"].startswith("decline."), where
            else:
                assert row["must"], where
                assert not row["topic"].startswith("decline."), where
                for fact in row["must"]:
                    assert isinstance(fact, list) and fact, where
                    assert all(isinstance(s, str) and s.strip() for s in fact), where
            if "now" in row:
                now = datetime.fromisoformat(row["now"])
                assert now.tzinfo is not None, where


def test_ids_and_questions_unique_across_files(sets):
    rows = [r for rs in sets.values() for r in rs]
    ids = Counter(r["id"] for r in rows)
    assert [i for i, n in ids.items() if n > 1] == []
    questions = Counter(norm(r["question"]) for r in rows)
    assert [q for q, n in questions.items() if n > 1] == []


def test_no_fact_forbidden_by_its_own_row(sets):
    for rows in sets.values():
        for row in rows:
            bad = [norm(x) for x in row["must_not"]]
            for fact in row["must"]:
                # at least one alternative of each fact must be allowed by must_not
                assert any(not any(b in norm(alt) for b in bad) for alt in fact), row["id"]


def test_size_and_languages(sets):
    rows = [r for rs in sets.values() for r in rs]
    assert len(rows) >= 600
    langs = Counter(r["lang"] for r in rows)
    assert langs["en"] >= 300 and langs["fr"] >= 140 and langs["es"] >= 140, langs
    for name, rs in sets.items():
        assert {r["lang"] for r in rs} == set(LANGS), name


@pytest.mark.parametrize("name", FILES)
def test_decline_share_per_file_and_language(sets, name):
    rows = sets[name]
    assert sum(r["expect"] == "decline" for r in rows) / len(rows) >= 0.15
    for lang in LANGS:
        rs = [r for r in rows if r["lang"] == lang]
        assert sum(r["expect"] == "decline" for r in rs) / len(rs) >= 0.15, lang


def test_heldout_is_a_balanced_third(sets):
    dev, held = sets["dev.jsonl"], sets["heldout.jsonl"]
    total = len(dev) + len(held)
    assert abs(len(held) - total / 3) <= 1
    for field in ("lang", "topic", "expect"):
        all_counts = Counter(r[field] for r in dev + held)
        held_counts = Counter(r[field] for r in held)
        for value, n in all_counts.items():
            assert abs(held_counts[value] - n / 3) <= 2, (field, value, held_counts[value], n)
    # every topic is measured in the held-out part and can be studied in the dev part
    assert {r["topic"] for r in held} == {r["topic"] for r in dev}


PEOPLE_FILES = {"people": "members.json", "people2": "members2.json"}  # each set with its own profiles


@pytest.mark.parametrize("prefix", PEOPLE_FILES)
def test_the_directorys_sets_are_well_formed_and_name_only_real_profiles(sets, prefix):
    import json

    members = json.loads((HERE / PEOPLE_FILES[prefix]).read_text(encoding="utf-8"))
    names = {m["display_name"] for m in members}
    assert any(m["workspace"] != "console" for m in members)  # others' profiles, never to be shown
    people = {name: load(f"{prefix}-{name}.jsonl") for name in ("dev", "heldout")}
    rows = [r for rs in people.values() for r in rs]
    assert len(rows) >= 80 and len(people["heldout"]) >= 20
    everything = [r for p in PEOPLE_FILES for part in ("dev", "heldout") for r in load(f"{p}-{part}.jsonl")]
    ids = Counter(r["id"] for r in everything) + Counter(r["id"] for rs in sets.values() for r in rs)
    assert [i for i, n in ids.items() if n > 1] == []
    for r in rows:
        assert REQUIRED <= set(r) <= REQUIRED | OPTIONAL, r["id"]
        assert r["expect"] in ("answer", "decline") and r["lang"] in LANGS
        assert (r["expect"] == "decline") == (r["must"] == []), r["id"]
        assert all(alt in names for fact in r["must"] for alt in fact), r["id"]
    for lang in LANGS:
        rs = [r for r in rows if r["lang"] == lang]
        assert sum(r["expect"] == "decline" for r in rs) / len(rs) >= 0.15, lang
