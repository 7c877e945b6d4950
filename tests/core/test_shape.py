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
