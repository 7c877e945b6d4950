"""The shape the architecture note asks for, checked on the source: queries live in storage/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# what code outside storage/ may take from SQLAlchemy: the session and engine types, its errors, and
# reading a database address; statements (select, update, text...) are built in storage/ only
ALLOWED = {"sqlalchemy.ext.asyncio", "sqlalchemy.exc", "sqlalchemy.engine"}


def sqlalchemy_imports(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "sqlalchemy":
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy")
    return found


def test_statements_are_built_in_storage_only():
    outside = [(str(path.relative_to(ROOT)), module)
               for folder in ("bot", "handlers") for path in sorted((ROOT / folder).rglob("*.py"))
               for module in sqlalchemy_imports(path) if module not in ALLOWED]
    assert outside == []


def test_the_check_sees_a_statement_import(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("from sqlalchemy import select\nimport sqlalchemy.orm\n", encoding="utf-8")
    assert sqlalchemy_imports(sample) == ["sqlalchemy", "sqlalchemy.orm"]


def imported_modules(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found.extend(a.name for a in node.names)
    return found


def test_adapters_know_no_domain_and_no_database():
    """An adapter talks to the bot through ``bot.adapters.Core``: no storage, no handler, no BotApp.
    (The doctor checks, run from the command line, read the database themselves.)"""
    adapters = [p for p in sorted((ROOT / "bot" / "adapters").rglob("*.py")) if p.name != "doctor.py"]
    reaching = [(str(p.relative_to(ROOT)), m) for p in adapters for m in imported_modules(p)
                if m.split(".")[0] in ("storage", "handlers") or m == "bot.app"]
    assert reaching == []


def platform_names_in(path: Path) -> list[tuple[int, str]]:
    """Where a module names a platform: "slack", "matrix:…" as a string, or ``settings.slack``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) \
                and node.value.partition(":")[0] in ("slack", "matrix"):
            found.append((node.lineno, node.value))
        elif isinstance(node, ast.Attribute) and node.attr in ("slack", "matrix"):
            found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            found.extend((node.lineno, n) for n in names if n.startswith(("bot.adapters.slack", "bot.adapters.matrix")))
    return sorted(found)


def test_only_a_platforms_folder_and_its_settings_name_it():
    """Adding a platform touches its folder in bot/adapters/, its settings section and the docs: the
    runner, the doctor, the log filter, person ids and handlers read its ``PLATFORM`` declaration."""
    outside = [(str(p.relative_to(ROOT)), line, name)
               for folder in ("bot", "handlers", "storage") for p in sorted((ROOT / folder).rglob("*.py"))
               if "adapters" not in p.parts and "migrations" not in p.parts and p != ROOT / "bot" / "settings.py"
               for line, name in platform_names_in(p)]
    assert outside == []


def test_the_platform_check_sees_a_platform_named(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('import bot.adapters.slack.adapter\nif platform == "matrix":\n    x = settings.slack\n'
                      'y = "slack:U1"\n', encoding="utf-8")
    assert platform_names_in(sample) == [(1, "bot.adapters.slack.adapter"), (2, "matrix"), (3, ".slack"),
                                         (4, "slack:U1")]


def test_every_platform_declares_itself():
    from bot.platforms import platforms

    assert set(platforms()) == {"console", "slack", "matrix"}
    assert platforms()["matrix"].workspace_of("@ana:example.org") == "matrix:example.org"
    assert platforms()["slack"].is_person("U123") and not platforms()["slack"].is_person("@ana")


def command_names_in(path: Path, names: set[str]) -> list[tuple[int, str]]:
    """Where a module names one of ``names`` as a string, except when it reads a payload's field
    (``user.get("tz")``, ``event["profile"]``) or compares a form field's kind (``field.kind == "people"``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reading = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get" and node.args:
            reading.add(id(node.args[0]))
        elif isinstance(node, ast.Subscript):
            reading.add(id(node.slice))
        elif isinstance(node, ast.Compare) and isinstance(node.left, ast.Attribute) and node.left.attr == "kind":
            reading.update(id(c) for c in node.comparators)
    return sorted((node.lineno, node.value) for node in ast.walk(tree)
                  if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in names
                  and id(node) not in reading)


def test_no_adapter_names_a_domain_command():
    """Forms, message actions, home sections and the question command are declared by the handlers
    (``bot.forms``, ``fallback(…, command=…)``) and drawn generically: no adapter names a command."""
    from bot.app import build_router

    router = build_router()
    names = {*router.commands, router.ask_command or "ask"}
    named = [(str(p.relative_to(ROOT)), *hit) for p in sorted((ROOT / "bot" / "adapters").rglob("*.py"))
             for hit in command_names_in(p, names)]
    assert named == []


def test_the_command_check_sees_a_command_named(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text('if name in ("action", "event"):\n    pass\nzone = user.get("tz")\nx = {"save": ("resource", "add")}\n',
                      encoding="utf-8")
    assert command_names_in(sample, {"action", "event", "tz", "resource"}) == [(1, "action"), (1, "event"),
                                                                               (4, "resource")]
