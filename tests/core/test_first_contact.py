"""What a member can type must not hurt others, and a typo must get an answer, not a traceback:
owners that are not people, links that are not web addresses, control characters, odd time zones,
the console's conversations."""

from __future__ import annotations

import json
import os

import pytest

from sqlalchemy import select

from storage import db
from storage.models import ActionItem, CalendarEvent
from tests.core.test_cli import run

INSERT_ITEM = ("INSERT INTO action_item (text, due_precision, status, created_by, created_platform, created_channel, "
               "source_link, created_at, updated_at) VALUES (?, 'day', 'open', 'console:x', 'console', 'console:@you', "
               "'', '2026-11-24 09:00:00', '2026-11-24 09:00:00')")
HOSTILE_OWNER = "@x> <!channel> <https://evil.example|click>"


async def items(chat) -> list[ActionItem]:
    async with chat.app.sessions() as session:
        return list(await session.scalars(select(ActionItem)))


async def test_an_owner_that_is_not_a_person_is_refused_and_nothing_is_recorded(chat):
    for platform in ("console", "slack", "matrix"):
        chat.platform, chat.channel = platform, f"{platform}:general"
        for text in (f"!action add Share the toolkit owner {HOSTILE_OWNER}",
                     # what Slack sends for it (text escaped by Slack, then unescaped by the adapter)
                     "!action add Share the toolkit owner @x&gt; &lt;!channel&gt; &lt;https://evil.example|click&gt;"):
            reply = await chat.say(text)
            assert "is not a person I can mention" in reply, (platform, reply)
    assert await items(chat) == []


async def test_assign_refuses_a_forged_owner_and_keeps_the_old_ones(chat):
    await chat.say("!action add Share the toolkit owner UNICEF")
    reply = await chat.say(f"!action assign A1 {HOSTILE_OWNER}")
    assert "is not a person I can mention" in reply
    shown = await chat.say("!action show A1")
    assert "UNICEF" in shown and "evil.example" not in shown


async def test_real_people_and_organisations_are_still_owners(chat):
    chat.platform, chat.channel = "slack", "slack:C1"
    reply = await chat.say("!action add Send it owner <@U0BEN|ben>, <!channel> Org")
    assert "A1 recorded" in reply
    [item] = await items(chat)
    owners = {(o.owner, o.is_person) for o in item.owners}
    assert owners == {("slack:U0BEN", True), ("<!channel> Org", False)}  # an organisation is text
    assert "is not a person I can mention" in await chat.say("!action add Typed owner @ben")  # not picked
    chat.platform, chat.channel = "matrix", "matrix:!r:example.org"
    assert "recorded" in await chat.say("!action add Matrix one owner @bob:example.org")
    assert "is not a person I can mention" in await chat.say("!action add Matrix two owner @bob")


async def test_every_link_is_an_http_address(chat):
    await chat.say("!event add Board call on 14 May 2027")
    for bad in ("javascript:alert(1)", "data:text/html,x", "ftp://example.org/x", "mailto:a@example.org",
                "https://", "http://exa mple.org", "vbscript:msgbox(1)"):
        reply = await chat.say(f"!event edit E1 link {bad}")
        assert "is not a web address" in reply, bad
        reply = await chat.say(f"!observance add 3 March Test day link {bad}", as_user="admin")
        assert "is not a web address" in reply, bad
    async with chat.app.sessions() as session:
        assert (await session.scalar(select(CalendarEvent.link))) == ""
    assert "E1 updated" in await chat.say("!event edit E1 link https://example.org/board")
    assert "added" in (await chat.say("!observance add 3 March Test day link https://example.org/d",
                                      as_user="admin")).lower()


async def test_control_characters_are_refused_on_input(chat):
    for text in ("!action add Hello\x00world", "!action add Title \x1b]0;owned\x07", "!event add A\x08B on 1 May 2027",
                 "what is \x1b[2J the status of Nepal?", "!tz Europe/Zurich\x00",
                 "!action add caf\udce9 plan"):  # a lone surrogate: undecodable bytes, or JSON "\udce9"
        reply = await chat.say(text)
        assert "control character" in reply and "nothing was changed" in reply, (text, reply)
    assert await items(chat) == []
    assert "A1 recorded" in await chat.say("!action add Tabs\tand\nnewlines are fine")


