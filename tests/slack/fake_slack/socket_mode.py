"""Socket Mode: apps.connections.open and the WebSocket the bot connects to."""

from __future__ import annotations

import asyncio
import json
import uuid
from typing import Any, Dict, List, Optional

from aiohttp import WSMsgType, web


class SocketConnection:
    """One open Socket Mode WebSocket."""

    def __init__(self, conn_id: int, ws: web.WebSocketResponse, ticket: str):
        self.id = conn_id
        self.ws = ws
        self.ticket = ticket
        self.received: List[Dict[str, Any]] = []
        self.closed = False


class SocketMode:
    """Accepting connections, sending envelopes and waiting for acks."""

    def _apps_connections_open(self, args: Dict[str, Any]) -> Dict[str, Any]:
        ticket = uuid.uuid4().hex
        self._tickets.add(ticket)
        return {"url": f"ws://127.0.0.1:{self.port}/link/?ticket={ticket}&app_id={self.app_id}"}

    @property
    def socket_connections(self) -> int:
        """Currently open Socket Mode connections."""
        return sum(1 for c in self._sockets if not c.closed)

    async def _handle_socket(self, request: web.Request) -> web.StreamResponse:
        ticket = request.query.get("ticket", "")
        if ticket not in self._tickets:
            return web.Response(status=401, text="invalid ticket")
        ws = web.WebSocketResponse(autoping=True)
        await ws.prepare(request)
        conn = SocketConnection(next(self._conn_ids), ws, ticket)
        self._sockets.append(conn)
        self.socket_connects += 1
        await ws.send_json(
            {
                "type": "hello",
                "num_connections": self.socket_connections,
                "debug_info": {
                    "host": "applink-fake",
                    "build_number": 1,
                    "approximate_connection_time": 18060,
                },
                "connection_info": {"app_id": self.app_id},
            }
        )
        await self._notify()
        try:
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    try:
                        data = json.loads(frame.data)
                    except ValueError:
                        data = {"__raw__": frame.data}
                    conn.received.append(data)
                    self.socket_received.append(data)
                    envelope_id = data.get("envelope_id") if isinstance(data, dict) else None
                    fut = self._pending_acks.get(envelope_id) if envelope_id else None
                    if fut is not None and not fut.done():
                        fut.set_result(data)
                    await self._notify()
                elif frame.type == WSMsgType.ERROR:
                    break
        finally:
            conn.closed = True
            if conn in self._sockets:
                self._sockets.remove(conn)
            await self._notify()
        return ws

    async def wait_for_socket(self, timeout: float = 5.0, *, connects: Optional[int] = None) -> int:
        """Wait until a Socket Mode client is connected (and, with ``connects``, until
        at least that many connections have ever been made - use it to await a
        reconnect). Returns ``fake.socket_connects``."""
        assert self._cond is not None, "FakeSlack.start() was not awaited"

        def ready() -> bool:
            return self.socket_connections > 0 and (connects is None or self.socket_connects >= connects)

        async with self._cond:
            try:
                await asyncio.wait_for(self._cond.wait_for(ready), timeout)
            except asyncio.TimeoutError:
                raise TimeoutError(
                    f"no socket mode connection within {timeout}s "
                    f"(open: {self.socket_connections}, ever: {self.socket_connects}, wanted: {connects})"
                ) from None
        return self.socket_connects

    def _pick_socket(self) -> Optional[SocketConnection]:
        open_conns = [c for c in self._sockets if not c.closed and not c.ws.closed]
        return open_conns[-1] if open_conns else None

    async def socket_send(
        self,
        envelope_type: str,
        payload: Dict[str, Any],
        retry_attempt: int = 0,
        retry_reason: str = "",
        *,
        accepts_response_payload: Optional[bool] = None,
        envelope_id: Optional[str] = None,
        ack_timeout: float = 3.0,
    ) -> Optional[Dict[str, Any]]:
        """Send an envelope to a connected Socket Mode client and wait for its ack.

        Returns the ack frame (``{"envelope_id": ..., "payload": ...?}``), or ``None`` if
        the client did not ack within ``ack_timeout`` seconds (Slack's deadline is 3 s).
        A ``message`` event sent this way is also stored in the channel history, as it
        would exist in Slack.
        """
        conn = self._pick_socket()
        if conn is None:
            await self.wait_for_socket(ack_timeout)
            conn = self._pick_socket()
            if conn is None:
                raise RuntimeError("no Socket Mode connection")
        if accepts_response_payload is None:
            accepts_response_payload = envelope_type != "events_api"
        envelope_id = envelope_id or str(uuid.uuid4())
        envelope: Dict[str, Any] = {
            "envelope_id": envelope_id,
            "type": envelope_type,
            "payload": payload,
            "accepts_response_payload": accepts_response_payload,
        }
        if envelope_type == "events_api":
            envelope["retry_attempt"] = retry_attempt
            envelope["retry_reason"] = retry_reason
            event = payload.get("event") if isinstance(payload, dict) else None
            if (
                isinstance(event, dict)
                and event.get("type") == "message"
                and event.get("channel")
                and event.get("ts")
                and event.get("subtype") in (None, "thread_broadcast", "file_share")
            ):
                stored = {k: v for k, v in event.items() if k not in ("channel", "event_ts", "channel_type")}
                self._store_message(event["channel"], stored)
        loop = asyncio.get_running_loop()
        fut: asyncio.Future = loop.create_future()
        self._pending_acks[envelope_id] = fut
        self.socket_sent.append(envelope)
        try:
            await conn.ws.send_json(envelope)
            return await asyncio.wait_for(fut, ack_timeout)
        except asyncio.TimeoutError:
            return None
        finally:
            self._pending_acks.pop(envelope_id, None)

    async def socket_disconnect(self, reason: str = "refresh_requested", *, close: bool = False) -> int:
        """Send ``{"type": "disconnect"}`` to every open connection (as Slack does before
        rotating a connection); with ``close=True`` also close them. Returns how many."""
        frame = {"type": "disconnect", "reason": reason, "debug_info": {"host": "applink-fake"}}
        conns = [c for c in self._sockets if not c.closed and not c.ws.closed]
        for conn in conns:
            try:
                await conn.ws.send_json(frame)
                if close:
                    await conn.ws.close(code=1000)
            except Exception:
                pass
        return len(conns)
