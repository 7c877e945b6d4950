"""Signed HTTP requests handled once: each request's signature is noted in the database before its work.

Requests that arrive while a note is being written wait for the next one and are noted together, in
one transaction (``Core.first_requests``): under load a command costs a share of one commit, not a
commit of its own and a database connection of its own.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.adapters import Core

MAX_BATCH = 500  # signatures noted in one transaction at most


class ReplayGuard:
    """Tells a signed request seen for the first time from one delivered again (the same signature),
    in this process or another sharing the database, within ``keep_for``."""

    def __init__(self, core: Core, platform: str, keep_for: timedelta) -> None:
        self.core = core
        self.platform = platform
        self.keep_for = keep_for
        self._waiting: dict[str, asyncio.Future[bool]] = {}  # signature → "first time?", not yet written
        self._writer: asyncio.Task | None = None

    async def first(self, signature: str) -> bool:
        """True the first time this signature is seen, False for a replay."""
        if signature in self._waiting:
            return False  # the same request twice in a moment: the first one is being noted
        answer: asyncio.Future[bool] = asyncio.get_running_loop().create_future()
        self._waiting[signature] = answer
        if self._writer is None or self._writer.done():
            self._writer = asyncio.ensure_future(self._write())
        return await answer

    async def _write(self) -> None:
        """Note the waiting signatures, a transaction at a time, until none wait."""
        while self._waiting:
            keys = list(self._waiting)[:MAX_BATCH]
            batch = {key: self._waiting.pop(key) for key in keys}
            try:
                fresh = await self.core.first_requests(self.platform, keys, keep_for=self.keep_for)
            except Exception as exc:  # each request waiting fails as its own write would have
                for answer in batch.values():
                    if not answer.done():
                        answer.set_exception(exc)
                continue
            except BaseException:  # cancelled (the loop is closing): so is every request waiting
                for answer in (*batch.values(), *self._waiting.values()):
                    answer.cancel()
                self._waiting.clear()
                raise
            for key, answer in batch.items():
                if not answer.done():
                    answer.set_result(key in fresh)
