"""Settings that make no sense are refused with the key named, never accepted silently."""

from __future__ import annotations

import pytest

from bot.settings import ConfigError, load_settings


@pytest.mark.parametrize(("toml", "key"), [
    ("[web]\nport = 99999\n", "web.port"),
    ("[web]\nport = -1\n", "web.port"),
    ("[slack]\nhttp_port = 70000\n", "slack.http_port"),
    ("[ops]\nhttp_port = 65536\n", "ops.http_port"),
    ("[scheduler]\nobservance_lead_days = [-3]\n", "scheduler.observance_lead_days"),
    ("[scheduler]\nnudge_days_before = [-1]\n", "scheduler.nudge_days_before"),
    ("[bot]\nmax_text_length = -5\n", "bot.max_text_length"),
    ("[bot]\nmax_text_length = 0\n", "bot.max_text_length"),
])
def test_out_of_range_values_are_refused_by_key(tmp_path, monkeypatch, toml, key):
    for name in list(__import__("os").environ):
        if name.startswith("ALLIANCE_BOT_"):
            monkeypatch.delenv(name)
    path = tmp_path / "config.toml"
    path.write_text(toml)
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    assert str(caught.value).startswith(key)


def test_a_password_in_the_database_url_in_the_file_is_refused_like_a_secret(tmp_path, monkeypatch):
    for name in list(__import__("os").environ):
        if name.startswith("ALLIANCE_BOT_"):
            monkeypatch.delenv(name)
    path = tmp_path / "config.toml"
    path.write_text('[database]\nurl = "postgresql+asyncpg://bot:hunter2@db.example.org/alliance"\n')
    with pytest.raises(ConfigError) as caught:
        load_settings(path)
    message = str(caught.value)
    assert message.startswith("database.url") and "ALLIANCE_BOT_DATABASE__URL" in message
    assert "hunter2" not in message
    # without a password the file may hold the URL; from the environment a password is fine
    path.write_text('[database]\nurl = "postgresql+asyncpg://bot@db.example.org/alliance"\n')
    assert load_settings(path).database.url.endswith("/alliance")
    monkeypatch.setenv("ALLIANCE_BOT_DATABASE__URL", "postgresql+asyncpg://bot:pw@db.example.org/alliance")
    path.write_text("")
    assert load_settings(path).database.url.endswith("/alliance")
