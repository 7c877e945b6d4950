"""Matrix: the bot as one device on a homeserver, through matrix-nio.

* One device for life: its id is kept in the database, so a restart logs in as
  the same device (same encryption keys, same transaction-id namespace).
* The sync token is kept in the database too, and is saved only after every
  event of a sync has been handled: a restart replays at most one sync, and the
  core's once-only claims (each ``Incoming`` carries its event id) keep a
  replayed event from being answered twice. Commands that arrived while the bot was down are answered if
  younger than ``max_command_age_seconds``. The very first start skips history.
* Every send carries a transaction id derived from what is sent ("reply to
  event X", "the scheduler's key Y"): the homeserver turns a retried send into
  the first one instead of posting twice.
* ``M_LIMIT_EXCEEDED`` waits ``retry_after_ms``; an unreachable homeserver is
  retried with capped exponential backoff, all without blocking the loop.

``MatrixAdapter`` here runs the sync loop and hands each event to the part that handles it; the parts
are mixins beside it: ``base`` (state, records, the retried request), ``login``, ``rooms``
(invitations, direct chats), ``events`` (room events as ``Incoming``), ``reactions``, ``sending``
and ``encryption``.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any

from aiohttp import ClientError
from nio import (  # type: ignore[import-untyped]  # no type hints
    MatrixRoom,
    MegolmEvent,
    MessageDirection,
    ReactionEvent,
    RoomMemberEvent,
    RoomMessagesResponse,
    RoomMessageText,
    SyncError,
    SyncResponse,
)

from bot.adapters import OnIncoming
from bot.adapters.matrix.base import (
    BACKOFF_CAP,
    BACKOFF_START,
    REQUEST_TIMEOUT,
    SYNC_TIMEOUT_MS,
    _Unreachable,
    log,
)
from bot.adapters.matrix.encryption import Encryption
from bot.adapters.matrix.events import FILE_EVENTS
from bot.adapters.matrix.login import Login, MatrixLoginError
from bot.adapters.matrix.reactions import Reactions
from bot.adapters.matrix.render import PLATFORM, MatrixRenderer
from bot.adapters.matrix.rooms import _direct_content
from bot.adapters.matrix.sending import POLL_RESPONSE
from bot.messages import Reply, Target

__all__ = ["MatrixAdapter", "MatrixLoginError", "MatrixRenderer"]  # MatrixRenderer: part of this adapter's interface

SYNC_FILTER = {"room": {"timeline": {"limit": 50}}, "presence": {"not_types": ["*"]}}
FIRST_SYNC_FILTER = {"room": {"timeline": {"limit": 1}}, "presence": {"not_types": ["*"]}}
BACKFILL_PAGES = 5  # pages of 100 events fetched when a catch-up sync left a gap


class MatrixAdapter(Login, Encryption, Reactions):
    platform = PLATFORM

    def is_connected(self) -> bool:
        """The last sync succeeded, recently enough that the long-poll running now is not overdue."""
        return (self.client is not None and not self._stopping.is_set() and self.sync_failures == 0
                and self._last_sync_ok is not None
                and time.monotonic() - self._last_sync_ok < REQUEST_TIMEOUT + 5)

    # ---------------------------------------------------------------- running
    async def run(self, on_incoming: OnIncoming) -> None:
        self._on_incoming = on_incoming
        delay = BACKOFF_START
        try:
            while not self._stopping.is_set():
                try:
                    if self.client is None:
                        await self.connect()
                    await self._sync_once()
                    self.sync_failures, delay = 0, BACKOFF_START
                except (ClientError, TimeoutError, OSError, _Unreachable) as exc:
                    self.sync_failures += 1
                    self.app.metrics.retry(PLATFORM, "sync")
                    log.warning("matrix: homeserver unreachable (%s); retrying in %.0f s",
                                exc.__class__.__name__ + (f": {exc}" if str(exc) else ""), delay)
                    await self._notify()
                    await self._pause(delay)
                    delay = min(delay * 2, BACKOFF_CAP)
                    continue
                await self._notify()
        finally:
            if self.client is not None:
                await self.client.close()
                self.client = None

    async def stop(self) -> None:
        self._stopping.set()
        if self._sync_task is not None:
            self._sync_task.cancel()  # a parked long-poll would otherwise hold shutdown for its timeout

    async def _sync_once(self) -> None:
        client = self.client
        assert client is not None
        first = self.sync_token is None
        # The first sync of each start asks for the full state of every room (members,
        # power levels, encryption), and, after a restart, the timeline since the stored token.
        starting = not self.ready.is_set()
        self._sync_task = asyncio.ensure_future(client.sync(
            timeout=0 if starting else SYNC_TIMEOUT_MS,
            since=self.sync_token,
            sync_filter=FIRST_SYNC_FILTER if first else SYNC_FILTER,
            full_state=True if starting else None,
        ))
        try:
            resp = await self._sync_task
        except asyncio.CancelledError:
            if self._stopping.is_set():
                return
            raise
        finally:
            self._sync_task = None
        if isinstance(resp, SyncError) or not isinstance(resp, SyncResponse):
            if getattr(resp, "status_code", "") in ("M_UNKNOWN_TOKEN", "M_FORBIDDEN"):
                raise MatrixLoginError(f"the homeserver no longer accepts the bot's login: {resp}")
            raise _Unreachable(str(resp))
        await self._keys()
        await self._handle_sync(resp, first)
        self.sync_token = resp.next_batch
        await self._set_state("sync_token", resp.next_batch)
        self._last_sync_ok = time.monotonic()
        self.ready.set()
        await self._cross_sign_once()

    async def _handle_sync(self, resp: SyncResponse, first: bool) -> None:
        for event in resp.account_data_events:
            if getattr(event, "type", None) == "m.direct":
                self.direct = _direct_content(getattr(event, "content", None))
        for room_id, info in resp.rooms.invite.items():
            await self._on_invite(room_id, info.invite_state)
        if first:
            return  # the very first start: history is not ours to answer
        assert self.client is not None
        for room_id, info in resp.rooms.join.items():
            room = self.client.rooms.get(room_id)
            if room is None:
                continue
            events = list(info.timeline.events)
            joined_at = self._own_join(events)
            if joined_at is not None:  # a room the bot just joined: what came before is history
                events = events[joined_at + 1:]
            elif info.timeline.limited and info.timeline.prev_batch:
                events = await self._backfill(room_id, info.timeline.prev_batch) + events
            for event in events:
                await self._on_event(room, event)
                self.last_handled[room_id] = getattr(event, "event_id", "")

    def _own_join(self, events: list) -> int | None:
        for i in range(len(events) - 1, -1, -1):
            e = events[i]
            if (isinstance(e, RoomMemberEvent) and e.state_key == self.user_id and e.membership == "join"
                    and e.prev_membership != "join"):
                return i
        return None

    async def _backfill(self, room_id: str, token: str) -> list:
        """Events the sync left out (a long downtime), back to the age limit."""
        assert self.client is not None
        oldest_wanted = self._now_ms() - self.settings.max_command_age_seconds * 1000
        found: list = []
        for _ in range(BACKFILL_PAGES):
            resp = await self.client.room_messages(room_id, start=token, direction=MessageDirection.back, limit=100)
            if not isinstance(resp, RoomMessagesResponse) or not resp.chunk:
                break
            found.extend(resp.chunk)
            if resp.chunk[-1].server_timestamp < oldest_wanted or not resp.end or resp.end == token:
                break
            token = resp.end
        return list(reversed(found))

    # ----------------------------------------------------------------- events
    async def _on_event(self, room: MatrixRoom, event: Any) -> None:
        if getattr(event, "sender", None) == self.user_id:
            return
        if (isinstance(event, RoomMemberEvent) and event.membership == "join" and event.prev_membership != "join"
                and event.state_key == event.sender and not self.is_direct(room.room_id)):
            await self._on_join(room, event)
            return
        poll_response = (event.source.get("type") in (POLL_RESPONSE, "m.poll.response")
                         if isinstance(getattr(event, "source", None), dict) else False)
        if not isinstance(event, (RoomMessageText, *FILE_EVENTS, ReactionEvent, MegolmEvent)) and not poll_response:
            return
        if isinstance(event, FILE_EVENTS) and not self.caption(event.source.get("content", {})):
            return  # a file on its own asks nothing
        age_ms = self._now_ms() - event.server_timestamp
        if age_ms > self.settings.max_command_age_seconds * 1000:
            log.info("matrix: skipped %s in %s, %d s old", event.event_id, room.room_id, age_ms // 1000)
            return
        if isinstance(event, MegolmEvent):
            await self._unreadable(room, event)
            return
        content = event.source.get("content", {})
        relation = content.get("m.relates_to") or {}
        await self._load_creators(room)
        if isinstance(event, (RoomMessageText, *FILE_EVENTS)) and relation.get("rel_type") == "m.replace":
            return  # an edit; the original was handled
        # each Incoming made from the event carries its id: the core handles it once
        if isinstance(event, ReactionEvent):
            await self._on_reaction(room, event)
        elif poll_response:
            await self._on_poll_response(room, event, content)
        else:
            await self._on_message(room, event, content, relation)

    # ---------------------------------------------------------------- sending
    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        if self.client is None:
            raise RuntimeError("the Matrix adapter is not connected")
        room_id = target.channel_id.removeprefix(f"{PLATFORM}:")
        if room_id.startswith("dm:"):  # a direct message to these people together (an introduction)
            found = await self._direct_room(sorted(room_id.removeprefix("dm:").split(",")))
            if found is None:
                return None
            room_id = found
        relates = ({"rel_type": "m.thread", "event_id": target.thread_id, "is_falling_back": True}
                   if target.thread_id else None)
        return await self._post(room_id, reply, f"send:{key}" if key else f"send:{uuid.uuid4()}", relates,
                                addressed=True)

