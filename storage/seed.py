"""Reference data from the GCG4 meeting report and the observances list.

Applying a seed inserts what is missing — insert-or-ignore by key, so processes
seeding at the same moment each find a row there once — and corrects what an older
seed got wrong: a field listed under an entry's ``previous`` is replaced only while
it still holds that old value, so what admins have changed since is kept. Every
seeded row keeps its source (the report and its section) and the source's date.
It is safe on every start.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import Row, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.db import dialect_dml
from storage.facts import ReferenceFact
from storage.models import (
    ActionGroup,
    ActionItem,
    ActionItemOwner,
    CalendarEvent,
    Observance,
    PathfinderCountry,
    PathfinderPriority,
    PathfinderUpdate,
)

SEED_DIR = Path(__file__).parent / "seed"
SEED_AUTHOR = "seed:gcg4-meeting-report"


def load(name: str) -> dict[str, Any]:
    with (SEED_DIR / name).open("rb") as fh:
        return tomllib.load(fh)


def source_of(data: dict[str, Any], entry: dict[str, Any]) -> dict[str, Any]:
    """``source`` and ``source_date`` for an entry: the file's source and the entry's section."""
    section = entry.get("section", "")
    if not section:
        return {"source": "", "source_date": None}
    name = data.get("source", {}).get("name", "")
    return {"source": f"{name}, section {section}", "source_date": data.get("source", {}).get("date")}


async def _insert_new(session: AsyncSession, model, key: str, values: dict[str, Any]) -> int | None:
    """Insert a row unless one with the same ``key`` column exists; its id, or None if it was there."""
    stmt = (dialect_dml(session.get_bind().dialect.name).insert(model).values(**values)
            .on_conflict_do_nothing(index_elements=[key]).returning(model.id))
    return (await session.execute(stmt)).scalar_one_or_none()


async def _insert_missing(session: AsyncSession, model, key: str, rows: list[dict[str, Any]]) -> dict[Any, int]:
    """Insert, in one statement and in order, each row unless one with the same ``key`` column exists (by
    then, or earlier in ``rows``); {key: id} of the rows inserted. Row by row this was most of a first
    start's seeding."""
    if not rows:
        return {}
    column = getattr(model, key)
    stmt = (dialect_dml(session.get_bind().dialect.name).insert(model).values(rows)
            .on_conflict_do_nothing(index_elements=[key]).returning(column, model.id))
    return {found: row_id for found, row_id in await session.execute(stmt)}


# a description's French and Spanish forms: filled in on a row that has none yet (one seeded before they were)
TRANSLATED = ("description_fr", "description_es")


def translations(entry: dict[str, Any]) -> dict[str, str]:
    return {name: entry.get(name, "") for name in TRANSLATED}


def _to_fill(row, fields: dict[str, Any]) -> list[str]:
    """The translations the seed has and the row lacks."""
    return [name for name in TRANSLATED if fields.get(name) and hasattr(row, name) and not getattr(row, name)]


def _correct(row, entry: dict[str, Any], fields: dict[str, Any]) -> int:
    """Fields of an existing row that still hold a value listed in ``previous`` take the new one;
    an empty source and empty translations are filled in. Returns the number of fields changed."""
    changed = 0
    for name, old in entry.get("previous", {}).items():
        if name in fields and name != "owners" and getattr(row, name) == old:
            setattr(row, name, fields[name])
            changed += 1
    for name in _to_fill(row, fields):
        setattr(row, name, fields[name])
        changed += 1
    if not row.source and fields.get("source"):
        row.source, row.source_date = fields["source"], fields["source_date"]
        changed += 1
    return changed


async def _existing(session: AsyncSession, model, key: str, entries: list[dict[str, Any]],
                    entry_key: str = "key") -> dict[Any, Row[Any]]:
    """The rows already there for ``entries``, by key: only the columns that say whether a row needs
    correcting (its id, source, and the fields named under any entry's ``previous``), not the rows with
    everything they load (a country's priorities and updates, an item's owners and group). Each start
    reads these; the few rows to correct are loaded whole (``_corrected``)."""
    keys = [entry[entry_key] for entry in entries]
    if not keys:
        return {}
    named = {name for entry in entries for name in entry.get("previous", {})} | set(TRANSLATED)
    columns = [model.__table__.c[name] for name in sorted(named) if name in model.__table__.c]
    column = getattr(model, key)
    rows = await session.execute(select(column.label("seed_entry_key"), model.id, model.source, *columns)
                                 .where(column.in_(keys)))
    return {row.seed_entry_key: row for row in rows}


