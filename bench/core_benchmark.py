"""Core: per-command latency in process (parse, handler, storage, render).

Database: 10,000 action items, 1,000 events, 200 countries, on SQLite and (when
TEST_DATABASE_URL or --postgres is given) PostgreSQL. The floor of each command is
the one SQL query that answers it, with no bot code, through the same engine in one
transaction (``FLOORS``).

    python -m bench.core_benchmark [--postgres URL] [--rounds N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import insert, select, text

from bench.stats import summary_ms
from bot.app import BotApp
from bot.context import FixedClock
from bot.messages import Incoming
from bot.plaintext import render
from bot.runner import collect_from_here
from bot.settings import Settings
from storage.models import ActionGroup, ActionItem, ActionItemOwner, CalendarEvent, PathfinderCountry

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
COMMANDS = [
    "!action show A5000",
    "!action list",
    "!action list overdue",
    "!action list group Migration",
    "!action list owner UNICEF",
    "!action add Benchmark follow-up owner UNICEF due 3 March 2027 group migration",
    "!action done A{done_id}",
    "!event list",
    "!event list May 2027",
    "!event show E500",
    "!pathfinder Nepal",
    "!pathfinder list region Africa",
    "!help action",
    "status of Nepal",
]


# The floor of each command: the one query that answers it (the rows it shows, read with no bot code),
# run through the same engine in one transaction. ":today" is the benchmark's date.
PAGE = 20
ITEM_ROWS = ("SELECT i.id, i.text, i.status, i.due_date, g.name, "
             "(SELECT string_agg(o.owner, ', ') FROM action_item_owner o WHERE o.action_item_id = i.id) "
             "FROM action_item i LEFT JOIN action_group g ON g.id = i.group_id ")
FLOORS = {
    "!action show A5000": ITEM_ROWS + "WHERE i.id = 5000",
    "!action list": ITEM_ROWS + f"WHERE i.status = 'open' ORDER BY i.due_date, i.id LIMIT {PAGE}",
    "!action list overdue": ITEM_ROWS + f"WHERE i.status = 'open' AND i.due_date < :today "
                                        f"ORDER BY i.due_date, i.id LIMIT {PAGE}",
    "!action list group Migration": ITEM_ROWS + "WHERE i.status = 'open' AND g.key = 'migration' "
                                                f"ORDER BY i.due_date, i.id LIMIT {PAGE}",
    "!action list owner UNICEF": ITEM_ROWS + "WHERE i.status = 'open' AND EXISTS (SELECT 1 FROM action_item_owner o "
                                             "WHERE o.action_item_id = i.id AND o.owner = 'UNICEF') "
                                             f"ORDER BY i.due_date, i.id LIMIT {PAGE}",
    "!action add Benchmark follow-up owner UNICEF due 3 March 2027 group migration":
        "INSERT INTO action_item (text, group_id, due_date, due_precision, status, created_by, created_platform, "
        "created_channel, source_link, created_at, updated_at) VALUES ('Benchmark follow-up', 1, '2027-03-03', 'day', "
        "'open', 'console:bench', 'console', 'console:bench', '', :now, :now)",
    # another item than the command's (ids from 9000 on), so the command still finds its own open
    "!action done A{done_id}": "UPDATE action_item SET status = 'done', updated_at = :now WHERE id = :done_id",
    "!event list": "SELECT id, title, starts_on, ends_on, place FROM calendar_event WHERE ends_on >= :today "
                   f"ORDER BY starts_on, id LIMIT {PAGE}",
    "!event list May 2027": "SELECT id, title, starts_on, ends_on, place FROM calendar_event "
                            "WHERE starts_on <= '2027-05-31' AND ends_on >= '2027-05-01' ORDER BY starts_on, id",
    "!event show E500": "SELECT * FROM calendar_event WHERE id = 500",
    "!pathfinder Nepal": "SELECT * FROM pathfinder_country WHERE name = 'Nepal'",
    "!pathfinder list region Africa": "SELECT name, status FROM pathfinder_country WHERE region = 'Africa' ORDER BY name",
    "!help action": None,  # no database work: the one-row read stands in
    "status of Nepal": "SELECT * FROM pathfinder_country WHERE name = 'Nepal'",
}
ONE_ROW = "(floor) one-row read in one transaction"


async def populate(app: BotApp, *, items: int = 10_000, events: int = 1_000, countries: int = 200) -> None:
    rng = random.Random(87)
    async with app.sessions.begin() as session:
        groups = list(await session.scalars(select(ActionGroup.id)))
        have = len(list(await session.scalars(select(PathfinderCountry.id))))
        regions = ["Africa", "Americas", "Asia and Pacific", "Europe and Central Asia", "Arab States"]
        await session.execute(insert(PathfinderCountry), [
            {"name": f"Synthetic Country {i:03d}", "region": regions[i % 5], "status": "workshop_planned",
             "workshop_start": date(2019, 1, 1) + timedelta(days=i), "aliases": [], "next_steps": [],
             "challenges": [], "name_fr": "", "name_es": "", "kind": "country", "iso_code": "",
             "workshop_precision": "day", "workshop_tbc": False, "focal_point": "", "updated_at": NOW}
            for i in range(countries - have)])
        await session.execute(insert(ActionItem), [
            {"text": f"Follow-up number {i} for the pathfinder toolkit", "group_id": rng.choice(groups),
             "due_date": date(2026, 6, 1) + timedelta(days=rng.randrange(0, 500)), "due_precision": "day",
             "status": "open" if rng.random() < 0.7 else "done", "created_by": "console:bench",
             "created_platform": "console", "created_channel": "console:bench", "source_link": "",
             "created_at": NOW, "updated_at": NOW}
            for i in range(items)])
        ids = list(await session.scalars(select(ActionItem.id)))
        owners = ["UNICEF", "ILO", "IOM", "Secretariat", "console:bench"]
        await session.execute(insert(ActionItemOwner), [
            {"action_item_id": i, "owner": owners[i % 5], "is_person": owners[i % 5].startswith("console:"),
             "position": 0} for i in ids])
        await session.execute(insert(CalendarEvent), [
            {"title": f"Regional consultation {i}", "starts_on": date(2026, 1, 1) + timedelta(days=i % 700),
             "ends_on": date(2026, 1, 1) + timedelta(days=i % 700), "precision": "day", "timezone": "",
             "tentative": False, "place": "Geneva", "group_id": rng.choice(groups), "description": "",
             "link": "", "created_by": "console:bench", "created_platform": "console", "channel_id": "",
             "created_at": NOW, "updated_at": NOW}
            for i in range(events)])


async def measure(url: str, rounds: int) -> dict[str, dict[str, float]]:
    settings = Settings.model_validate({
        "bot": {"admins": ["console:bench"], "data_dir": tempfile.mkdtemp()}, "database": {"url": url}})
    app = BotApp(settings, clock=FixedClock(NOW))
    await app.start()
    collect_from_here()  # as a running bot does once started (bot.runner)
    try:
        await populate(app)
        async with app.engine.connect() as connection:  # statistics, as a database in service has them
            await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("ANALYZE"))
        results: dict[str, list[float]] = {c: [] for c in COMMANDS}
        floors: dict[str, list[float]] = {c: [] for c in COMMANDS}
        floor: list[float] = []
        done_id = 1
        first: dict[str, list[float]] = {}  # the first time each command runs after start: cold caches
        for round_ in range(rounds + 1):
            for command in COMMANDS:
                query = FLOORS.get(command)
                if query and app.engine.dialect.name == "sqlite":
                    query = query.replace("string_agg(", "group_concat(")
                start = time.perf_counter()
                async with app.sessions.begin() as session:
                    if query is None:
                        await session.get(ActionGroup, 1)
                    elif query.startswith(("INSERT", "UPDATE")):  # committed, like the command's own change
                        # stamped with the wall clock, as any other writer's change is: the bot's clock is
                        # fixed here, and a change stamped at the very moment the bot last saw looks to it
                        # like one from a process whose clock is behind, which it finds by reading every
                        # open item's stamp
                        await session.execute(text(query), {"now": datetime.now(UTC), "done_id": 9000 + done_id})
                    else:
                        (await session.execute(text(query), {"today": NOW.date()})).all()
                if round_:
                    floors[command].append(time.perf_counter() - start)
                text_ = command.format(done_id=done_id)
                done_id += 1
                incoming = Incoming(platform="console", user_id="console:bench", channel_id="console:bench",
                                    text=text_, is_direct=True)
                start = time.perf_counter()
                replies = await app.handle(incoming)
                for reply in replies:
                    render(reply)
                elapsed = time.perf_counter() - start
                if round_:
                    results[command].append(elapsed)
                else:
                    first[command] = [elapsed]
            start = time.perf_counter()
            async with app.sessions.begin() as session:
                # one row, one query: the action group has no relationships to load with it
                await session.get(ActionGroup, 1)
            floor.append(time.perf_counter() - start)
        out = {c: summary_ms(v) for c, v in results.items()}
        out.update({f"(first) {c}": summary_ms(v) for c, v in first.items()})
        out.update({f"(floor) {c}": summary_ms(v) for c, v in floors.items()})
        out[ONE_ROW] = summary_ms(floor)
        everything = [s for v in results.values() for s in v]
        out["(all commands)"] = summary_ms(everything)
        return out
    finally:
        await app.close()


async def create_pg_database(base_url: str) -> tuple[str, str]:
    import asyncpg
    from sqlalchemy.engine import make_url

    base = make_url(base_url)
    name = f"bench_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(user=base.username or "postgres", host=base.host, port=base.port or 5432,
                                 database=base.database or "postgres")
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return base.set(database=name).render_as_string(hide_password=False), name


async def drop_pg_database(base_url: str, name: str) -> None:
    import asyncpg
    from sqlalchemy.engine import make_url

    base = make_url(base_url)
    conn = await asyncpg.connect(user=base.username or "postgres", host=base.host, port=base.port or 5432,
                                 database=base.database or "postgres")
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.close()


async def run(rounds: int, postgres: str | None) -> dict[str, dict[str, dict[str, float]]]:
    figures = {}
    with tempfile.TemporaryDirectory() as tmp:
        figures["SQLite"] = await measure(f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}", rounds)
    if postgres:
        url, name = await create_pg_database(postgres)
        try:
            figures["PostgreSQL"] = await measure(url, rounds)
        finally:
            await drop_pg_database(postgres, name)
    return figures


def table(figures) -> str:
    lines = ["| command | database | first ms | p50 ms | p99 ms | floor p50 ms | floor p99 ms | p99 / floor p99 |",
             "|---|---|---|---|---|---|---|---|"]
    for db_name, rows in figures.items():
        for command in (*COMMANDS, "(all commands)", ONE_ROW):
            s, f = rows[command], rows.get(f"(floor) {command}")
            cold = rows.get(f"(first) {command}")
            cells = [f"`{command}`", db_name, f"{cold['p50']:.2f}" if cold else "—", f"{s['p50']:.2f}", f"{s['p99']:.2f}",
                     f"{f['p50']:.2f}" if f else "—", f"{f['p99']:.2f}" if f else "—",
                     f"{s['p99'] / f['p99']:.1f}×" if f else "—"]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


async def section(options) -> str:
    rounds = 10 if options.quick else 150
    figures = await run(rounds, options.postgres)
    return "\n".join([
        "## Core: one command in process",
        "",
        f"Parse, handler, storage and plain-text rendering of each command through `BotApp.handle`, {rounds} rounds,",
        "with 10,000 action items, 1,000 events and 200 countries. Floor of each command, timed just before it in",
        "the same round: the one SQL query that answers it (the rows it shows, or its one insert or update, rolled",
        "in one transaction through the same engine, with no bot code; `!help` has no query of its own, so",
        "its floor is a one-row read by primary key. Goal: every command's p99 ≤ 10 ms. *First*: the first time",
        "each command ran after start (cold caches; the first question loads the language detector's models),",
        "not counted in p50 and p99.",
        "",
        table(figures),
        "",
        *verdicts(figures),
    ])


def verdicts(figures) -> list[str]:
    lines = []
    for db_name, rows in figures.items():
        over = [c for c in COMMANDS if rows[c]["p99"] > 10]
        lines.append(f"- {db_name}: p99 ≤ 10 ms for {len(COMMANDS) - len(over)} of {len(COMMANDS)} commands; "
                     + ("goal met." if not over else "goal NOT met for " + ", ".join(f"`{c}`" for c in over) + "."))
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=200)
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    args = parser.parse_args()
    print(table(asyncio.run(run(args.rounds, args.postgres))))


if __name__ == "__main__":
    main()
