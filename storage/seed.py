"""Reference data from the GCG4 meeting report and the observances list.

Applying a seed only inserts what is missing, so it is safe on every start and
never overwrites what admins have changed since.
"""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

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


async def _existing(session: AsyncSession, column) -> set:
    return set(await session.scalars(select(column)))


async def apply_reference(session: AsyncSession) -> dict[str, int]:
    """Action groups, pathfinder countries and observances. Returns counts added."""
    data = load("reference.toml")
    added = {"action_groups": 0, "pathfinder_countries": 0, "observances": 0}

    have = await _existing(session, ActionGroup.key)
    for g in data.get("action_group", []):
        if g["key"] in have:
            continue
        session.add(ActionGroup(
            key=g["key"], name=g["name"], name_fr=g.get("name_fr", ""), name_es=g.get("name_es", ""),
            aliases=g.get("aliases", []), leads=g.get("leads", []), lead_note=g.get("lead_note", ""),
            description=g.get("description", ""),
        ))
        added["action_groups"] += 1

    have = await _existing(session, PathfinderCountry.name)
    for c in data.get("pathfinder", []):
        if c["name"] in have:
            continue
        country = PathfinderCountry(
            name=c["name"], name_fr=c.get("name_fr", ""), name_es=c.get("name_es", ""),
            aliases=c.get("aliases", []), kind=c.get("kind", "country"), iso_code=c.get("iso_code", ""),
            region=c.get("region", ""), workshop_start=c.get("workshop_start"),
            workshop_end=c.get("workshop_end") or c.get("workshop_start"),
            workshop_precision=c.get("workshop_precision", "day"), workshop_tbc=c.get("workshop_tbc", False),
            status=c.get("status", "interested"), focal_point=c.get("focal_point", ""),
            next_steps=c.get("next_steps", []), challenges=c.get("challenges", []),
        )
        country.priorities = [
            PathfinderPriority(theme=p["theme"], text=p["text"], position=i)
            for i, p in enumerate(c.get("priority", []))
        ]
        country.updates = [
            PathfinderUpdate(date=u["date"], date_precision=u.get("date_precision", "day"),
                             author=u.get("author", ""), source=u.get("source", ""), text=u["text"])
            for u in c.get("update", [])
        ]
        session.add(country)
        added["pathfinder_countries"] += 1

    have = await _existing(session, Observance.key)
    for o in data.get("observance", []):
        if o["key"] in have:
            continue
        session.add(Observance(
            key=o["key"], month=o["month"], day=o["day"], name=o["name"], name_fr=o.get("name_fr", ""),
            name_es=o.get("name_es", ""), description=o.get("description", ""), link=o.get("link", ""),
            marked_by=o.get("marked_by", ""),
        ))
        added["observances"] += 1
    await session.flush()
    return added


async def _deleted_seed_keys(session: AsyncSession) -> set[str]:
    """Seed items someone deleted (the delete is audited with the item's seed key): they stay deleted."""
    from storage.models import AuditEntry

    rows = await session.scalars(select(AuditEntry.detail).where(
        AuditEntry.action.in_(("action_item.delete", "event.delete")), AuditEntry.outcome == "ok"))
    return {str(d["seed_key"]) for d in rows if isinstance(d, dict) and d.get("seed_key")}


async def apply_meeting_report(session: AsyncSession) -> dict[str, int]:
    """The historical events and action items the report records."""
    data = load("meeting_report.toml")
    groups = {g.key: g.id for g in await session.scalars(select(ActionGroup))}
    added = {"events": 0, "action_items": 0}

    deleted = await _deleted_seed_keys(session)
    have = await _existing(session, CalendarEvent.seed_key) | deleted
    for e in data.get("event", []):
        if e["key"] in have:
            continue
        starts_on: date = e["starts_on"]
        ends_on: date = e.get("ends_on") or starts_on
        if e.get("precision") == "month":  # the whole month, so "events in July" finds it
            ends_on = (starts_on.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
        start_at = None
        if e.get("start_time") and e.get("timezone"):
            start_at = datetime.combine(starts_on, time.fromisoformat(e["start_time"]), ZoneInfo(e["timezone"]))
        session.add(CalendarEvent(
            start_at=start_at, timezone=e.get("timezone", "") if start_at else "",
            title=e["title"], starts_on=starts_on, ends_on=ends_on,
            precision=e.get("precision", "day"), tentative=e.get("tentative", False), place=e.get("place", ""),
            group_id=groups.get(e.get("group", "")), description=e.get("description", ""),
            link=e.get("link", ""), created_by=SEED_AUTHOR, created_platform="seed", seed_key=e["key"],
        ))
        added["events"] += 1

    have = await _existing(session, ActionItem.seed_key) | deleted
    for a in data.get("action_item", []):
        if a["key"] in have:
            continue
        item = ActionItem(
            text=a["text"], group_id=groups.get(a.get("group", "")), due_date=a.get("due"),
            due_precision=a.get("due_precision", "day"), status=a.get("status", "open"),
            created_by=SEED_AUTHOR, created_platform="seed", seed_key=a["key"],
        )
        item.owners = [ActionItemOwner(owner=o, is_person=False, position=i) for i, o in enumerate(a.get("owners", []))]
        session.add(item)
        added["action_items"] += 1
    await session.flush()
    return added
