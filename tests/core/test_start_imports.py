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

# needed only by a question, a mistyped name, another language, another database or another platform
NEVER_AT_START = ("alembic", "rapidfuzz", "sqlalchemy.dialects.postgresql", "babel.messages",
                  "babel.dates")
MATRIX = {"ALLIANCE_BOT_MATRIX__ENABLED": "true", "ALLIANCE_BOT_MATRIX__HOMESERVER": "http://127.0.0.1:9",
          "ALLIANCE_BOT_MATRIX__USER_ID": "@bot:localhost", "ALLIANCE_BOT_MATRIX__PASSWORD": "unused"}


def started_modules(tmp_path: Path, extra: dict[str, str]) -> set[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_BOT_")}
    env.update({"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
                "ALLIANCE_BOT_BOT__DATA_DIR": str(tmp_path), **extra})
    modules: set[str] = set()
    for _ in range(2):  # the first start migrates and seeds; the second is the restart checked
        done = subprocess.run([sys.executable, "-c", START], capture_output=True, text=True, env=env, cwd=ROOT,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        modules = set(json.loads(done.stdout.splitlines()[-1]))
    return modules


def loaded(modules: set[str], name: str) -> bool:
    return name in modules or any(m.startswith(name + ".") for m in modules)


@pytest.mark.parametrize("platform", ["console", "matrix"])
def test_a_restart_leaves_what_it_does_not_need(tmp_path, platform):
    modules = started_modules(tmp_path, MATRIX if platform == "matrix" else {})
    unwanted = [*NEVER_AT_START, "slack_bolt", "slack_sdk"] + (["nio"] if platform == "console" else [])
    assert [name for name in unwanted if loaded(modules, name)] == []
    if platform == "matrix":
        assert "nio" in modules  # the check itself sees what a start imports
