"""Engine, sessions and migrations. Callers own the transaction: one unit of work, one commit."""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
import sqlite3
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import MetaData, event, text
from sqlalchemy.engine import Connection, CursorResult, Dialect, make_url
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.orm import Session
from sqlalchemy.sql.base import Executable
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ClauseElement
from sqlalchemy.sql.dml import UpdateBase

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# The PostgreSQL advisory lock that every process takes to migrate and seed at start
# (a fixed number: all versions of the bot must agree on it).
STARTUP_LOCK_KEY = 870_087_004


def every_table() -> MetaData:
    """The tables of every model. A command family's models live beside its queries (``storage/polls.py``),
    so every storage module is imported first: migrations, exports and checks see all of them."""
    package = importlib.import_module("storage")
    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"storage.{info.name}")
    from storage.models import Base

    return Base.metadata


def create_engine(url: str, *, echo: bool = False) -> AsyncEngine:
    parsed = make_url(url)
    sqlite_file = parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:")
    if sqlite_file and parsed.database:
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    kwargs: dict = {"echo": echo}
    if parsed.get_backend_name() == "postgresql":
        kwargs.update(pool_pre_ping=True, pool_size=5, max_overflow=5)
    elif sqlite_file:
        # as many connections at most as the default pool (5, and 10 more while busy), but each kept once
        # opened: a connection to SQLite is a thread, a file and its pragmas, opened and closed again for
        # every command past the fifth at once otherwise. Given back, one is rolled back only when it is
        # still in a transaction (``_sqlite_reset``).
        kwargs.update(pool_size=15, max_overflow=0, pool_reset_on_return=None)
    engine = create_async_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        # a transaction that only read has nothing to commit: the driver opens one for writes only, and
        # committing none is a round trip to the connection's thread for nothing, on every command that reads
        engine.dialect.do_commit = _sqlite_commit  # type: ignore[method-assign]
    if sqlite_file:
        event.listen(engine.sync_engine, "reset", _sqlite_reset)
    return engine


def _sqlite_in_transaction(dbapi_connection) -> bool:
    """The driver says the connection is in a transaction; True when it cannot tell (to be safe)."""
    driver = getattr(dbapi_connection, "_connection", None)
    if driver is None or getattr(driver, "_connection", True) is None:
        return True  # not the driver known here, or its connection closed: left to the driver
    return bool(getattr(driver, "in_transaction", True))


def _sqlite_reset(dbapi_connection, _record, state) -> None:
    """A connection given back to the pool is rolled back if it is still in a transaction. The pool's own
    reset rolls back every one, also one whose transaction was just committed: a round trip to the
    connection's thread for nothing, on every transaction."""
    if state.terminate_only or not state.asyncio_safe or state.transaction_was_reset:
        return  # being closed, or not from the event loop (the pool would not roll it back either), or done
    if _sqlite_in_transaction(dbapi_connection):
        dbapi_connection.rollback()


def _sqlite_commit(dbapi_connection) -> None:
    """The dialect's commit, made only when the driver is in a transaction: SQLite's driver begins one
    before the first write, and its commit of none does nothing, after a round trip to the thread."""
    if _sqlite_in_transaction(dbapi_connection):
        dbapi_connection.commit()


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class TrackedSession(Session):
    """A session that notes, in ``info["changed_items"]``, the ids of the action items its flushes
    wrote (the item itself or its owners), so what is kept in memory about them can be brought up
    to date from the change itself."""


@event.listens_for(TrackedSession, "after_flush")
def _note_changed_items(session: Session, _context: object) -> None:
    from storage.models import ActionItem, ActionItemOwner

    changed = session.info.setdefault("changed_items", set())
    for row in (*session.new, *session.dirty, *session.deleted):
        if isinstance(row, ActionItem) and row.id is not None:
            changed.add(row.id)
        elif isinstance(row, ActionItemOwner) and row.action_item_id is not None:
            changed.add(row.action_item_id)


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, sync_session_class=TrackedSession)


