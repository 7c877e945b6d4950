"""``alliance-bot doctor`` says what is wrong and what to do about it."""

from __future__ import annotations

import io

from bot.doctor import doctor
from bot.settings import Settings
from tests.core.test_cli import run
from tests.slack.fake_slack import FakeSlack


def test_a_healthy_setup_passes_and_exits_0(tmp_path):
    env = {"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/ok.db"}
    assert run("db", "upgrade", env=env).returncode == 0
    result = run("doctor", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK    database" in result.stdout and "All checks passed." in result.stdout


def test_an_unreachable_database_fails_with_what_to_fix():
    result = run("doctor", env={"ALLIANCE_BOT_DATABASE__URL": "postgresql+asyncpg://bot:s3cret@127.0.0.1:1/alliance"})
    assert result.returncode == 1
    assert "FAIL  database" in result.stdout and "no database server answers at 127.0.0.1:1" in result.stdout
    assert "postgresql+asyncpg://bot:***@127.0.0.1:1" in result.stdout
    assert "fix: check [database] url" in result.stdout
    assert "s3cret" not in result.stdout + result.stderr


def test_a_database_behind_the_newest_migration_says_upgrade(tmp_path):
    import asyncio

    from storage import db

    env = {"ALLIANCE_BOT_DATABASE__URL": f"sqlite+aiosqlite:///{tmp_path}/old.db"}
    missing = run("doctor", env=env)  # a fresh install: the file is made on the first start
    assert missing.returncode == 0 and "does not exist yet" in missing.stdout
    assert not (tmp_path / "old.db").exists()  # the doctor looks, it does not create

    async def migrate_to_an_older_revision():
        engine = db.create_engine(env["ALLIANCE_BOT_DATABASE__URL"])
        try:
            await db.upgrade(engine, "0004_scheduler")
        finally:
            await engine.dispose()

    asyncio.run(migrate_to_an_older_revision())
    behind = run("doctor", env=env)
    assert behind.returncode == 1 and "fix: run `alliance-bot db upgrade`" in behind.stdout


def test_a_bad_config_is_a_failed_check_not_a_crash(tmp_path):
    config = tmp_path / "config.toml"
    config.write_text('[ops]\nlog_format = "xml"\n')
    result = run("--config", str(config), "doctor")
    assert result.returncode == 1
    assert "FAIL  config" in result.stdout and "ops.log_format" in result.stdout and "Traceback" not in result.stderr


def slack_settings(tmp_path, fake: FakeSlack, **slack) -> Settings:
    return Settings.model_validate({
        "bot": {"data_dir": str(tmp_path)},
        "database": {"url": f"sqlite+aiosqlite:///{tmp_path}/bot.db"},
        "slack": {"enabled": True, "api_base_url": fake.api_base_url, **slack},
    })


async def doctor_says(settings: Settings) -> tuple[int, str]:
    from bot.app import BotApp

    app = BotApp(settings)
    await app.start(seed_reference=False)
    await app.close()
    out = io.StringIO()
    code = await doctor(settings, out=out)
    return code, out.getvalue()


async def test_slack_tokens_are_checked_against_slack(tmp_path):
    async with FakeSlack() as fake:
        good = slack_settings(tmp_path, fake, bot_token="xoxb-good-token", app_token="xapp-1-good")
        code, text = await doctor_says(good)
        assert code == 0, text
        assert "OK    slack bot token  auth.test ok: alliance-bot (UBOT) in Fake Workspace" in text
        assert "OK    slack app token  apps.connections.open ok" in text

        fake.revoke("xoxb-revoked-token")
        revoked = slack_settings(tmp_path, fake, bot_token="xoxb-revoked-token", app_token="xoxb-not-an-app-token")
        code, text = await doctor_says(revoked)
        assert code == 1
        assert "auth.test failed: token_revoked" in text and "fix: the token was revoked: reinstall" in text
        assert "ALLIANCE_BOT_SLACK__APP_TOKEN is not an app-level token" in text

        missing = slack_settings(tmp_path, fake, mode="http")
        code, text = await doctor_says(missing)
        assert code == 1
        assert "ALLIANCE_BOT_SLACK__BOT_TOKEN is not set" in text
        assert "ALLIANCE_BOT_SLACK__SIGNING_SECRET is not set" in text
        assert "xoxb-good-token" not in text


async def test_slack_unreachable(tmp_path):
    async with FakeSlack() as fake:
        settings = slack_settings(tmp_path, fake, bot_token="xoxb-good-token", app_token="xapp-1-good")
    code, text = await doctor_says(settings)  # the fake has stopped: nothing listens there now
    assert code == 1
    assert f"cannot reach {fake.api_base_url}" in text and "fix: check the network" in text