async def test_a_very_long_time_zone_says_what_is_wrong(chat):
    for value in ("x" * 1000, "Europe/" + "y" * 1000, "a/" * 500, "../" * 300):
        reply = await chat.say(f"!tz {value}")
        assert "is not a time zone I know" in reply and "database" not in reply, reply[:200]
        reply = await chat.say(f"!tz here {value}")
        assert "is not a time zone I know" in reply and "database" not in reply, reply[:200]


def test_the_plain_console_never_prints_control_characters(tmp_path):
    db = f"sqlite+aiosqlite:///{tmp_path}/c.db"
    # stored before input was checked: put it straight into the database
    assert run("db", "upgrade", env={"ALLIANCE_BOT_DATABASE__URL": db}).returncode == 0
    import sqlite3

    with sqlite3.connect(tmp_path / "c.db") as conn:
        conn.execute(INSERT_ITEM, ("Retitle \x1b]0;owned\x07 and \x9b31m red \x00",))
    for extra in ([], ["--jsonl"]):
        result = run("console", "--db", db, *extra, stdin="!action show A1\n")
        assert result.returncode == 0, result.stderr
        assert "Retitle" in result.stdout
        assert not any(ord(c) < 32 and c not in "\n\t" or 0x7f <= ord(c) <= 0x9f for c in result.stdout), result.stdout


def test_an_export_holding_a_control_character_imports(tmp_path):
    db = f"sqlite+aiosqlite:///{tmp_path}/a.db"
    assert run("db", "upgrade", env={"ALLIANCE_BOT_DATABASE__URL": db}).returncode == 0
    import sqlite3

    with sqlite3.connect(tmp_path / "a.db") as conn:
        conn.execute(INSERT_ITEM, ("Nul\x00 and escape \x1b[31m",))
    exported = tmp_path / "export.json"
    assert run("export", str(exported), env={"ALLIANCE_BOT_DATABASE__URL": db}).returncode == 0
    assert "\\u0000" in exported.read_text()
    targets = [f"sqlite+aiosqlite:///{tmp_path}/b.db"]
    pg_name = None
    if os.environ.get("TEST_DATABASE_URL"):  # PostgreSQL cannot store a NUL at all
        import asyncio

        from tests.conftest import _create_pg_database

        pg, pg_name = asyncio.run(_create_pg_database())
        targets.append(pg)
    try:
        for target in targets:
            result = run("import", str(exported), env={"ALLIANCE_BOT_DATABASE__URL": target})
            assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
            shown = run("console", "--db", target, "--jsonl", stdin="!action show A1\n")
            assert "Nul and escape [31m" in json.loads(shown.stdout)["replies"][0]
    finally:
        if pg_name:
            import asyncio

            from tests.conftest import _drop_pg_database

            asyncio.run(_drop_pg_database(pg_name))


