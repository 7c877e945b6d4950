"""What every part of the Matrix adapter shares: its state, the records it keeps, and the retried request."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, Self

from aiohttp import ClientError
from nio import AsyncClient, ErrorResponse  # type: ignore[import-untyped]  # no type hints
from nio.crypto import ENCRYPTION_ENABLED  # type: ignore[import-untyped]  # no type hints

from bot.adapters import Core, OnIncoming
from bot.adapters.matrix import crypto as matrix_crypto
from bot.adapters.matrix.render import PLATFORM
from bot.settings import MatrixSection

log = logging.getLogger("alliance_bot.matrix")

SYNC_TIMEOUT_MS = 30_000
SEND_ATTEMPTS = 8  # per send: rate-limit waits and connection retries together
RETRY_AFTER_CAP = 60.0  # seconds; never wait longer than this for one 429
BACKOFF_START, BACKOFF_CAP = 1.0, 60.0  # seconds, for an unreachable homeserver
REQUEST_TIMEOUT = SYNC_TIMEOUT_MS / 1000 + 30  # seconds: a long-poll plus time for the answer


class _Unreachable(Exception):
    """The homeserver did not answer usefully; retry later."""


class MatrixBase:
    """The adapter's settings, client and counters, and the requests every part of it makes."""

    def __init__(self, settings: MatrixSection, *, app: Core, data_dir: Path | None = None) -> None:
        if not settings.homeserver or not settings.user_id:
            raise ValueError("matrix.homeserver and matrix.user_id must be set")
        if settings.access_token is None and settings.password is None:
            raise ValueError("set ALLIANCE_BOT_MATRIX__ACCESS_TOKEN or ALLIANCE_BOT_MATRIX__PASSWORD")
        self.settings = settings
        self.app = app
        self.user_id = settings.user_id
        self.data_dir = Path(data_dir if data_dir is not None else app.settings.bot.data_dir)
        self.encryption = settings.encryption and ENCRYPTION_ENABLED
        self.client: AsyncClient | None = None
        self.sync_token: str | None = None
        self._on_incoming: OnIncoming | None = None
        self._stopping = asyncio.Event()
        self._sync_task: asyncio.Future | None = None
        #: set once the first sync after start has been handled
        self.ready = asyncio.Event()
        #: consecutive failed syncs (0 while the homeserver answers)
        self.sync_failures = 0
        #: how many times the homeserver told the bot to slow down
        self.rate_limited = 0
        #: room id → id of the last timeline event handled there
        self.last_handled: dict[str, str] = {}
        self._progress = asyncio.Condition()
        self._last_sync_ok: float | None = None  # time.monotonic() of the last sync that succeeded
        #: key uploads that failed, messages that could not be decrypted (for /healthz and doctor)
        self.e2e = matrix_crypto.E2EHealth()
        self._cross_signing_checked = False
        #: the bot's ``m.direct`` account data: person → their direct chats with the bot
        self.direct: dict[str, list[str]] = {}
        self.creators: dict[str, frozenset[str]] = {}  # room → its creators, where the room version privileges them

    @property
    def connected_client(self) -> AsyncClient:
        """The client, for a request made while connected (it is None only before the start and after the stop)."""
        assert self.client is not None
        return self.client

    async def _save_e2e(self) -> None:
        await self._set_state(matrix_crypto.HEALTH_STATE_KEY, self.e2e.dumps())

    async def _state(self, key: str) -> str | None:
        return await self.app.platform_state(PLATFORM, key)

    async def _set_state(self, key: str, value: str) -> None:
        await self.app.set_platform_state(PLATFORM, key, value)

    async def wait_until(self, condition: Callable[[Self], bool], timeout: float) -> None:
        """Wait (bounded) until ``condition(self)`` holds; checked after each sync attempt."""
        async with asyncio.timeout(timeout):
            async with self._progress:
                await self._progress.wait_for(lambda: condition(self))

    async def _notify(self) -> None:
        async with self._progress:
            self._progress.notify_all()

    async def _pause(self, seconds: float) -> bool:
        """Sleep, waking early on stop. True if stopping."""
        try:
            await asyncio.wait_for(self._stopping.wait(), seconds)
        except TimeoutError:
            return False
        return True

    def _now_ms(self) -> int:
        return int(self.app.clock.now().timestamp() * 1000)

    async def _request(self, call: Callable[[], Awaitable[Any]], what: str) -> Any:
        """One homeserver request, retried (boundedly) on 429 and on connection errors.

        A retried send is safe: the transaction id makes the homeserver return
        the first event instead of posting again.
        """
        result: Any = None
        delay = BACKOFF_START
        for _ in range(SEND_ATTEMPTS):
            try:
                result = await call()
            except (ClientError, TimeoutError, OSError) as exc:
                log.warning("matrix: %s failed (%s); retrying in %.0f s", what, exc.__class__.__name__, delay)
                result = exc
                self.app.metrics.retry(PLATFORM, "connection")
                if await self._pause(delay):
                    break
                delay = min(delay * 2, BACKOFF_CAP)
                continue
            first = result[0] if isinstance(result, tuple) else result
            if isinstance(first, ErrorResponse) and first.status_code == "M_LIMIT_EXCEEDED":
                self.rate_limited += 1
                self.app.metrics.retry(PLATFORM, "ratelimited")
                wait = min((first.retry_after_ms or 1000) / 1000, RETRY_AFTER_CAP)
                log.warning("matrix: rate limited while %s; waiting %.1f s as the homeserver asks", what, wait)
                await self._notify()
                await asyncio.sleep(wait)
                continue
            return result
        return result