def _needs_correcting(row, entry: dict[str, Any], fields: dict[str, Any]) -> bool:
    """Whether ``_correct`` would change a row (read as ``_existing`` reads it)."""
    return (any(name in fields and name != "owners" and getattr(row, name) == old
                for name, old in entry.get("previous", {}).items())
            or (not row.source and bool(fields.get("source"))) or bool(_to_fill(row, fields)))


async def _corrected(session: AsyncSession, model, found: Row[Any], entry: dict[str, Any],
                     fields: dict[str, Any]) -> int:
    """``_correct`` on the row ``_existing`` found, loaded whole only when something in it is to change."""
    if not _needs_correcting(found, entry, fields):
        return 0
    return _correct(await session.get_one(model, found.id), entry, fields)


async def apply_reference(session: AsyncSession) -> dict[str, int]:
    """Action groups, pathfinder countries, observances and reference facts. Returns counts added
    (and ``corrected``: fields of existing rows brought in line with the seed)."""
    data = load("reference.toml")
    added = {"action_groups": 0, "pathfinder_countries": 0, "observances": 0, "reference_facts": 0, "corrected": 0}

    have = await _existing(session, ActionGroup, "key", data.get("action_group", []))
    new: list[dict[str, Any]] = []
    for g in data.get("action_group", []):
        fields = dict(
            key=g["key"], name=g["name"], name_fr=g.get("name_fr", ""), name_es=g.get("name_es", ""),
            aliases=g.get("aliases", []), leads=g.get("leads", []), lead_note=g.get("lead_note", ""),
            description=g.get("description", ""), **translations(g), **source_of(data, g),
        )
        if g["key"] in have:
            added["corrected"] += await _corrected(session, ActionGroup, have[g["key"]], g, fields)
        else:
            new.append(fields)
    added["action_groups"] += len(await _insert_missing(session, ActionGroup, "key", new))

    have = await _existing(session, PathfinderCountry, "name", data.get("pathfinder", []), "name")
    new = []
    entries: list[dict[str, Any]] = []
    for c in data.get("pathfinder", []):
        fields = dict(
            name=c["name"], name_fr=c.get("name_fr", ""), name_es=c.get("name_es", ""),
            aliases=c.get("aliases", []), kind=c.get("kind", "country"), iso_code=c.get("iso_code", ""),
            region=c.get("region", ""), workshop_start=c.get("workshop_start"),
            workshop_end=c.get("workshop_end") or c.get("workshop_start"),
            workshop_precision=c.get("workshop_precision", "day"), workshop_tbc=c.get("workshop_tbc", False),
            status=c.get("status", "interested"), focal_point=c.get("focal_point", ""),
            next_steps=c.get("next_steps", []), challenges=c.get("challenges", []), **source_of(data, c),
        )
        if c["name"] in have:
            added["corrected"] += await _corrected(session, PathfinderCountry, have[c["name"]], c, fields)
        else:
            new.append(fields)
            entries.append(c)
    inserted = await _insert_missing(session, PathfinderCountry, "name", new)
    priorities: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for c in entries:
        country_id = inserted.pop(c["name"], None)  # None: there already, or a repeated name
        if country_id is None:
            continue
        priorities.extend(dict(country_id=country_id, theme=p["theme"], text=p["text"], position=i)
                          for i, p in enumerate(c.get("priority", [])))
        updates.extend(dict(country_id=country_id, date=u["date"], date_precision=u.get("date_precision", "day"),
                            author=u.get("author", ""), source=u.get("source", ""), text=u["text"])
                       for u in c.get("update", []))
        added["pathfinder_countries"] += 1
    # a new country's priorities and updates, each kind in one statement (in file order, as their ids)
    for model, rows in ((PathfinderPriority, priorities), (PathfinderUpdate, updates)):
        if rows:
            await session.execute(insert(model).values(rows))

    have = await _existing(session, Observance, "key", data.get("observance", []))
    new = []
    for o in data.get("observance", []):
        fields = dict(
            key=o["key"], month=o["month"], day=o["day"], name=o["name"], name_fr=o.get("name_fr", ""),
            name_es=o.get("name_es", ""), description=o.get("description", ""), **translations(o), link=o.get("link", ""),
            marked_by=o.get("marked_by", ""), **source_of(data, o),
        )
        if o["key"] in have:
            added["corrected"] += await _corrected(session, Observance, have[o["key"]], o, fields)
        else:
            new.append(fields)
    added["observances"] += len(await _insert_missing(session, Observance, "key", new))

    have = await _existing(session, ReferenceFact, "key", data.get("fact", []))
    new = []
    for f in data.get("fact", []):
        fields = dict(key=f["key"], topic=f["topic"], text=f["text"], **source_of(data, f))
        if f["key"] in have:
            added["corrected"] += await _corrected(session, ReferenceFact, have[f["key"]], f, fields)
        else:
            new.append(fields)
    added["reference_facts"] += len(await _insert_missing(session, ReferenceFact, "key", new))
    await session.flush()
    return added


