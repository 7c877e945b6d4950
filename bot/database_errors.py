"""Database failures on the command line: one line that says what is wrong and what to do."""

from __future__ import annotations

import os
import socket

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

WHERE = "database.url (or ALLIANCE_BOT_DATABASE__URL)"


def is_database_error(exc: BaseException) -> bool:
    return isinstance(exc, (SQLAlchemyError, OSError, TimeoutError)) or type(exc).__module__.startswith(
        ("asyncpg", "sqlite3", "aiosqlite"))


def shown_url(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a database URL)"


def describe(exc: BaseException, url: str) -> str:
    """What went wrong with the database at ``url`` and what to do about it, in one line."""
    shown = shown_url(url)
    orig = getattr(exc, "orig", None) or exc
    text = " ".join(str(orig).split())
    lowered = text.lower()
    name = type(orig).__name__
    try:
        parsed = make_url(url)
        backend, path = parsed.get_backend_name(), parsed.database or ""
        host = f"{parsed.host or 'localhost'}:{parsed.port or 5432}"
    except ArgumentError:
        backend, path, host = "", "", ""
    if backend == "sqlite":
        if "not a database" in lowered or "malformed" in lowered:
            return f"{path} is not a SQLite database of the bot; set {WHERE} to a new file name or to the bot's database"
        if isinstance(orig, PermissionError) or "unable to open" in lowered or "readonly" in lowered \
                or "read-only" in lowered or isinstance(orig, OSError):
            folder = os.path.dirname(os.path.abspath(path)) if path else "."
            return (f"cannot create or open the database file {path}: check that {folder} exists and is writable, "
                    f"or set {WHERE} (or bot.data_dir) to a writable place")
    if "password authentication failed" in lowered or name == "InvalidPasswordError" \
            or "authentication" in lowered or ("role" in lowered and "does not exist" in lowered):
        return f"{shown} refused the user name or password: fix them in ALLIANCE_BOT_DATABASE__URL"
    if name == "InvalidCatalogNameError" or ("database" in lowered and "does not exist" in lowered):
        database = path or "the database"
        return f"{shown}: the database {database} does not exist: create it (createdb {database}) or fix the name in {WHERE}"
    if isinstance(orig, (ConnectionError, socket.gaierror, TimeoutError)) or "connect" in lowered \
            or isinstance(orig, OSError):
        return (f"no database server answers at {host} ({shown}): check the host and port in {WHERE} "
                f"and that the server is running")
    return f"cannot use the database {shown} ({name}: {text[:200]}): check {WHERE}"
