"""The command line as people run it: console, seed, export/import, config errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: str = "", env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_BOT_")}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args], input=stdin, capture_output=True, text=True,
        env=full_env, cwd=cwd or ROOT, timeout=120,
    )


def test_console_jsonl_prints_one_object_per_line(tmp_path):
    lines = "!pathfinder Nepal\n\n!action add Draft the toolkit\n!nonsense\n"
    result = run("console", "--db", f"sqlite+aiosqlite:///{tmp_path}/c.db", "--jsonl", stdin=lines)
    assert result.returncode == 0, result.stderr
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o["input"] for o in objects] == ["!pathfinder Nepal", "", "!action add Draft the toolkit", "!nonsense"]
    assert "7 February 2019" in objects[0]["replies"][0]
    assert objects[1]["replies"] == []
    assert "A1 recorded" in objects[2]["replies"][0]
    assert "I don't know the command" in objects[3]["replies"][0]


def test_console_admin_flag(tmp_path):
    db = f"sqlite+aiosqlite:///{tmp_path}/c.db"
    result = run("console", "--db", db, "--as", "sam", "--admin", "--jsonl",
                 stdin="!pathfinder update Uganda status workshop held\n")
    assert "Uganda updated." in json.loads(result.stdout)["replies"][0]


def test_invalid_config_names_the_key_and_exits_2(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[bot]\ntimezone = "Mars/Olympus"\n')
    result = run("--config", str(config), "db", "current")
    assert result.returncode == 2
    assert "bot.timezone" in result.stderr and "Traceback" not in result.stderr

    config.write_text('[slack]\nbot_token = "xoxb-secret"\n')
    result = run("--config", str(config), "db", "current")
    assert result.returncode == 2
    assert "slack.bot_token" in result.stderr and "ALLIANCE_BOT_SLACK__BOT_TOKEN" in result.stderr

    result = run("db", "current", env={"ALLIANCE_BOT_BOT__LOCALE": "de"})
    assert result.returncode == 2 and "bot.locale" in result.stderr


def test_seed_is_idempotent_and_meeting_report_is_optional(tmp_path):
    env = {"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/s.db"}
    first = run("seed", env=env)
    assert first.returncode == 0, first.stderr
    assert "11 pathfinder countries added" in first.stdout
    again = run("seed", env=env)
    assert "0 pathfinder countries added" in again.stdout
    with_report = run("seed", "--meeting-report", env=env)
    assert "0 pathfinder countries added" in with_report.stdout
    assert " events added" in with_report.stdout and "0 events added" not in with_report.stdout


def test_export_then_import_round_trips_losslessly(tmp_path):
    source = {"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/a.db"}
    target = {"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/b.db"}
    run("seed", "--meeting-report", env=source)
    run("console", "--jsonl", env=source,
        stdin="!action add Send minutes owner @bob due 3 March 2027\n!pathfinder note Chile Roadmap published\n")
    exported = tmp_path / "export.json"
    assert run("export", str(exported), env=source).returncode == 0
    imported = run("import", str(exported), env=target)
    assert imported.returncode == 0, imported.stderr
    again = tmp_path / "again.json"
    run("export", str(again), env=target)
    assert json.loads(exported.read_text()) == json.loads(again.read_text())
    refused = run("import", str(exported), env=target)
    assert refused.returncode == 1 and "not empty" in refused.stderr


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_export_import_round_trip_through_postgresql(tmp_path):
    import asyncio

    from tests.conftest import _create_pg_database, _drop_pg_database

    url, name = asyncio.run(_create_pg_database())
    try:
        source = {"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/a.db"}
        run("seed", "--meeting-report", env=source)
        exported = tmp_path / "export.json"
        run("export", str(exported), env=source)
        assert run("import", str(exported), env={"ALLIANCE_BOT_DATABASE__URL": url}).returncode == 0
        again = tmp_path / "again.json"
        run("export", str(again), env={"ALLIANCE_BOT_DATABASE__URL": url})
        assert json.loads(exported.read_text()) == json.loads(again.read_text())
        added = run("console", "--jsonl", env={"ALLIANCE_BOT_DATABASE__URL": url}, stdin="!action add After import\n")
        assert "recorded" in added.stdout  # sequences continue after the imported ids
    finally:
        asyncio.run(_drop_pg_database(name))
