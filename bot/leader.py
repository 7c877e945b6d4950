"""Run an adapter only while this process leads its platform account, for platforms where two
processes must not receive at once (Matrix: one sync loop per account).

On PostgreSQL every process tries to lead; one does, the others wait and try again every
``ops.leader_check_seconds``. The leader checks it still holds the lead as often; when its
process dies its database connection ends and the lead is free at once, so a follower takes
over within about one check interval plus its first sync. Commands are claimed by event id
in the shared database, so one answered before the switch is not answered again. On SQLite
(one process) the adapter simply runs.

While following, the platform is not in ``app.adapters``: nothing is posted through it and
health does not wait on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from typing import Any

from bot.app import BotApp
from bot.messages import Reply, Target
from storage import leadership

log = logging.getLogger("alliance_bot.leader")


class LeaderOnly:
    """Wraps the adapters a ``make()`` builds: one runs per term of leadership (a stopped adapter
    is not restarted; the next term gets a fresh one)."""

    def __init__(self, make: Callable[[], Any], app: BotApp, *, name: str, check_seconds: float) -> None:
        self.make = make
        self.app = app
        self.current = make()
        self.platform = self.current.platform
        self.key = leadership.lock_key(f"alliance-bot:{name}")
        self.check_seconds = check_seconds
        self.leading = False
        self._stopping = asyncio.Event()
        self._failed: BaseException | None = None

    def __getattr__(self, name: str) -> Any:  # anything else (``ready``, ``client``...) is the adapter's
        return getattr(self.__dict__["current"], name)

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        if not self.leading:
            raise RuntimeError(f"this process does not lead {self.platform} now")
        return await self.current.send(target, reply, key=key)

    def is_connected(self) -> bool:
        check = getattr(self.current, "is_connected", None)
        return bool(self.leading and (check() if check else True))

    async def stop(self) -> None:
        self._stopping.set()
        await self.current.stop()

    async def _wait(self, seconds: float) -> bool:
        """Sleep, waking early on stop. True if stopping."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)
        return self._stopping.is_set()

    async def run(self, on_incoming) -> None:
        if self.app.engine.dialect.name != "postgresql":  # one process per SQLite file: nobody to share with
            self.leading = True
            self.app.adapters[self.platform] = self
            await self.current.run(on_incoming)
            return
        announced = False
        while not self._stopping.is_set():
            try:
                async with self.app.engine.connect() as raw:
                    connection = await raw.execution_options(isolation_level="AUTOCOMMIT")
                    while not self._stopping.is_set() and not await leadership.try_lead(connection, self.key):
                        if not announced:
                            log.info("%s: another process leads; this one waits to take over", self.platform)
                            announced = True
                        if await self._wait(self.check_seconds):
                            return
                    if self._stopping.is_set():
                        return
                    if not await self._term(connection, on_incoming):
                        return
                    announced = False
            except Exception as exc:  # the database went away: no lead until it is back
                log.warning("%s: leadership check failed (%r); trying again in %g s", self.platform, exc,
                            self.check_seconds)
                if await self._wait(self.check_seconds):
                    return
            if self._failed is not None:  # the adapter itself failed (not the lead): as if unwrapped
                raise self._failed

    async def _term(self, connection, on_incoming) -> bool:
        """Run the adapter while the lead holds; stop it as soon as the lead is lost. True when
        this process should try to lead again (the lead was lost, not the adapter ended or failed)."""
        log.info("%s: this process leads now", self.platform)
        self.leading = True
        self.app.adapters[self.platform] = self
        running = asyncio.create_task(self.current.run(on_incoming), name=f"adapter-{self.platform}-leader")
        lost = False
        try:
            while not running.done():
                await asyncio.wait({running}, timeout=self.check_seconds)
                if running.done() or self._stopping.is_set():
                    break
                try:
                    held = await asyncio.wait_for(leadership.still_leads(connection, self.key), self.check_seconds)
                except Exception as exc:
                    log.warning("%s: lost the database (%r): stepping down", self.platform, exc)
                    held = False
                if not held:
                    lost = True
                    log.warning("%s: no longer leads: stopping until it can lead again", self.platform)
                    break
        finally:
            self.leading = False
            self.app.adapters.pop(self.platform, None)
            if not running.done():
                await self.current.stop()
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(running, 30)
            if not running.done():
                running.cancel()
        if self._stopping.is_set():
            return False
        if not lost:  # the adapter ended (or failed) on its own
            if not running.cancelled() and running.exception() is not None:
                self._failed = running.exception()
            return False
        with contextlib.suppress(Exception):
            await leadership.give_up(connection, self.key)
        self.current = self.make()  # a fresh adapter for the next term
        return True
