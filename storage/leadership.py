"""Leadership: one process at a time does a job that must not run twice at once (syncing one
Matrix account), on PostgreSQL with a session-level advisory lock.

The lock belongs to one database connection: it is released when that connection ends, so a
process that dies (or loses its database) gives the lead up without doing anything, and a
waiting process takes it at its next try. The connection runs in autocommit, so holding the
lock keeps no transaction open.
"""

from __future__ import annotations

import hashlib

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (the same in every process and version)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big", signed=True)


async def try_lead(connection: AsyncConnection, key: int) -> bool:
    """Take the lock if no other connection holds it; never waits."""
    return bool(await connection.scalar(text("SELECT pg_try_advisory_lock(:key)"), {"key": key}))


async def still_leads(connection: AsyncConnection, key: int) -> bool:
    """Whether this connection still holds the lock (raises if the connection is gone)."""
    held = await connection.scalar(text(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND pid = pg_backend_pid() "
        "AND ((classid::bigint << 32) | objid::bigint) = :key"), {"key": key})
    return bool(held)


async def give_up(connection: AsyncConnection, key: int) -> None:
    await connection.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": key})
