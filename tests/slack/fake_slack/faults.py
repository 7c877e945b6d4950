"""Failures a test injects (429, 5xx, held or dropped answers) and rate limits."""

from __future__ import annotations

import asyncio
import math
import random
from dataclasses import dataclass, field
from typing import Any, Dict, Iterable, List, Optional

from aiohttp import web

from .records import Call


FAULT_KINDS = ("ratelimit", "server_error", "timeout", "disconnect", "disconnect_after", "slow_ack")


@dataclass
class _Fault:
    kind: str
    times: int
    retry_after: int
    status: int
    hold: float


@dataclass
class _Bucket:
    per_second: float
    burst: int
    per_channel: bool
    levels: Dict[Optional[str], List[float]] = field(default_factory=dict)


class Faults:
    """Injected failures and token-bucket rate limits, applied before a call is answered."""

    def inject(
        self,
        method: str,
        kind: str,
        times: int = 1,
        retry_after: int = 1,
        *,
        status: Optional[int] = None,
        hold: float = 60.0,
    ) -> None:
        """Make the next ``times`` calls to ``method`` fail.

        ``method``: a Web API method, ``"upload"`` (the upload URL), ``"response_url"``
        or ``"*"`` (any of them).

        kinds:
          * ``"ratelimit"``: HTTP 429, ``Retry-After: <retry_after>``, ``ratelimited``;
          * ``"server_error"``: HTTP ``status`` (500 default, or 503 etc.);
          * ``"timeout"``: hold the answer ``hold`` seconds (or until the client hangs up /
            the fake stops); if the client is still there afterwards it gets a normal answer;
          * ``"disconnect"``: close the connection without answering (nothing happens);
          * ``"slow_ack"``: do the work, then hold the answer ``hold`` seconds (the work is done
            even if the client has given up by then);
          * ``"disconnect_after"``: do the work, then drop the connection before the answer
            (the bot sees a network error although the message was posted).
        """
        if kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {kind!r}; expected one of {FAULT_KINDS}")
        if status is None:
            status = 429 if kind == "ratelimit" else 500
        self._faults.setdefault(method, []).append(
            _Fault(kind=kind, times=times, retry_after=retry_after, status=status, hold=hold)
        )

    def inject_at_random(
        self,
        method: str,
        kinds: Dict[str, float],
        *,
        seed: int,
        retry_after: int = 1,
        statuses: Iterable[int] = (500, 502, 503),
        hold: float = 60.0,
    ) -> None:
        """Make calls to ``method`` fail at random from now on (until ``clear_faults``).

        ``kinds`` maps a fault kind (as for ``inject``) to the probability that one call gets
        it; the draws come from ``random.Random(seed)``, one per call in arrival order, so the
        same seed gives the same mix. ``server_error`` picks its status from ``statuses``.
        Faults queued with ``inject`` come first.
        """
        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds {sorted(unknown)}; expected some of {FAULT_KINDS}")
        if sum(kinds.values()) > 1:
            raise ValueError("the probabilities add up to more than 1")
        self._random_faults[method] = (random.Random(seed), list(kinds.items()), retry_after, list(statuses), hold)

    def clear_faults(self) -> None:
        self._faults.clear()
        self._random_faults.clear()

    def set_rate_limit(self, method: str, per_second: float, burst: int = 1, *, per_channel: bool = True) -> None:
        """Rate-limit ``method`` with a token bucket (like chat.postMessage's ~1/s per channel).

        Over the limit the call gets HTTP 429 with the ``Retry-After`` Slack would give.
        """
        self._buckets[method] = _Bucket(per_second=per_second, burst=burst, per_channel=per_channel)

    def _take_fault(self, method: str) -> Optional[_Fault]:
        for key in (method, "*"):
            queue = self._faults.get(key)
            while queue:
                fault = queue[0]
                if fault.times <= 0:
                    queue.pop(0)
                    continue
                fault.times -= 1
                if fault.times <= 0:
                    queue.pop(0)
                return fault
        if method in self._random_faults:
            rng, kinds, retry_after, statuses, hold = self._random_faults[method]
            draw, status = rng.random(), rng.choice(statuses)
            for kind, probability in kinds:
                if draw < probability:
                    status = 429 if kind == "ratelimit" else status
                    return _Fault(kind=kind, times=1, retry_after=retry_after, status=status, hold=hold)
                draw -= probability
        return None

    def _check_bucket(self, method: str, args: Dict[str, Any]) -> Optional[int]:
        """Returns a Retry-After (seconds) if the call is over its rate limit."""
        bucket = self._buckets.get(method)
        if bucket is None:
            return None
        key = str(args.get("channel")) if bucket.per_channel else None
        now = self.clock()
        level, last = bucket.levels.get(key, [float(bucket.burst), now])
        level = min(float(bucket.burst), level + (now - last) * bucket.per_second)
        if level >= 1.0:
            bucket.levels[key] = [level - 1.0, now]
            return None
        bucket.levels[key] = [level, now]
        return max(1, math.ceil((1.0 - level) / bucket.per_second))

    async def _drop_connection(self, request: web.Request) -> None:
        transport = request.transport
        if transport is not None:
            transport.close()
        # The handler is cancelled once aiohttp notices the lost connection.
        assert self._stopping is not None
        try:
            await asyncio.wait_for(self._stopping.wait(), 5)
        except asyncio.TimeoutError:
            pass
        raise asyncio.CancelledError

    async def _apply_fault(self, request: web.Request, call: Call, fault: _Fault) -> Optional[web.StreamResponse]:
        """Returns a response to send, or None to proceed normally (a 'timeout' the client survived)."""
        call.faulted = fault.kind
        if fault.kind == "ratelimit":
            call.status = fault.status
            call.response = {"ok": False, "error": "ratelimited"}
            await self._record(call)
            return web.json_response(
                call.response, status=fault.status, headers={"Retry-After": str(fault.retry_after)}
            )
        if fault.kind == "server_error":
            error = "service_unavailable" if fault.status == 503 else "internal_error"
            call.status = fault.status
            call.response = {"ok": False, "error": error}
            await self._record(call)
            return web.json_response(call.response, status=fault.status)
        if fault.kind == "disconnect":
            await self._record(call)
            await self._drop_connection(request)
        if fault.kind == "timeout":
            await self._record(call)
            assert self._stopping is not None
            try:
                await asyncio.wait_for(self._stopping.wait(), fault.hold)
            except asyncio.TimeoutError:
                pass
            return None
        return None  # disconnect_after, slow_ack: handled by the caller

    async def _slow_ack(self, fault: Optional[_Fault]) -> None:
        if fault is not None and fault.kind == "slow_ack":
            assert self._stopping is not None
            try:
                await asyncio.wait_for(self._stopping.wait(), fault.hold)
            except asyncio.TimeoutError:
                pass
