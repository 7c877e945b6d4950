"""Alembic environment: runs on a connection handed in by ``storage.db.upgrade``,
or, from the ``alembic`` command line, on ``ALLIANCE_BOT_DATABASE__URL``."""

from __future__ import annotations

import asyncio
import os

from alembic import context
from sqlalchemy.engine import Connection

from storage.db import described_by_models, every_table

target_metadata = every_table()


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=described_by_models,
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    from bot.settings import load_settings
    from storage.db import create_engine

    url = os.environ.get("ALLIANCE_BOT_DATABASE__URL") or load_settings().database_url

    async def _main() -> None:
        engine = create_engine(url)
        async with engine.begin() as conn:
            await conn.run_sync(_run)
        await engine.dispose()

    asyncio.run(_main())


if context.is_offline_mode():
    raise SystemExit("offline SQL generation is not supported; run against a database")
_run_online()