def test_invalid_utf8_on_stdin_is_read_with_replacement_and_jsonl_stays_valid(tmp_path):
    import os
    import subprocess
    import sys

    from tests.core.test_cli import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_BOT_")}
    result = subprocess.run(
        [sys.executable, "-m", "bot", "console", "--db", f"sqlite+aiosqlite:///{tmp_path}/c.db", "--jsonl"],
        input=b"!action add Caf\xe9 \xff\xfe plan\n!pathfinder Nepal\n\xc3\n", capture_output=True, env=env,
        cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert b"Traceback" not in result.stderr
    lines = result.stdout.decode("utf-8").splitlines()  # strict: every byte is valid UTF-8
    objects = [json.loads(line) for line in lines]
    assert len(objects) == 3
    assert "\ufffd" in objects[0]["input"] and "A1 recorded" in objects[0]["replies"][0]
    assert "Nepal" in objects[1]["replies"][0]
    assert all("Something went wrong" not in r for o in objects for r in o["replies"])


def test_each_console_user_has_their_own_conversation_unless_a_channel_is_named(tmp_path):
    db = f"sqlite+aiosqlite:///{tmp_path}/c.db"

    def say(user, text, *flags):
        result = run("console", "--db", db, "--as", user, "--jsonl", *flags, stdin=text + "\n")
        assert result.returncode == 0, result.stderr
        return " ".join(json.loads(result.stdout.splitlines()[-1])["replies"])

    assert "call the bank" in say("alice", "!remind me tomorrow 9:00 call the bank")
    assert "call the bank" in say("alice", "!remind list")
    assert "call the bank" not in say("bob", "!remind list")  # bob's own direct conversation
    # in a direct conversation a member sets its language; in a shared channel only an admin may
    assert "I post in French in this conversation" in say("bob", "!lang here fr")
    assert "Only an admin" in say("bob", "!lang here fr", "--channel", "general")
    assert "Only an admin" not in say("sam", "!lang here es", "--channel", "general", "--admin")
    # the two share #general: an action item listed there by one is seen there by the other
    say("bob", "!action add Shared agenda", "--channel", "general")
    assert "Shared agenda" in say("alice", "!action list all", "--channel", "general")


# ---------------------------------------------------------------- database URLs as people write them

def closed_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_plain_database_urls_are_accepted(tmp_path):
    result = run("console", "--db", f"sqlite:///{tmp_path}/plain.db", "--jsonl", stdin="!action add Plain URL\n")
    assert result.returncode == 0 and "A1 recorded" in result.stdout, result.stderr
    result = run("db", "current", env={"ALLIANCE_BOT_DATABASE__URL": f"sqlite:///{tmp_path}/plain.db"})
    assert result.returncode == 0 and result.stdout.strip() in db.script_heads(), result.stderr  # at the head


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL"), reason="needs TEST_DATABASE_URL")
def test_plain_postgresql_urls_are_accepted():
    import asyncio

    from tests.conftest import _create_pg_database, _drop_pg_database

    url, name = asyncio.run(_create_pg_database())
    try:
        rest = url.split("://", 1)[1]
        for scheme in ("postgresql", "postgres"):
            result = run("db", "upgrade", env={"ALLIANCE_BOT_DATABASE__URL": f"{scheme}://{rest}"})
            assert result.returncode == 0 and result.stdout.strip() in db.script_heads(), result.stderr  # at the head
    finally:
        asyncio.run(_drop_pg_database(name))


def failing_urls(tmp_path) -> dict[str, tuple[str, str]]:
    """name → (url, words the one line must contain)."""
    (tmp_path / "notes.db").write_text("these are my notes, not a database\n" * 50)
    (tmp_path / "a-file").write_text("x")
    found = {
        "not a database": (f"sqlite:///{tmp_path}/notes.db", "is not a SQLite database"),
        "unwritable path": (f"sqlite:///{tmp_path}/a-file/sub/bot.db", "writable"),
        "nobody listens": (f"postgresql://bot@127.0.0.1:{closed_port()}/alliance", "no database server answers"),
    }
    pg = os.environ.get("TEST_DATABASE_URL")
    if pg:
        rest = pg.split("://", 1)[1]
        host = rest.split("@", 1)[1].rsplit("/", 1)[0]
        found["wrong password"] = (f"postgresql://no_such_role_here:wrong@{host}/postgres", "user name or password")
        found["missing database"] = (f"postgresql://{rest.rsplit('/', 1)[0]}/no_such_database_here", "does not exist")
    return found


@pytest.mark.parametrize("command", [["db", "upgrade"], ["console"], ["run"], ["doctor"], ["seed"]])
def test_every_database_failure_is_one_line_that_says_what_to_do(tmp_path, command):
    for name, (url, words) in failing_urls(tmp_path).items():
        result = run(*command, stdin="", env={"ALLIANCE_BOT_DATABASE__URL": url, "ALLIANCE_BOT_OPS__HTTP_PORT": "0"})
        assert result.returncode != 0, (name, command)
        assert "Traceback" not in result.stderr + result.stdout, (name, command, result.stderr[-2000:])
        said = result.stderr if command != ["doctor"] else result.stdout
        assert words in said, (name, command, said)
        if command != ["doctor"]:
            assert len(result.stderr.strip().splitlines()) == 1, (name, result.stderr)
        assert "wrong" not in said.replace("wrong password", "")  # no password shown


def test_doctor_on_a_fresh_install_does_not_fail_for_a_missing_sqlite_file(tmp_path):
    result = run("doctor", env={"ALLIANCE_BOT_BOT__DATA_DIR": str(tmp_path / "data")})
    assert result.returncode == 0, result.stdout
    assert "does not exist yet" in result.stdout
    assert not (tmp_path / "data").exists()  # the doctor only looks


@pytest.mark.parametrize("here", ["here", "ici", "aquí", "aqui"])
async def test_here_is_the_conversation_in_every_language_for_the_time_zone(chat, here):
    reply = await chat.say(f"!tz {here} America/Bogota")
    assert "America/Bogota" in reply and "not a time zone" not in reply, reply
    assert "America/Bogota" in await chat.say("!tz")
