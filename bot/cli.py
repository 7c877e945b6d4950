"""The ``alliance-bot`` command line."""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import sys
from pathlib import Path

from bot.logging_setup import settings_secrets, setup_logging
from bot.settings import ConfigError, Settings, load_settings

EXIT_CONFIG = 2
EXIT_DATABASE = 1


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="alliance-bot", description="The Alliance 8.7 community bot.")
    p.add_argument("--config", help="path to config.toml (default: $ALLIANCE_BOT_CONFIG)")
    p.add_argument("--log-level", default="WARNING", help="DEBUG, INFO, WARNING (default) or ERROR")
    sub = p.add_subparsers(dest="command", required=True)

    sub.add_parser("run", help="start every configured platform (the console when none is)")

    c = sub.add_parser("console", help="talk to the bot in this terminal")
    c.add_argument("--db", help="database URL (default: from config)")
    c.add_argument("--as", dest="as_user", default="you", help="your user name (default: you)")
    c.add_argument("--channel", metavar="NAME",
                   help="talk in the shared conversation NAME (default: your own direct conversation)")
    c.add_argument("--admin", action="store_true", help="act as an admin")
    c.add_argument("--jsonl", action="store_true", help="one JSON object per input line")

    s = sub.add_parser("seed", help="load the reference data (idempotent)")
    s.add_argument("--meeting-report", action="store_true",
                   help="also load the historical events and action items of the GCG4 meeting report")

    d = sub.add_parser("db", help="database maintenance")
    d.add_argument("action", choices=["upgrade", "current"])

    e = sub.add_parser("export", help="write the whole database as JSON")
    e.add_argument("file", nargs="?", default="-", help="output file (default: stdout)")
    i = sub.add_parser("import", help="read a JSON export into an empty database")
    i.add_argument("file", help="the export to read")

    sub.add_parser("doctor", help="check configuration, tokens, database and connectivity, and say what to fix")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command == "run":
        # Starting makes about 130,000 objects that live as long as the process, and almost no garbage;
        # collecting while they are made costs a quarter of the start. The runner freezes them and turns
        # collection back on before it connects (bot.runner.collect_from_here).
        gc.disable()
    else:
        gc.enable()
    try:
        return _main(args)
    finally:
        gc.enable()


def _main(args: argparse.Namespace) -> int:
    setup_logging(args.log_level)
    try:
        settings = load_settings(args.config)
        if args.command == "console" and (args.db or args.admin):
            data = settings.model_dump()
            if args.db:
                data["database"]["url"] = args.db
            if args.admin:
                data["bot"]["admins"] = [*data["bot"]["admins"], f"console:{args.as_user}"]
            settings = Settings.model_validate(data)
    except ConfigError as exc:
        if args.command == "doctor":
            from bot.doctor import report_config_error

            return report_config_error(exc)
        print(f"alliance-bot: configuration error: {exc}", file=sys.stderr)
        return EXIT_CONFIG
    setup_logging(args.log_level, settings.ops.log_format, secrets=settings_secrets(settings))
    try:
        return asyncio.run(COMMANDS[args.command](settings, args))
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        from bot.database_errors import describe, is_database_error

        if not is_database_error(exc):
            raise
        print(f"alliance-bot: {describe(exc, settings.database_url)}", file=sys.stderr)
        return EXIT_DATABASE


async def _console(settings: Settings, args) -> int:
    from bot.adapters.console import ConsoleAdapter
    from bot.app import BotApp

    from bot.runner import start_background, stop_background

    app = BotApp(settings)
    background = (None, None)
    try:
        await app.start()
        for stream in (sys.stdin, sys.stdout):  # bytes that are not UTF-8 are read and written as U+FFFD
            if hasattr(stream, "reconfigure"):
                stream.reconfigure(errors="replace")
        adapter = ConsoleAdapter(user=args.as_user, channel=args.channel, jsonl=args.jsonl, i18n=app.i18n,
                                 files_dir=settings.bot.data_dir / "files")
        app.adapters = {adapter.platform: adapter}
        background = await start_background(app)  # reminders set here are posted here
        if sys.stdin.isatty() and not args.jsonl:
            print(app.i18n.get(settings.bot.locale).t(
                "Alliance 8.7 bot — type {help}, ask a question, or Ctrl-D to leave.",
                help=f"{settings.bot.command_prefix}help") + "\n")
        await adapter.run(app.handle)
    finally:
        await stop_background(*background)
        await app.close()
    return 0


async def _run(settings: Settings, args) -> int:
    from bot.runner import run

    return await run(settings)


async def _seed(settings: Settings, args) -> int:
    from bot.app import BotApp
    from storage import db, seed

    app = BotApp(settings)
    try:
        await app.start(seed_reference=False)
        async with db.startup_lock(app.engine), app.sessions.begin() as session:
            added = await seed.apply_reference(session)
            if args.meeting_report:
                report = await seed.apply_meeting_report(session)
                added = {**added, **report, "corrected": added["corrected"] + report["corrected"]}
        corrected = added.pop("corrected")
        print(", ".join(f"{n} {k.replace('_', ' ')} added" for k, n in added.items())
              + f"; {corrected} field(s) of existing rows corrected")
    finally:
        await app.close()
    return 0


async def _db(settings: Settings, args) -> int:
    from storage import db

    engine = db.create_engine(settings.database_url)
    try:
        if args.action == "upgrade":
            async with db.startup_lock(engine):
                await db.upgrade(engine)
        print(await db.current_revision(engine) or "(empty database)")
    finally:
        await engine.dispose()
    return 0


async def _export(settings: Settings, args) -> int:
    from bot.app import BotApp
    from storage import transfer

    app = BotApp(settings)
    try:
        await app.start(seed_reference=False)
        async with app.sessions() as session:
            data = await transfer.export_all(session)
    finally:
        await app.close()
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
    if args.file == "-":
        print(text)
    else:
        try:
            Path(args.file).write_text(text + "\n", encoding="utf-8")
        except OSError as exc:
            print(f"alliance-bot: cannot write {args.file}: {exc.strerror or exc}", file=sys.stderr)
            return 1
    return 0


async def _import(settings: Settings, args) -> int:
    from bot.app import BotApp
    from storage import transfer

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        print(f"alliance-bot: cannot read {args.file}: {exc}", file=sys.stderr)
        return 1
    app = BotApp(settings)
    try:
        await app.start(seed_reference=False)
        try:
            async with app.sessions.begin() as session:
                counts = await transfer.import_all(session, data)
        except transfer.ImportError_ as exc:
            print(f"alliance-bot: {exc}", file=sys.stderr)
            return 1
        print(", ".join(f"{n} {t}" for t, n in counts.items() if n))
    finally:
        await app.close()
    return 0


async def _doctor(settings: Settings, args) -> int:
    from bot.doctor import doctor

    return await doctor(settings, config_path=args.config)


COMMANDS = {
    "run": _run,
    "console": _console,
    "seed": _seed,
    "db": _db,
    "export": _export,
    "import": _import,
    "doctor": _doctor,
}
