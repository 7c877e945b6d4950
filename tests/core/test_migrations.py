"""Migrations take an empty database to head, and head matches the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage import db
from storage.db import every_table


async def test_upgrade_from_empty_to_head_matches_the_models(database_url):
    engine = db.create_engine(database_url)
    try:
        assert await db.current_revision(engine) is None
        await db.upgrade(engine)
        head = ScriptDirectory.from_config(db.alembic_config()).get_current_head()
        assert await db.current_revision(engine) == head

        def differences(connection):
            context = MigrationContext.configure(connection, opts={"compare_type": True,
                                                                 "include_object": db.described_by_models})
            return compare_metadata(context, every_table())

        async with engine.connect() as conn:
            assert await conn.run_sync(differences) == []
        await db.upgrade(engine)  # a second upgrade is a no-op
        assert await db.current_revision(engine) == head
    finally:
        await engine.dispose()


def test_migrations_form_one_line():
    script = ScriptDirectory.from_config(db.alembic_config())
    assert len(script.get_heads()) == 1


def test_the_heads_read_without_alembic_are_alembics_heads():
    script = ScriptDirectory.from_config(db.alembic_config())
    assert db.script_heads() == set(script.get_heads())


def test_revision_lines_are_read_as_python_reads_them():
    source = ('"""A merge.\n\nrevision = "in the docstring"\n"""\nfrom typing import Union\n\n'
              'revision: str = "0020_merge"\ndown_revision: Union[str, tuple[str, ...], None] = (\n'
              '    "0018_a",\n    "0019_b",\n)\nrevision_note = "not a revision"\n')
    assert db.script_revisions(source) == {"revision": "0020_merge", "down_revision": ("0018_a", "0019_b")}


def test_a_start_on_a_new_or_current_sqlite_database_does_not_load_alembic(tmp_path):
    import subprocess
    import sys

    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    code = ("import asyncio, sys\nfrom storage import db\n"
            "async def main():\n    engine = db.create_engine(sys.argv[1])\n"
            "    await db.upgrade(engine)\n    await engine.dispose()\n"
            "asyncio.run(main())\nprint('alembic' in sys.modules)\n")
    runs = [subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True, timeout=120)
            for _ in range(2)]
    # the new database is made from the written schema, the second start finds it at head
    assert [r.stdout.strip() for r in runs] == ["False", "False"], [r.stderr[-500:] for r in runs]


CONSTRAINTS = ("CONSTRAINT ", "UNIQUE ", "CHECK ", "FOREIGN KEY", "PRIMARY KEY")


def _same_whatever_the_constraint_order(sql: str | None) -> str | None:
    """A CREATE statement with its table constraints sorted: Alembic's batch migrations on SQLite write a
    rebuilt table's constraints in no fixed order. Columns keep theirs."""
    if sql is None:
        return None
    lines = [line.strip().rstrip(",").strip() for line in sql.splitlines()]
    constraints = sorted(line for line in lines if line.startswith(CONSTRAINTS))
    return "\n".join([line for line in lines if not line.startswith(CONSTRAINTS)] + constraints)


def _sqlite_master(connection) -> list[tuple]:
    return sorted(((kind, name, table, _same_whatever_the_constraint_order(sql)) for kind, name, table, sql
                   in connection.exec_driver_sql("SELECT type, name, tbl_name, sql FROM sqlite_master")), key=repr)


def _statements(schema: str) -> tuple[str | None, list[str | None]]:
    head, statements = db.sqlite_schema_statements(schema)
    return head, [_same_whatever_the_constraint_order(statement) for statement in statements]


async def _sqlite_database(url: str, revision: str) -> tuple[str, list[tuple], list[tuple]]:
    """The database ``db.upgrade(engine, revision)`` makes at ``url``: its schema as written, everything
    SQLite keeps of it, and its version rows."""
    from sqlalchemy import text

    engine = db.create_engine(url)
    try:
        await db.upgrade(engine, revision)
        async with engine.connect() as conn:
            return (await conn.run_sync(db.sqlite_schema), await conn.run_sync(_sqlite_master),
                    (await conn.execute(text("SELECT version_num FROM alembic_version"))).all())
    finally:
        await engine.dispose()