def dialect_dml(name: str) -> ModuleType:
    """The SQLAlchemy dialect module whose ``insert`` has ``on_conflict_do_nothing`` for the database
    named ``name`` ("postgresql" or "sqlite"). Imported when first asked for: PostgreSQL's dialect
    costs a start on SQLite about 20 ms and 2 MiB for nothing."""
    return importlib.import_module("sqlalchemy.dialects.postgresql" if name == "postgresql"
                                   else "sqlalchemy.dialects.sqlite")


@lru_cache(maxsize=64)
def _compiled(stmt: ClauseElement, dialect: Dialect) -> SQLCompiler:
    """A statement written once (a module constant), compiled once per dialect (``plain_rows``)."""
    return cast(SQLCompiler, stmt.compile(dialect=dialect))


async def plain_rows(session: AsyncSession, stmt: ClauseElement, params: dict[str, Any]) -> Sequence[Sequence[Any]]:
    """The rows of a SELECT read in the session's transaction, as the driver returns them: for statements
    written once (module constants) whose values need no conversion by SQLAlchemy (text, numbers).

    On SQLite in one round trip to the connection's thread: through SQLAlchemy a query takes four (cursor,
    execute, fetch, close), for a read made on every command. Elsewhere through SQLAlchemy."""
    conn = await session.connection()
    if conn.dialect.driver != "aiosqlite":
        return (await session.execute(cast(Executable, stmt), params)).all()
    compiled = _compiled(stmt, conn.dialect)
    values = compiled.construct_params(params)
    args = tuple(values[name] for name in compiled.positiontup or ())
    driver = cast(Any, (await conn.get_raw_connection()).driver_connection)
    try:
        return await driver.execute_fetchall(compiled.string, args)
    except sqlite3.Error as exc:  # as SQLAlchemy would raise it (OperationalError: "database is locked", …)
        raise DBAPIError.instance(compiled.string, args, exc, sqlite3.Error) from exc


async def execute_dml(session: AsyncSession, stmt: UpdateBase) -> CursorResult[Any]:
    """Run an INSERT, UPDATE or DELETE. Its result is a ``CursorResult`` (with ``rowcount``);
    SQLAlchemy's typing says only ``Result`` for any statement."""
    return cast("CursorResult[Any]", await session.execute(stmt))


#: full-text search structures made by migrations that SQLAlchemy's models cannot describe (an FTS5
#: table with its shadow tables on SQLite, a GIN expression index on PostgreSQL)
SEARCH_STRUCTURES = ("shared_resource_fts", "ix_shared_resource_search")
#: what migrations make and the database keeps up itself, outside the models (so outside exports too):
#: the data versions its triggers raise (``storage.data_versions``)
MIGRATION_STRUCTURES = (*SEARCH_STRUCTURES, "data_version")


def described_by_models(obj: object, name: str | None, type_: str, reflected: bool, compare_to: object) -> bool:
    """Alembic's ``include_object``: compare everything but the structures only migrations describe."""
    return not (reflected and name is not None and name.startswith(MIGRATION_STRUCTURES))


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


#: a top-level ``revision = …`` or ``down_revision: … = …`` line of a migration script
_REVISION_LINE = re.compile(r"^(?:down_)?revision\s*(?::[^=\n]*)?=", re.MULTILINE)


def _revision_statements(source: str) -> list[ast.stmt]:
    """The top-level statements of a migration script that assign ``revision`` or ``down_revision``,
    each parsed on its own (a statement may span lines); the whole script when they cannot be told
    apart that way. Parsing only these takes a start a millisecond instead of ten."""
    lines = source.splitlines()
    starts = [source.count("\n", 0, m.start()) for m in _REVISION_LINE.finditer(source)]
    found: list[ast.stmt] = []
    for start in starts:
        for end in range(start + 1, min(start + 30, len(lines)) + 1):
            try:
                found.extend(ast.parse("\n".join(lines[start:end])).body)
                break
            except SyntaxError:
                continue
        else:
            return ast.parse(source).body
    return found or ast.parse(source).body


