"""Shared resources (best practices) and their full-text search.

Search runs in the database: SQLite's FTS5 over Snowball stems (``storage.fulltext``), PostgreSQL's
``tsvector`` with the resource's language configuration. Every word searched for must be found
(after stemming), as a search engine does, and the best matches come first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, String, Text, delete, func, literal_column, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from storage import fulltext
from storage.models import Base, utcnow


class SharedResource(Base):
    """A link a member shared as a best practice: a toolkit, a report, a guide.

    The bot never fetches the address. ``search_text`` (title, tags, note) is indexed for
    full-text search with the word stems of ``stemming`` (a Snowball language name, which is also
    the PostgreSQL text search configuration): SQLite keeps the stems in an FTS5 table
    (``shared_resource_fts``), PostgreSQL indexes ``to_tsvector(stemming, search_text)``.
    """

    __tablename__ = "shared_resource"

    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(2000))
    title: Mapped[str] = mapped_column(String(300))
    tags: Mapped[list[str]] = mapped_column(default=list)
    country: Mapped[str] = mapped_column(String(8), default="")  # ISO 3166 code, or empty
    stemming: Mapped[str] = mapped_column(String(16), default="english")
    search_text: Mapped[str] = mapped_column(Text, default="")
    added_by: Mapped[str] = mapped_column(String(255))
    added_platform: Mapped[str] = mapped_column(String(32))
    added_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    @property
    def ref(self) -> str:
        return f"L{self.id}"  # L for link: R is taken by reminders


#: PostgreSQL's text search configuration of a resource, as the migration's index writes it
_CONFIGURATION: ColumnElement[Any] = literal_column("CASE shared_resource.stemming WHEN 'french' THEN 'french'::regconfig "
                                "WHEN 'spanish' THEN 'spanish'::regconfig ELSE 'english'::regconfig END")


def _is_sqlite(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "sqlite"


async def add(session: AsyncSession, resource: SharedResource) -> SharedResource:
    session.add(resource)
    await session.flush()
    if _is_sqlite(session):
        await session.execute(text("INSERT INTO shared_resource_fts (rowid, stems) VALUES (:id, :stems)"),
                              {"id": resource.id, "stems": " ".join(fulltext.stems(resource.search_text,
                                                                                    resource.stemming))})
    return resource


async def get(session: AsyncSession, resource_id: int) -> SharedResource | None:
    return await session.get(SharedResource, resource_id)


async def remove(session: AsyncSession, resource: SharedResource) -> None:
    if _is_sqlite(session):
        await session.execute(text("DELETE FROM shared_resource_fts WHERE rowid = :id"), {"id": resource.id})
    await session.execute(delete(SharedResource).where(SharedResource.id == resource.id))


async def same_link(session: AsyncSession, url: str) -> SharedResource | None:
    return await session.scalar(select(SharedResource).where(SharedResource.url == url).limit(1))


def listing(*, country: str = "", since: datetime | None = None) -> Select[SharedResource]:
    """Resources newest first, of one country and/or added since a moment (tags are filtered by the caller)."""
    stmt = select(SharedResource)
    if country:
        stmt = stmt.where(SharedResource.country == country)
    if since is not None:
        stmt = stmt.where(SharedResource.added_at >= since)
    return stmt.order_by(SharedResource.added_at.desc(), SharedResource.id.desc())


async def find(session: AsyncSession, stmt: Select[SharedResource]) -> list[SharedResource]:
    return list(await session.scalars(stmt))


async def search(session: AsyncSession, query: str, *, limit: int = 20) -> list[SharedResource]:
    """Resources holding every word of ``query`` (each stemmed in the resource's language), best first."""
    if _is_sqlite(session):
        return await _search_sqlite(session, query, limit)
    vector = func.to_tsvector(_CONFIGURATION, SharedResource.search_text)  # the expression the index holds
    wanted = func.plainto_tsquery(_CONFIGURATION, query)
    stmt = (select(SharedResource).where(vector.op("@@")(wanted))
            .order_by(func.ts_rank(vector, wanted).desc(), SharedResource.id.desc()).limit(limit))
    return list(await session.scalars(stmt))


async def _search_sqlite(session: AsyncSession, query: str, limit: int) -> list[SharedResource]:
    ranked: list[tuple[float, int]] = []
    for stemming in fulltext.STEMMING.values():  # each language's resources with the query stemmed that way
        stems = fulltext.stems(query, stemming)
        if not stems:
            continue
        match = " ".join('"' + s.replace('"', '""') + '"' for s in stems)  # quoted: never FTS5 syntax
        rows = await session.execute(
            text("SELECT f.rowid, f.rank FROM shared_resource_fts AS f JOIN shared_resource AS r ON r.id = f.rowid "
                 "WHERE shared_resource_fts MATCH :match AND r.stemming = :stemming"),
            {"match": match, "stemming": stemming})
        ranked.extend((rank, rowid) for rowid, rank in rows)
    ranked.sort(key=lambda row: (row[0], -row[1]))  # bm25: lower is better
    ids = [rowid for _rank, rowid in ranked[:limit]]
    if not ids:
        return []
    found = {r.id: r for r in await session.scalars(select(SharedResource).where(SharedResource.id.in_(ids)))}
    return [found[i] for i in ids if i in found]
