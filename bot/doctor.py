"""``alliance-bot doctor``: check what the bot needs before it runs, and say what to fix.

Checks: the configuration loads; the database answers and is at the newest
migration; for each enabled platform, its tokens are present and accepted and
its servers are reachable (the platform-specific parts live in
``bot/adapters/*/doctor.py``). Exit 0 when everything is fine, 1 otherwise.
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import TextIO

from bot.checks import Check
from bot.platforms import platforms
from bot.settings import CONFIG_ENV, ConfigError, Settings

DATABASE_TIMEOUT = 5.0


def print_checks(checks: list[Check], out: TextIO) -> None:
    width = max(len(c.name) for c in checks)
    for check in checks:
        mark = {True: "OK  ", False: "FAIL", None: "skip"}[check.ok]
        out.write(f"{mark}  {check.name.ljust(width)}  {check.detail}\n")
        if check.ok is False and check.fix:
            out.write(f"      {' ' * width}  fix: {check.fix}\n")
    failed = sum(c.ok is False for c in checks)
    out.write("All checks passed.\n" if not failed else f"{failed} check(s) failed.\n")
    out.flush()


def report_config_error(exc: ConfigError, out: TextIO | None = None) -> int:
    print_checks([Check("config", False, str(exc), "correct that key in the config file or environment, "
                                                    "see config.example.toml")], out or sys.stdout)
    return 1


async def doctor(settings: Settings, *, config_path: str | None = None, out: TextIO | None = None) -> int:
    path = config_path or os.environ.get(CONFIG_ENV)
    checks = [Check("config", True, f"loaded from {path}" if path else "no config file: defaults and environment")]
    checks.append(await check_database(settings))
    for platform in platforms().values():
        if platform.doctor is None:
            continue
        if platform.enabled(settings):
            checks.extend(await platform.doctor(settings))
        else:
            checks.append(Check(platform.name, None, f"not enabled ([{platform.name}] enabled = false)"))
    print_checks(checks, out or sys.stdout)
    return 0 if all(c.ok is not False for c in checks) else 1


async def check_database(settings: Settings) -> Check:
    from alembic.script import ScriptDirectory
    from sqlalchemy.engine import make_url

    from storage import db

    url = make_url(settings.database_url)
    shown = url.render_as_string(hide_password=True)
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:") \
            and not os.path.exists(url.database):
        # a fresh install: the bot creates the file on its first start, if it can
        folder = os.path.dirname(os.path.abspath(url.database))
        while not os.path.exists(folder) and os.path.dirname(folder) != folder:
            folder = os.path.dirname(folder)
        if os.access(folder, os.W_OK | os.X_OK):
            return Check("database", None, f"{shown}: the file does not exist yet; it is created on the first start "
                         "(or now with `alliance-bot db upgrade`)")
        return Check("database", False, f"{shown}: the file does not exist and {folder} is not writable",
                     "set [database] url (or bot.data_dir) to a writable place")
    heads = set(ScriptDirectory.from_config(db.alembic_config()).get_heads())
    engine = db.create_engine(settings.database_url)
    try:
        current = await asyncio.wait_for(db.current_revision(engine), DATABASE_TIMEOUT)
    except (TimeoutError, asyncio.TimeoutError):
        return Check("database", False, f"{shown} did not answer within {DATABASE_TIMEOUT:g} s",
                     "check [database] url (or ALLIANCE_BOT_DATABASE__URL) and that the server is up and reachable")
    except Exception as exc:
        from bot.database_errors import describe

        return Check("database", False, describe(exc, settings.database_url),
                     "check [database] url (or ALLIANCE_BOT_DATABASE__URL), the credentials, "
                     "and that the server is up and reachable")
    finally:
        await engine.dispose()
    if current in heads:
        return Check("database", True, f"{shown} at migration {current}")
    if current is None:
        return Check("database", False, f"{shown} is empty (no migrations applied)",
                     "run `alliance-bot db upgrade` (or `alliance-bot seed`)")
    from alembic.util import CommandError

    try:
        script = ScriptDirectory.from_config(db.alembic_config())
        behind = script.get_revision(current) is not None
    except CommandError:
        behind = False
    if behind:
        return Check("database", False, f"{shown} at migration {current}, newest is {', '.join(sorted(heads))}",
                     "run `alliance-bot db upgrade`")
    return Check("database", False, f"{shown} at unknown migration {current}",
                 "this database was migrated by a newer version of the bot: upgrade the bot")
