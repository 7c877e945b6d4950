"""Logging: one line per event, tagged with the message's correlation id,
plain text or JSON lines, and secrets never written.

``BotApp.handle`` sets :data:`correlation_id` for the message it handles, so
every line logged while handling it (by the bot or by a library) carries the id.
Redaction happens in the formatter, on the finished line, so it also covers
exception text and log calls made by third-party libraries.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import TextIO

from pydantic import SecretStr

correlation_id: ContextVar[str] = ContextVar("correlation_id", default="-")

REDACTED = "[redacted]"
# Slack bot/user/app tokens, Matrix access tokens, passwords in URLs, bearer headers.
TOKEN_PATTERNS = re.compile(
    r"xox[abposre]-[A-Za-z0-9-]+"
    r"|xapp-[A-Za-z0-9-]+"
    r"|syt_[A-Za-z0-9_-]+"
    r"|(?<=[Bb]earer )[A-Za-z0-9._~+/=-]{8,}"
    r"|(?<=://)([^:/@\s]+):[^@/\s]+(?=@)"
)
MIN_SECRET_LENGTH = 6  # shorter values would blank out ordinary words
# attributes every LogRecord has; anything else came in through ``extra=``
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "correlation_id", "taskName"}


class Redactor:
    """Replaces known secret values and anything shaped like a token."""

    def __init__(self, secrets: Iterable[str | SecretStr | None] = ()) -> None:
        values = {s.get_secret_value() if isinstance(s, SecretStr) else s for s in secrets}
        self.values = sorted((v for v in values if v and len(v) >= MIN_SECRET_LENGTH), key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for value in self.values:
            text = text.replace(value, REDACTED)
        return TOKEN_PATTERNS.sub(self._token, text)

    @staticmethod
    def _token(match: re.Match) -> str:
        if match.group(1):  # user:password@ in a URL keeps the user
            return f"{match.group(1)}:{REDACTED}"
        return REDACTED


class CorrelationFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        record.correlation_id = correlation_id.get()
        return True


def _one_line(text: str) -> str:
    """Keep a message on one line, so user text cannot forge log lines."""
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n")


class TextFormatter(logging.Formatter):
    """``2026-11-24T09:00:00.123Z INFO alliance_bot [c0ffee] handled …``; a traceback follows
    on indented continuation lines, so every line starting at column 0 is one event."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        line = (f"{_timestamp(record)} {record.levelname} {record.name} "
                f"[{getattr(record, 'correlation_id', '-')}] {_one_line(record.getMessage())}")
        if record.exc_info:
            trace = self.formatException(record.exc_info)
            line += "\n" + "\n".join("    " + t for t in trace.splitlines())
        return self.redactor(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: ts, level, logger, correlation_id, message, extras, exception."""

    def __init__(self, redactor: Redactor) -> None:
        super().__init__()
        self.redactor = redactor

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, object] = {
            "ts": _timestamp(record),
            "level": record.levelname,
            "logger": record.name,
            "correlation_id": getattr(record, "correlation_id", "-"),
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["exception"] = self.formatException(record.exc_info)
        return self.redactor(json.dumps(data, ensure_ascii=False, default=str))


def _timestamp(record: logging.LogRecord) -> str:
    return datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def setup_logging(level: str = "WARNING", fmt: str = "text", *, secrets: Iterable[str | SecretStr | None] = (),
                  stream: TextIO | None = None) -> logging.Handler:
    """Send every logger's records to one handler on ``stream`` (stderr)."""
    handler = logging.StreamHandler(stream or sys.stderr)
    redactor = Redactor(secrets)
    handler.setFormatter(JsonFormatter(redactor) if fmt == "json" else TextFormatter(redactor))
    handler.addFilter(CorrelationFilter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    return handler


def settings_secrets(settings) -> list[SecretStr | str | None]:
    """Every secret value in the settings, and the database URL's password."""
    from sqlalchemy.engine import make_url

    from bot.platforms import platforms

    values: list[SecretStr | str | None] = [value for platform in platforms().values()
                                            for value in platform.secrets(settings)]
    try:
        values.append(make_url(settings.database_url).password)
    except Exception:
        pass
    return values
