"""config.example.toml documents every setting, each with a comment, and loads as it is."""

from __future__ import annotations

import tomllib
from pathlib import Path

from pydantic import BaseModel

from bot.settings import Settings, load_settings, secret_keys

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"


def setting_paths(model: type[BaseModel], prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = []
    for name, field in model.model_fields.items():
        kind = field.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            paths.extend(setting_paths(kind, (*prefix, name)))
        else:
            paths.append((*prefix, name))
    return paths


def key_lines(lines: list[str]) -> dict[tuple[str, ...], int]:
    """(section…, key) → the line it is set on."""
    where, section = {}, ()
    for number, line in enumerate(lines):
        text = line.strip()
        if text.startswith("[") and text.endswith("]"):
            section = tuple(text[1:-1].split("."))
        elif "=" in text and not text.startswith("#"):
            where[(*section, text.split("=")[0].strip())] = number
    return where


def test_every_setting_is_in_the_example_with_a_comment():
    data = tomllib.loads(EXAMPLE.read_text())
    lines = EXAMPLE.read_text().splitlines()
    where = key_lines(lines)
    missing, uncommented = [], []
    secrets = secret_keys()
    for path in setting_paths(Settings):
        if path[-2:] in secrets or (len(path) == 2 and path in secrets):
            continue
        node = data
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            missing.append(".".join(path))
            continue
        index = where[path]
        if index == 0 or not lines[index - 1].lstrip().startswith("#"):
            uncommented.append(".".join(path))
    assert not missing, f"settings missing from config.example.toml: {missing}"
    assert not uncommented, f"settings without a comment in config.example.toml: {uncommented}"


def test_the_example_loads_as_it_is():
    settings = load_settings(EXAMPLE)
    assert settings.bot.timezone == "Europe/Zurich"


def test_the_secrets_are_the_tokens_and_passwords_the_readme_sets_in_the_environment():
    # the README's install steps export these; none may be read from config.toml
    readme = (EXAMPLE.parent / "README.md").read_text()
    for section, key in [("slack", "bot_token"), ("slack", "app_token"), ("slack", "signing_secret"),
                         ("matrix", "password"), ("matrix", "access_token")]:
        assert (section, key) in secret_keys(), (section, key)
        assert f"ALLIANCE_BOT_{section.upper()}__{key.upper()}" in readme, (section, key)
