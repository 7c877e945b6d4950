"""Settings: ``config.toml`` overridden by ``ALLIANCE_BOT_…`` environment variables.

Secrets (tokens, passwords, signing secrets) are read from the environment only;
a secret found in the TOML file is a configuration error.
"""

from __future__ import annotations

import os
import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

CONFIG_ENV = "ALLIANCE_BOT_CONFIG"


Port = Annotated[int, Field(ge=0, le=65535)]
NonNegative = Annotated[int, Field(ge=0)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


def _check_zone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Europe/Zurich)")
    return value


class BotSection(Section):
    timezone: str = "Europe/Zurich"
    locale: Literal["en", "fr", "es"] = "en"
    command_prefix: str = "!"
    admins: list[str] = Field(default_factory=list)
    data_dir: Path = Path("data")
    max_text_length: int = Field(default=2000, ge=1)

    _zone = field_validator("timezone")(_check_zone)


# the URLs people write, mapped to the async drivers the bot uses
_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg", "postgres": "postgresql+asyncpg",
            "postgresql+psycopg2": "postgresql+asyncpg", "postgresql+psycopg": "postgresql+asyncpg"}


def database_url_for_the_bot(url: str) -> str:
    """``sqlite:///x.db``, ``postgresql://…`` and ``postgres://…`` as the async URLs the bot opens."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        raise ValueError(f"not a database URL {url!r} (e.g. sqlite:///data/bot.db or postgresql://user@host/db)")
    scheme = _DRIVERS.get(scheme.lower(), scheme)
    if scheme not in ("sqlite+aiosqlite", "postgresql+asyncpg"):
        raise ValueError(f"unsupported database {url.partition('://')[0]!r} (use sqlite:/// or postgresql://)")
    return f"{scheme}://{rest}"


class DatabaseSection(Section):
    url: str = ""  # empty: SQLite file in data_dir
    echo: bool = False

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        return database_url_for_the_bot(value.strip()) if value.strip() else ""


class SlackCommandNames(Section):
    action: str = "/action"
    event: str = "/event"
    pathfinder: str = "/pathfinder"
    help: str = "/a87help"
    remind: str = "/a87remind"
    digest: str = "/digest"
    lang: str = "/a87lang"
    tz: str = "/a87tz"
    ask: str = "/ask"
    observance: str = "/observance"
    resource: str = "/resource"
    campaign: str = "/campaign"
    highlight: str = "/highlight"
    champion: str = "/champion"
    meeting: str = "/meeting"
    poll: str = "/poll"
    survey: str = "/survey"
    dashboard: str = "/dashboard"
    profile: str = "/profile"
    people: str = "/people"
    welcome: str = "/welcome"
    intros: str = "/intros"


class SlackSection(Section):
    enabled: bool = False
    mode: Literal["socket", "http"] = "socket"
    http_host: str = "127.0.0.1"
    http_port: Port = 3000
    api_base_url: str = "https://slack.com/api/"
    http_path: str = "/slack/events"
    api_timeout_seconds: float = 10.0
    user_cache_seconds: int = 3600
    commands: SlackCommandNames = Field(default_factory=SlackCommandNames)
    bot_token: SecretStr | None = None
    app_token: SecretStr | None = None
    signing_secret: SecretStr | None = None


class MatrixSection(Section):
    enabled: bool = False
    homeserver: str = ""
    user_id: str = ""
    device_name: str = "alliance-bot"
    allowed_inviters: list[str] = Field(default_factory=list)
    max_command_age_seconds: int = 600
    moderators_are_admins: bool = False
    allow_room_mentions: bool = False
    encryption: bool = True
    undecryptable_notice_minutes: int = Field(default=60, ge=1, le=10080)
    device_id: str = ""
    password: SecretStr | None = None
    access_token: SecretStr | None = None

    @field_validator("device_id")
    @classmethod
    def _device(cls, value: str) -> str:
        value = value.strip()
        if len(value) > 255 or any(c.isspace() for c in value):
            raise ValueError(f"not a Matrix device id {value!r} (e.g. ABCDEFGHIJ, as the login that made the "
                             "access token reported it)")
        return value


def _check_time(value: str) -> str:
    hour, _, minute = value.partition(":")
    if not (hour.isdigit() and minute.isdigit() and int(hour) < 24 and int(minute) < 60 and len(minute) == 2):
        raise ValueError(f"not a time of day {value!r} (use HH:MM, e.g. 09:00)")
    return f"{int(hour):02d}:{minute}"


class SchedulerSection(Section):
    enabled: bool = True
    grace_period_seconds: int = Field(default=3600, ge=0)
    poll_interval_seconds: int = Field(default=30, ge=1)
    notice_time: str = "09:00"
    observance_lead_days: list[NonNegative] = Field(default_factory=lambda: [7, 0])
    event_lead_hours: int = Field(default=24, ge=0)
    nudge_days_before: list[NonNegative] = Field(default_factory=lambda: [3])
    nudge_overdue: bool = True
    digest_day: int = Field(default=0, ge=0, le=6)
    digest_time: str = "09:00"
    quiet_digest: Literal["line", "skip"] = "line"
    catch_up_days: int = Field(default=30, ge=1)
    lease_seconds: int = Field(default=120, ge=1)
    batch_size: int = Field(default=500, ge=1, le=5000)
    max_attempts: int = Field(default=5, ge=1)
    reminder_min_interval_minutes: int = Field(default=60, ge=1, le=1440)
    max_active_reminders: int = Field(default=25, ge=1, le=1000)

    _times = field_validator("notice_time", "digest_time")(_check_time)


class WebSection(Section):
    enabled: bool = False
    host: str = "127.0.0.1"
    port: Port = 8087
    base_url: str = ""  # public address of the web endpoint, e.g. https://bot.example.org


class DashboardSection(Section):
    public: bool = False
    show_people: bool = False


class CommunitySection(Section):
    intro_day: int = Field(default=1, ge=0, le=28)
    follow_up_days: int = Field(default=3, ge=0, le=60)


class CalendarSection(Section):
    allowed_hosts: list[str] = Field(default_factory=list)

    @field_validator("allowed_hosts")
    @classmethod
    def _hosts(cls, value: list[str]) -> list[str]:
        for host in value:
            if not re.fullmatch(r"[A-Za-z0-9.\-]+|[0-9A-Fa-f:.]+", host.strip()):
                raise ValueError(f"not a host name or address {host!r} (e.g. calendar.example.org or 10.0.0.5)")
        return [host.strip().lower().rstrip(".") for host in value]


class OpsSection(Section):
    enabled: bool = True
    http_host: str = "127.0.0.1"
    http_port: Port = 9187
    log_format: Literal["text", "json"] = "text"
    health_timeout_seconds: float = Field(default=2.0, gt=0)
    shutdown_timeout_seconds: float = Field(default=30.0, gt=0)
    leader_check_seconds: float = Field(default=2.0, gt=0, le=60)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ALLIANCE_BOT_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    bot: BotSection = Field(default_factory=BotSection)
    database: DatabaseSection = Field(default_factory=DatabaseSection)
    slack: SlackSection = Field(default_factory=SlackSection)
    matrix: MatrixSection = Field(default_factory=MatrixSection)
    scheduler: SchedulerSection = Field(default_factory=SchedulerSection)
    web: WebSection = Field(default_factory=WebSection)
    dashboard: DashboardSection = Field(default_factory=DashboardSection)
    community: CommunitySection = Field(default_factory=CommunitySection)
    calendar: CalendarSection = Field(default_factory=CalendarSection)
    ops: OpsSection = Field(default_factory=OpsSection)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # init > environment > TOML file (the file is set by ``load_settings``)
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def database_url(self) -> str:
        if self.database.url:
            return self.database.url
        return f"sqlite+aiosqlite:///{(self.bot.data_dir / 'alliance-bot.db').as_posix()}"

    def is_admin(self, user_id: str) -> bool:
        return user_id in self.bot.admins


def _has_password(url: str) -> bool:
    try:
        return bool(urlsplit(url).password)
    except ValueError:
        return ":" in url.partition("@")[0].rpartition("//")[2] if "@" in url else False


class ConfigError(Exception):
    """Invalid configuration; the message names the key."""


def load_settings(config_path: str | os.PathLike | None = None, **overrides: Any) -> Settings:
    """Load settings from a TOML file (optional) and the environment.

    Raises ``ConfigError`` with one message naming the offending key.
    """
    path_text = config_path or os.environ.get(CONFIG_ENV)
    path = Path(path_text) if path_text else None
    if path is not None:
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        for section, key in sorted(secret_keys()):
            if key in data.get(section, {}):
                env = f"ALLIANCE_BOT_{section.upper()}__{key.upper()}"
                raise ConfigError(
                    f"{section}.{key}: secrets are read from the environment only; "
                    f"remove it from {path} and set {env}"
                )
        url = data.get("database", {}).get("url")
        if isinstance(url, str) and _has_password(url):
            raise ConfigError(
                f"database.url: a password in the URL is a secret, read from the environment only; "
                f"remove it from {path} and set ALLIANCE_BOT_DATABASE__URL"
            )
    settings_cls: type[Settings] = Settings
    if path is not None:
        settings_cls = type(
            "FileSettings", (Settings,), {"model_config": {**Settings.model_config, "toml_file": path}}
        )
    try:
        return settings_cls(**overrides)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"]) or "(top level)"
        raise ConfigError(f"{key}: {err['msg']}") from None


def secret_keys() -> set[tuple[str, str]]:
    """The settings read from the environment only, as (section, key): every field typed ``SecretStr``,
    so a platform's section declares its secrets by their type and nothing else lists them."""
    keys = set()
    for section, field in Settings.model_fields.items():
        model = field.annotation
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            continue
        for key, inner in model.model_fields.items():
            if inner.annotation is SecretStr or SecretStr in get_args(inner.annotation):
                keys.add((section, key))
    return keys