async def _deleted_seed_keys(session: AsyncSession) -> set[str]:
    """Seed items someone deleted (the delete is audited with the item's seed key): they stay deleted."""
    from storage.audit import AuditEntry

    rows = await session.scalars(select(AuditEntry.detail).where(
        AuditEntry.action.in_(("action_item.delete", "event.delete")), AuditEntry.outcome == "ok"))
    return {str(d["seed_key"]) for d in rows if isinstance(d, dict) and d.get("seed_key")}


async def apply_meeting_report(session: AsyncSession, *, insert_missing: bool = True) -> dict[str, int]:
    """The historical events and action items the report records (items in file order, so their
    ids follow it on a new database). Without ``insert_missing`` only rows already seeded are
    corrected: what every start does, for databases that loaded the report once."""
    data = load("meeting_report.toml")
    groups = {key: group_id for key, group_id in await session.execute(select(ActionGroup.key, ActionGroup.id))}
    added = {"events": 0, "action_items": 0, "corrected": 0}

    deleted = await _deleted_seed_keys(session)  # deleted seed items stay deleted
    have = await _existing(session, CalendarEvent, "seed_key", data.get("event", []))
    for e in data.get("event", []):
        starts_on: date = e["starts_on"]
        ends_on: date = e.get("ends_on") or starts_on
        if e.get("precision") == "month":  # the whole month, so "events in July" finds it
            ends_on = (starts_on.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        start_at = None
        if e.get("start_time") and e.get("timezone"):
            start_at = datetime.combine(starts_on, time.fromisoformat(e["start_time"]), ZoneInfo(e["timezone"]))
        fields = dict(
            start_at=start_at, timezone=e.get("timezone", "") if start_at else "",
            title=e["title"], starts_on=starts_on, ends_on=ends_on,
            precision=e.get("precision", "day"), tentative=e.get("tentative", False), place=e.get("place", ""),
            group_id=groups.get(e.get("group", "")), description=e.get("description", ""),
            link=e.get("link", ""), created_by=SEED_AUTHOR, created_platform="seed", seed_key=e["key"],
            **source_of(data, e),
        )
        if e["key"] in have:
            added["corrected"] += await _corrected(session, CalendarEvent, have[e["key"]], e, fields)
        elif (insert_missing and e["key"] not in deleted
              and await _insert_new(session, CalendarEvent, "seed_key", fields) is not None):
            added["events"] += 1

    have = await _existing(session, ActionItem, "seed_key", data.get("action_item", []))
    for a in data.get("action_item", []):
        fields = dict(
            text=a["text"], group_id=groups.get(a.get("group", "")), due_date=a.get("due"),
            due_precision=a.get("due_precision", "day"), status=a.get("status", "open"),
            created_by=SEED_AUTHOR, created_platform="seed", seed_key=a["key"], **source_of(data, a),
        )
        owners = a.get("owners", [])
        if a["key"] in have:
            old_owners = a.get("previous", {}).get("owners")
            if old_owners is None and not _needs_correcting(have[a["key"]], a, fields):
                continue
            item = await session.get_one(ActionItem, have[a["key"]].id)
            added["corrected"] += _correct(item, a, fields)
            if old_owners is not None and [o.owner for o in item.owners] == old_owners:
                item.owners = [ActionItemOwner(owner=o, is_person=False, position=i) for i, o in enumerate(owners)]
                added["corrected"] += 1
            continue
        if not insert_missing or a["key"] in deleted:
            continue
        item_id = await _insert_new(session, ActionItem, "seed_key", fields)
        if item_id is None:
            continue
        session.add_all([ActionItemOwner(action_item_id=item_id, owner=o, is_person=False, position=i)
                         for i, o in enumerate(owners)])
        added["action_items"] += 1
    await session.flush()
    return added