async def test_a_new_sqlite_database_is_made_as_the_migrations_make_it(tmp_path):
    (head,) = db.script_heads()
    by_alembic = await _sqlite_database(f"sqlite+aiosqlite:///{tmp_path / 'alembic.db'}", head)  # by name: Alembic
    assert _statements(by_alembic[0]) == _statements(db.SQLITE_SCHEMA.read_text(encoding="utf-8")), (
        "storage/migrations/sqlite_schema.sql is not what the migrations make: run `python -m storage.db sqlite-schema`")
    from_schema = await _sqlite_database(f"sqlite+aiosqlite:///{tmp_path / 'schema.db'}", "head")
    assert from_schema[1:] == by_alembic[1:]  # the same tables, indexes, full-text tables and version


async def test_a_schema_written_for_another_head_is_not_used(tmp_path, monkeypatch):
    written = db.SQLITE_SCHEMA.read_text(encoding="utf-8")
    (head,) = db.script_heads()
    older = tmp_path / "sqlite_schema.sql"
    older.write_text(written.replace(head, "0016_posted_message_reactions").replace(
        "CREATE INDEX ix_action_item_updated_at", "CREATE INDEX ix_not_made"), encoding="utf-8")
    monkeypatch.setattr(db, "SQLITE_SCHEMA", older)
    made = await _sqlite_database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", "head")
    assert _statements(made[0]) == _statements(written)  # Alembic ran the migrations


async def test_existing_feed_tokens_are_replaced_by_their_hash(database_url):
    import hashlib

    from sqlalchemy import text

    engine = db.create_engine(database_url)
    try:
        await db.upgrade(engine, "0004_scheduler")
        async with engine.begin() as conn:
            await conn.execute(text(
                "INSERT INTO subscription (kind, platform, channel_id, ref, lead_days, weekday, time_of_day, token, "
                "created_by, created_at) VALUES ('feed', 'console', 'console:general', '*', '[]', 0, '09:00', "
                "'a-plain-feed-token-from-before-00000', 'console:alice', '2026-11-24 09:00:00')"))
        await db.upgrade(engine)
        async with engine.connect() as conn:
            stored = await conn.scalar(text("SELECT token FROM subscription WHERE kind = 'feed'"))
        assert stored == hashlib.sha256(b"a-plain-feed-token-from-before-00000").hexdigest()
    finally:
        await engine.dispose()


async def test_messages_posted_before_reactions_were_stored_keep_their_reactions(database_url):
    """A card posted before the upgrade still marks its item done on ✅, and a poll still takes 2⃣ votes
    and its native answers; a message about anything else still answers no reaction."""
    from sqlalchemy import text

    from storage import deliveries

    engine = db.create_engine(database_url)
    try:
        await db.upgrade(engine, "0015_action_item_order_index")
        async with engine.begin() as conn:
            for message_id, kind, ref in (("$card", "action_item", "A12"), ("$poll", "poll", "P3"),
                                          ("$event", "event", "E2")):
                await conn.execute(text(
                    "INSERT INTO posted_message (platform, message_id, channel_id, subject_kind, subject_ref, "
                    "posted_at) VALUES ('matrix', :m, 'matrix:!room', :k, :r, '2026-11-24 09:00:00')"),
                    {"m": message_id, "k": kind, "r": ref})
        await db.upgrade(engine)
        sessions = db.create_sessionmaker(engine)
        async with sessions() as session:
            assert await deliveries.reaction_command(session, "matrix", "$card", "✅") == "action_done A12"
            assert await deliveries.reaction_command(session, "matrix", "$card", "↩") == "action_reopen A12"
            assert await deliveries.reaction_command(session, "matrix", "$poll", "2\u20e3") == "poll_vote P3 2"
            assert await deliveries.reaction_command(session, "matrix", "$poll", "ballot") == "poll_choose P3"
            assert await deliveries.reaction_command(session, "matrix", "$event", "✅") is None
    finally:
        await engine.dispose()
