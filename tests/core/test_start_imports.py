"""A start loads what its configured platforms and its database need, and leaves the rest for first use.

Each check starts the bot's pieces in a fresh process, as ``alliance-bot run`` does (the app on a database
already migrated and seeded, the configured adapters built, the scheduler started and stopped), and
reads ``sys.modules`` there. Nothing is timed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

START = """
import asyncio, json, sys
from bot.settings import load_settings

async def main():
    from bot.app import BotApp
    from bot.runner import configured_adapters, start_background, stop_background

    settings = load_settings()
    app = BotApp(settings)
    try:
        await app.start()
        configured_adapters(settings, app)
        await stop_background(*await start_background(app))
    finally:
        await app.close()

asyncio.run(main())
print(json.dumps(sorted(sys.modules)))
"""

# needed only by a question, a mistyped name, another language, another database or another platform;
# Alembic only by a database that is neither new (made from the written schema) nor at the head
NEVER_AT_START = ("alembic", "rapidfuzz", "sqlalchemy.dialects.postgresql", "babel.messages",
                  "babel.dates")
MATRIX = {"ALLIANCE_BOT_MATRIX__ENABLED": "true", "ALLIANCE_BOT_MATRIX__HOMESERVER": "http://127.0.0.1:9",
          "ALLIANCE_BOT_MATRIX__USER_ID": "@bot:localhost", "ALLIANCE_BOT_MATRIX__PASSWORD": "unused"}


def environment(tmp_path: Path, extra: dict[str, str]) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_BOT_")}
    env.update({"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
                "ALLIANCE_BOT_BOT__DATA_DIR": str(tmp_path), **extra})
    return env


def modules_after(code: str, env: dict[str, str]) -> set[str]:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.splitlines()[-1]))


def started_modules(tmp_path: Path, extra: dict[str, str]) -> set[str]:
    """What the first start (a new database: made and seeded) and the restart after it imported, together."""
    env = environment(tmp_path, extra)
    return modules_after(START, env) | modules_after(START, env)


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize("platform", ["console", "matrix"])
def test_a_restart_leaves_what_it_does_not_need(tmp_path, platform):
    modules = started_modules(tmp_path, MATRIX if platform == "matrix" else {})
    # prometheus_client: until the first command, retry or scrape (the start records none)
    unwanted = [*NEVER_AT_START, "prometheus_client", "slack_bolt", "slack_sdk"] + (
        ["nio"] if platform == "console" else [])
    assert [name for name in unwanted if loaded(modules, name)] == []
    if platform == "matrix":
        assert "nio" in modules  # the check itself sees what a start imports


SEED = """
import json, sys
from bot.cli import main

main(["seed"])
print(json.dumps(sorted(sys.modules)))
"""


def test_seeding_leaves_the_commands_alone(tmp_path):
    """``alliance-bot seed`` handles no message: it imports no handler module, nor what only they need."""
    modules = modules_after(SEED, environment(tmp_path, {}))
    assert [name for name in ("handlers", "bot.qa", "apscheduler", "alembic") if loaded(modules, name)] == []
    assert "storage.seed" in modules  # the check itself sees what the command imports
