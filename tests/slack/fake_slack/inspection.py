"""What a test uses to look at the calls the fake received and wait for them."""

from __future__ import annotations

import asyncio
from typing import Any, Callable, Dict, List, Optional

from .records import Call


class Inspection:
    """Recorded calls and stored messages, and waiting for a call."""

    def calls_to(self, method: str, *, include_faulted: bool = False) -> List[Call]:
        """Calls to ``method``; faulted ones (injected failures) only if asked for."""
        return [c for c in self.calls if c.method == method and (include_faulted or c.faulted is None)]

    async def wait_for_call(
        self,
        method: str,
        predicate: Optional[Callable[[Call], bool]] = None,
        timeout: float = 5.0,
        *,
        include_faulted: bool = False,
        start: int = 0,
    ) -> Call:
        """Wait until a call to ``method`` (matching ``predicate``) has been answered.

        Calls already recorded count (from index ``start`` of ``fake.calls``); returns the
        first match. Raises ``TimeoutError`` after ``timeout`` seconds.
        """

        def find() -> Optional[Call]:
            for c in self.calls[start:]:
                if c.method != method or (c.faulted is not None and not include_faulted):
                    continue
                if predicate is None or predicate(c):
                    return c
            return None

        assert self._cond is not None, "FakeSlack.start() was not awaited"
        async with self._cond:
            try:
                await asyncio.wait_for(self._cond.wait_for(lambda: find() is not None), timeout)
            except asyncio.TimeoutError:
                seen = [(c.method, c.faulted or c.error or "ok") for c in self.calls[start:]]
                raise TimeoutError(f"no {method} call matched within {timeout}s; calls seen: {seen}") from None
        found = find()
        assert found is not None
        return found

    def channel_messages(self, channel: str, *, include_replies: bool = True) -> List[Dict[str, Any]]:
        """Messages stored for ``channel`` (oldest first)."""
        msgs = self.messages.get(channel, [])
        if include_replies:
            return list(msgs)
        return [m for m in msgs if self._is_top_level(m)]

    async def _notify(self) -> None:
        if self._cond is None:
            return
        async with self._cond:
            self._cond.notify_all()

    async def _record(self, call: Call) -> None:
        self.calls.append(call)
        await self._notify()
