"""Export and import the whole database as JSON, losslessly."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import Date, DateTime, func, insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import every_table

# control characters (C0 but tab, newline and carriage return; DEL; C1) are not accepted as input, and
# PostgreSQL cannot store NUL: text exported before they were refused is imported without them
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")

FORMAT = "alliance-bot-export"
VERSION = 1


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def _decode(column, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Date) or getattr(column.type, "impl", None).__class__ is Date:
        return date.fromisoformat(value)
    if isinstance(column.type, DateTime) or isinstance(getattr(column.type, "impl", None), DateTime):
        return datetime.fromisoformat(value)
    if isinstance(value, str):
        return _CONTROL_CHARS.sub("", value)
    return value


async def export_all(session: AsyncSession) -> dict[str, Any]:
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in every_table().sorted_tables:
        pk = list(table.primary_key.columns)
        rows = (await session.execute(select(table).order_by(*pk))).mappings()
        tables[table.name] = [{k: _encode(v) for k, v in row.items()} for row in rows]
    return {"format": FORMAT, "version": VERSION, "tables": tables}


class ImportError_(ValueError):
    pass


async def import_all(session: AsyncSession, data: dict[str, Any]) -> dict[str, int]:
    """Load an export into an empty database (the caller commits)."""
    if data.get("format") != FORMAT:
        raise ImportError_("this file is not an alliance-bot export")
    counts: dict[str, int] = {}
    for table in every_table().sorted_tables:
        existing = await session.scalar(select(func.count()).select_from(table))
        rows = data["tables"].get(table.name, [])
        if existing and rows:
            raise ImportError_(f"table {table.name} is not empty; import into a fresh database")
        if rows:
            decoded = [{c.name: _decode(c, row.get(c.name)) for c in table.columns if c.name in row} for row in rows]
            await session.execute(insert(table), decoded)
        counts[table.name] = len(rows)
    if (await session.connection()).dialect.name == "postgresql":
        for table in every_table().sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) == 1 and pk[0].autoincrement in (True, "auto") and isinstance(pk[0].type.python_type, type) \
                    and pk[0].type.python_type is int:
                await session.execute(text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', '{pk[0].name}'), "
                    f"COALESCE((SELECT MAX({pk[0].name}) FROM {table.name}), 0) + 1, false)"))
    return counts