def script_revisions(source: str) -> dict[str, object]:
    """``revision`` and ``down_revision`` of one migration script, as Python reads them (the last
    assignment of each)."""
    values: dict[str, object] = {}
    for node in _revision_statements(source):
        target, value = (
            (node.targets[0], node.value) if isinstance(node, ast.Assign) and len(node.targets) == 1
            else (node.target, node.value) if isinstance(node, ast.AnnAssign) else (None, None))
        if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value is not None:
            values[target.id] = ast.literal_eval(value)
    return values


def script_heads() -> set[str]:
    """The newest revision(s) of the migration scripts, read from their ``revision`` and
    ``down_revision`` lines without loading Alembic (which costs a start far more)."""
    revisions: set[str] = set()
    earlier: set[str] = set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        values = script_revisions(path.read_text(encoding="utf-8"))
        revision = values.get("revision")
        if isinstance(revision, str):
            revisions.add(revision)
        down = values.get("down_revision")
        earlier.update([down] if isinstance(down, str) else list(down) if isinstance(down, (tuple, list)) else [])
    return revisions - earlier


async def _database_revisions(engine: AsyncEngine) -> set[str] | None:
    """The revisions the database is at, or None if it has no version table (a new database)."""
    try:
        async with engine.connect() as conn:
            return {row[0] for row in await conn.execute(text("SELECT version_num FROM alembic_version"))}
    except Exception:  # no table yet (or unreadable): let Alembic decide
        return None


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (runs in the caller's event loop). A database already
    at the head is left alone without loading Alembic; a new SQLite database is brought to the head
    from ``SQLITE_SCHEMA`` when that is written for it, also without Alembic."""
    if revision == "head":
        heads = script_heads()
        found = await _database_revisions(engine)
        if heads and found == heads:
            return
        if heads and found is None and await _made_from_sqlite_schema(engine, heads):
            return

    def _upgrade(connection: Connection) -> None:
        from alembic import command

        command.upgrade(alembic_config(connection), revision)

    async with engine.begin() as conn:
        await conn.run_sync(_upgrade)


#: What the migrations make on a new SQLite database, as SQL: loading Alembic and running every
#: migration cost a first start about 200 ms and 16 MiB. ``python -m storage.db sqlite-schema`` writes
#: it; a test fails when it is not what the migrations make.
SQLITE_SCHEMA = MIGRATIONS_DIR / "sqlite_schema.sql"
_SCHEMA_HEAD = "-- head: "
#: the tables SQLite makes itself for a full-text (FTS5) table, which come with its CREATE VIRTUAL TABLE
_FTS5_OWN_TABLES = ("data", "idx", "content", "docsize", "config")


def sqlite_schema(connection: Connection) -> str:
    """The SQL that makes on an empty SQLite database what the migrations made on ``connection``'s:
    each table, index and trigger as SQLite keeps it, in the order they were made, and the version row.
    The migrations must leave their tables empty (the version table aside): a schema has no rows."""
    rows = connection.exec_driver_sql(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY rowid").all()
    virtual = [name for kind, name, sql in rows if kind == "table" and sql.upper().startswith("CREATE VIRTUAL")]
    made_with = {f"{name}_{suffix}" for name in virtual for suffix in _FTS5_OWN_TABLES}
    own = [(kind, name, sql) for kind, name, sql in rows if not name.startswith("sqlite_") and name not in made_with]
    for kind, name, _sql in own:
        if (kind == "table" and name not in virtual and name != "alembic_version"
                and connection.exec_driver_sql(f'SELECT 1 FROM "{name}" LIMIT 1').first() is not None):
            raise ValueError(f"the migrations left rows in {name}: a schema cannot hold them")
    versions = [row[0] for row in connection.exec_driver_sql("SELECT version_num FROM alembic_version")]
    if len(versions) != 1:
        raise ValueError(f"a schema is for one head, and the database is at {versions}")
    return "".join([
        "-- What the migrations make on a new SQLite database (storage.db.SQLITE_SCHEMA).\n",
        "-- Written by `python -m storage.db sqlite-schema`; do not edit.\n",
        f"{_SCHEMA_HEAD}{versions[0]}\n",
        *(f"{sql};\n" for _kind, _name, sql in own),
        f"INSERT INTO alembic_version (version_num) VALUES ('{versions[0]}');\n",
    ])


def sqlite_schema_statements(schema: str) -> tuple[str | None, list[str]]:
    """The head a written schema is for, and its statements, one by one."""
    import sqlite3

    head = None
    statements: list[str] = []
    pending = ""
    for line in schema.splitlines(keepends=True):
        if not pending and line.startswith("--"):
            head = line[len(_SCHEMA_HEAD):].strip() if line.startswith(_SCHEMA_HEAD) else head
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return head, statements


async def _made_from_sqlite_schema(engine: AsyncEngine, heads: set[str]) -> bool:
    """Make a new (empty) SQLite database from ``SQLITE_SCHEMA``, if that is written for ``heads``.
    False, having done nothing, for any other database."""
    if engine.dialect.name != "sqlite":
        return False
    try:
        head, statements = sqlite_schema_statements(SQLITE_SCHEMA.read_text(encoding="utf-8"))
    except OSError:
        return False
    if {head} != heads:  # a migration added since it was written: Alembic runs them all
        return False
    async with engine.begin() as conn:
        if (await conn.exec_driver_sql("SELECT count(*) FROM sqlite_master")).scalar_one():
            return False
        # one transaction (the driver would commit each CREATE on its own): all of it or nothing
        await conn.exec_driver_sql("BEGIN")
        for statement in statements:  # the version row last, as Alembic writes it after the migrations
            await conn.exec_driver_sql(statement)
    return True


async def ping(engine: AsyncEngine) -> None:
    """One ``SELECT 1``: the database answers."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))


async def current_revision(engine: AsyncEngine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    def _current(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(_current)


@asynccontextmanager
async def startup_lock(engine: AsyncEngine) -> AsyncIterator[None]:
    """Hold the start-up lock: on PostgreSQL one process at a time migrates and seeds;
    the others wait here and then find the work done. Elsewhere (SQLite) a no-op.

    A session-level advisory lock on a connection of its own, so the migration and the
    seed can run in their own transactions while it is held; it ends with the connection
    if the process dies.
    """
    if engine.dialect.name != "postgresql":
        yield
        return
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": STARTUP_LOCK_KEY})
        await conn.commit()
        try:
            yield
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": STARTUP_LOCK_KEY})
            await conn.commit()


async def _write_sqlite_schema() -> None:
    """Run the migrations on a new SQLite database, with Alembic, and write ``SQLITE_SCHEMA`` from it."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite+aiosqlite:///{folder}/schema.db")
        try:
            heads = script_heads()
            if len(heads) != 1:
                raise SystemExit(f"the migrations have {len(heads)} heads; a schema is for one")
            await upgrade(engine, heads.pop())  # a revision by name: always Alembic
            async with engine.connect() as conn:
                schema = await conn.run_sync(sqlite_schema)
        finally:
            await engine.dispose()
    SQLITE_SCHEMA.write_text(schema, encoding="utf-8")
    print(f"wrote {SQLITE_SCHEMA.name}")


if __name__ == "__main__":
    import asyncio
    import sys

    if sys.argv[1:] != ["sqlite-schema"]:
        raise SystemExit("usage: python -m storage.db sqlite-schema")
    asyncio.run(_write_sqlite_schema())
