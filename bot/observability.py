"""Metrics and health, one set per app.

``Metrics`` owns its own ``CollectorRegistry`` (nothing is registered at module
level), so two apps in one process, or one app per test, never share counters.

Health: the bot is *live* while its event loop answers; it is *ready* when the
database answers ``SELECT 1`` within a short timeout and every running adapter
says it is connected. An adapter reports that through the optional
``ConnectionAware`` protocol below; one that does not implement it counts as
connected.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncEngine

from storage import db

if TYPE_CHECKING:
    from prometheus_client import CollectorRegistry, Counter, Histogram
    from prometheus_client.core import GaugeMetricFamily

    from bot.adapters import Adapter

OUTCOMES = ("ok", "usage_error", "denied", "db_unavailable", "error", "shutting_down")
LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0)


@runtime_checkable
class ConnectionAware(Protocol):
    """Optional for adapters: ``is_connected()`` says whether the platform link is up."""

    def is_connected(self) -> bool: ...


@runtime_checkable
class EncryptionAware(Protocol):
    """Optional for adapters: ``encryption_health()`` is a JSON-able dict with a ``status`` ("ok" or
    what is wrong); anything but "ok" makes the bot not ready."""

    def encryption_health(self) -> dict: ...


class _QueueDepths:
    """``alliance_bot_queue_depth{queue=...}``, read from callbacks at scrape time (a collector, as the
    registry reads one: anything with ``collect()``)."""

    def __init__(self) -> None:
        self.callbacks: dict[str, Callable[[], float]] = {}

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from prometheus_client.core import GaugeMetricFamily

        family = GaugeMetricFamily("alliance_bot_queue_depth", "Work waiting or in progress, by queue",
                                   labels=["queue"])
        for name, callback in sorted(self.callbacks.items()):
            try:
                family.add_metric([name], float(callback()))
            except Exception:  # a broken callback must not break the scrape
                continue
        yield family


class Metrics:
    """The bot's Prometheus metrics. One per ``BotApp``.

    prometheus_client is imported, and the series made, when the first is recorded or read (a command,
    a retry, a scrape of ``/metrics``): a process that has done none of these yet, such as a bot just
    started and ready, does without it (about 20 ms of its start and 1.4 MiB)."""

    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        self._registry = registry
        self._made = False
        self._queues = _QueueDepths()

    @property
    def registry(self) -> CollectorRegistry:
        return self._series()._registry_made

    def _series(self) -> Metrics:
        """This, with its series made (on first use)."""
        if self._made:
            return self
        from prometheus_client import CollectorRegistry, Counter, Histogram

        self._registry_made = self._registry or CollectorRegistry()
        self.commands = Counter(
            "alliance_bot_commands", "Messages handled, by command and outcome",
            ["command", "outcome"], registry=self._registry_made)
        self.latency = Histogram(
            "alliance_bot_handling_seconds", "Time to handle one message, by command",
            ["command"], buckets=LATENCY_BUCKETS, registry=self._registry_made)
        self.deliveries = Counter(
            "alliance_bot_deliveries", "Posts to a platform, by platform and outcome (ok, failed, duplicate)",
            ["platform", "outcome"], registry=self._registry_made)
        self.retries = Counter(
            "alliance_bot_retries", "Retried platform calls, by platform and reason",
            ["platform", "reason"], registry=self._registry_made)
        self.e2e_problems = Counter(
            "alliance_bot_e2e_problems",
            "End-to-end encryption problems, by platform and kind (key_upload_failed, undecryptable, store_lost)",
            ["platform", "kind"], registry=self._registry_made)
        self._registry_made.register(self._queues)  # type: ignore[arg-type]  # a collector: it has collect()
        self._made = True
        return self

    # recording ----------------------------------------------------------
    def command_handled(self, command: str, outcome: str, seconds: float) -> None:
        series = self._series()
        series.commands.labels(command, outcome).inc()
        series.latency.labels(command).observe(seconds)

    def delivery(self, platform: str, outcome: str) -> None:
        self._series().deliveries.labels(platform, outcome).inc()

    def retry(self, platform: str, reason: str) -> None:
        self._series().retries.labels(platform, reason).inc()

    def e2e_problem(self, platform: str, kind: str) -> None:
        self._series().e2e_problems.labels(platform, kind).inc()

    def watch_queue(self, name: str, depth: Callable[[], float]) -> None:
        """Report ``depth()`` as ``alliance_bot_queue_depth{queue=name}`` at every scrape."""
        self._queues.callbacks[name] = depth

    # reading ------------------------------------------------------------
    def exposition(self, accept: str = "") -> tuple[bytes, str]:
        """(body, content type) in the format the scraper's Accept header asks for
        (Prometheus text by default, OpenMetrics on request)."""
        from prometheus_client.exposition import choose_encoder

        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type

    def value(self, name: str, labels: Mapping[str, str] | None = None) -> float:
        """One sample's current value (0 when absent): handy for tests and ``doctor``."""
        found = self.registry.get_sample_value(name, dict(labels or {}))
        return found or 0.0


# health ----------------------------------------------------------------
@dataclass
class Health:
    live: bool = True
    database: str = "ok"  # "ok" or what went wrong
    platforms: dict[str, bool] = field(default_factory=dict)
    encryption: dict[str, dict] = field(default_factory=dict)  # platform → its encryption_health()

    @property
    def ready(self) -> bool:
        return (self.live and self.database == "ok" and all(self.platforms.values())
                and all(e.get("status") == "ok" for e in self.encryption.values()))

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ready else "degraded",
            "live": self.live,
            "database": self.database,
            "platforms": {name: "connected" if up else "disconnected" for name, up in self.platforms.items()},
            **({"encryption": self.encryption} if self.encryption else {}),
        }


async def database_status(engine: AsyncEngine, timeout: float = 2.0) -> str:
    """ "ok" when ``SELECT 1`` answers within ``timeout`` seconds, else a short reason."""

    try:
        await asyncio.wait_for(db.ping(engine), timeout)
    except (TimeoutError, asyncio.TimeoutError):
        return f"unreachable: no answer within {timeout:g} s"
    except Exception as exc:  # any driver error means "not ready"
        return f"unreachable: {type(exc).__name__}"
    return "ok"


def platform_status(adapters: Mapping[str, object] | Iterable[Adapter]) -> dict[str, bool]:
    items = adapters.items() if isinstance(adapters, Mapping) else ((a.platform, a) for a in adapters)
    status: dict[str, bool] = {}
    for name, adapter in items:
        try:
            status[name] = bool(adapter.is_connected()) if isinstance(adapter, ConnectionAware) else True
        except Exception:
            status[name] = False
    return status


def encryption_status(adapters: Mapping[str, object]) -> dict[str, dict]:
    status: dict[str, dict] = {}
    for name, adapter in adapters.items():
        if isinstance(adapter, EncryptionAware):
            try:
                status[name] = dict(adapter.encryption_health())
            except Exception as exc:
                status[name] = {"status": f"unknown: {type(exc).__name__}"}
    return status


async def check_health(engine: AsyncEngine, adapters: Mapping[str, object], *, timeout: float = 2.0) -> Health:
    return Health(live=True, database=await database_status(engine, timeout), platforms=platform_status(adapters),
                  encryption=encryption_status(adapters))
