"""The floor for a Matrix-only start: the project's fixed stack doing the same external work with no
bot code. It imports what any bot on this stack must (matrix-nio, SQLAlchemy's asyncio engine with
aiosqlite, pydantic-settings), opens the SQLite database and reads it once, logs in to the
homeserver and makes a first sync; then it prints "ready" and idles.

    python -m bench.matrix_floor <homeserver> <user id> <password> <sqlite file>
"""

from __future__ import annotations

import gc

gc.disable()  # as the bot does while it starts (bot.cli), so the floor is the best this stack does

import asyncio  # noqa: E402
import sys  # noqa: E402

import pydantic_settings  # noqa: F401,E402  (settings: part of the fixed stack)
from nio import AsyncClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402


async def main(homeserver: str, user_id: str, password: str, database: str) -> None:
    engine = create_async_engine(f"sqlite+aiosqlite:///{database}")
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))
    gc.freeze()
    gc.enable()
    client = AsyncClient(homeserver, user_id)
    await client.login(password)
    await client.sync(timeout=0, full_state=True)
    print("ready", flush=True)
    try:
        await asyncio.sleep(600)
    finally:
        await client.close()
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
