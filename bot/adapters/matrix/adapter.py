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
"""

from __future__ import annotations

import asyncio
import re
import time
import uuid
from typing import Any
from urllib.parse import quote

from aiohttp import ClientError
from nio import (  # type: ignore[import-untyped]  # no type hints
    MatrixRoom,
    MegolmEvent,
    MessageDirection,
    ReactionEvent,
    RoomMemberEvent,
    RoomEncryptedFile,
    RoomMessageFile,
    RoomMessagesResponse,
    RoomMessageText,
    SyncError,
    SyncResponse,
)

from bot.adapters import OnIncoming
from bot.adapters.matrix import crypto as matrix_crypto
from bot.adapters.matrix.base import (
    BACKOFF_CAP,
    BACKOFF_START,
    REQUEST_TIMEOUT,
    SYNC_TIMEOUT_MS,
    _Unreachable,
    log,
)
from bot.adapters.matrix.encryption import Encryption
from bot.adapters.matrix.login import Login, MatrixLoginError
from bot.adapters.matrix.render import (  # noqa: F401  (MatrixRenderer: part of this adapter's interface)
    PLATFORM,
    MatrixRenderer,
    _CommandText,
    _localpart,
)
from bot.adapters.matrix.rooms import _direct_content
from bot.adapters.matrix.sending import BALLOT_ANSWER, POLL_RESPONSE
from bot.messages import Action, Attachment, Incoming, Reply, Target, action_command, reaction_key

__all__ = ["MatrixAdapter", "MatrixLoginError", "MatrixRenderer"]  # what the rest of the bot imports from here

SYNC_FILTER = {"room": {"timeline": {"limit": 50}}, "presence": {"not_types": ["*"]}}
FIRST_SYNC_FILTER = {"room": {"timeline": {"limit": 1}}, "presence": {"not_types": ["*"]}}
BACKFILL_PAGES = 5  # pages of 100 events fetched when a catch-up sync left a gap
MODERATOR_LEVEL = 50
#: a reply to a message that hands the message's text to a command: words → (command, subcommand)
REPLY_COMMANDS = {"save as resource": ("resource", "add"), "enregistrer comme ressource": ("resource", "add"),
                  "guardar como recurso": ("resource", "add")}
MAX_ATTACHMENT_BYTES = 1_000_000  # a file sent with a command is read up to this size (a calendar)
DOWNLOAD_SECONDS = 30.0
#: a file message: plain (``url``), or in an encrypted room (``file``: an EncryptedFile, decrypted here)
FILE_EVENTS = (RoomMessageFile, RoomEncryptedFile)


def _command_of(stored: str) -> tuple[str, str]:
    """A stored "action_done A12" as the (command, text) it runs: ("action", "done A12")."""
    action_id, _, value = stored.partition(" ")
    return action_command(Action("", action_id, value.strip()))


def _creators_privileged(version: str) -> bool:
    """Room versions in which the creators outrank everyone without a power level (12 and later)."""
    return version == "org.matrix.hydra.11" or (version.isdigit() and int(version) >= 12)


class MatrixAdapter(Login, Encryption):
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

    async def _on_join(self, room: MatrixRoom, event: RoomMemberEvent) -> None:
        """Someone joined a room the bot is in: the room's greeting, if it has one (once per person, kept
        in the database, so a restart or a second process greets nobody twice)."""
        age_ms = self._now_ms() - event.server_timestamp
        if age_ms > self.settings.max_command_age_seconds * 1000:
            return
        incoming = Incoming(platform=PLATFORM, user_id=f"{PLATFORM}:{event.state_key}",
                            user_name=room.user_name(event.state_key) or _localpart(event.state_key),
                            channel_id=f"{PLATFORM}:{room.room_id}", text="", message_id=event.event_id,
                            delivery_id=event.event_id)
        for n, reply in enumerate(await self.app.member_joined(incoming)):
            await self._post(room.room_id, reply, f"greet:{event.event_id}:{n}", None, addressed=True)

    def _is_moderator(self, room: MatrixRoom, user_id: str) -> bool:
        if not self.settings.moderators_are_admins:
            return False
        # from room version 12 the room's creators hold every power without being listed in the power levels
        return (user_id in self.creators.get(room.room_id, ())
                or room.power_levels.get_user_level(user_id) >= MODERATOR_LEVEL)

    async def _load_creators(self, room: MatrixRoom) -> None:
        """The creators of a room whose version makes them its most powerful members (read once per room)."""
        if (not self.settings.moderators_are_admins or room.room_id in self.creators
                or not _creators_privileged(room.room_version)):
            return
        assert self.client is not None
        resp = await self.client.room_get_state(room.room_id)  # the create event with its sender
        create = next((e for e in getattr(resp, "events", None) or []
                       if isinstance(e, dict) and e.get("type") == "m.room.create"), None)
        if create is None:
            return
        content = create.get("content") or {}
        found = {c for c in content.get("additional_creators") or [] if isinstance(c, str)}
        if isinstance(create.get("sender"), str):
            found.add(create["sender"])
        self.creators[room.room_id] = frozenset(found)

    def _incoming(self, room: MatrixRoom, event: Any, **fields: Any) -> Incoming:
        return Incoming(
            platform=PLATFORM,
            user_id=f"{PLATFORM}:{event.sender}",
            user_name=room.user_name(event.sender) or _localpart(event.sender),
            channel_id=f"{PLATFORM}:{room.room_id}",
            is_direct=self.is_direct(room.room_id),  # marked so in m.direct; not "has two members"
            message_id=event.event_id,
            permalink=f"https://matrix.to/#/{quote(room.room_id, safe='!:')}/{quote(event.event_id, safe='$')}",
            is_room_admin=self._is_moderator(room, event.sender),
            correlation_id=event.event_id[-12:],
            delivery_id=event.event_id,
            **fields,
        )

    @staticmethod
    def caption(content: dict) -> str:
        """The text sent with a file (its ``body`` when a ``filename`` is given apart), or ""."""
        body, filename = content.get("body") or "", content.get("filename")
        return body if filename and body != filename else ""

    async def attached_file(self, content: dict) -> Attachment | None:
        """The file of an ``m.file`` message, from the media repository (None if it cannot be had)."""
        assert self.client is not None
        info = content.get("info") or {}
        encrypted = content.get("file") if isinstance(content.get("file"), dict) else None
        url = (encrypted or content).get("url")
        if not isinstance(url, str) or not url.startswith("mxc://") or (info.get("size") or 0) > MAX_ATTACHMENT_BYTES:
            return None
        try:
            async with asyncio.timeout(DOWNLOAD_SECONDS):
                resp = await self.client.download(mxc=url)
        except (ClientError, TimeoutError, OSError) as exc:
            log.warning("matrix: could not download %s: %r", url, exc)
            return None
        body = getattr(resp, "body", None)
        if not isinstance(body, bytes) or len(body) > MAX_ATTACHMENT_BYTES:
            log.warning("matrix: could not download %s: %s", url, resp)
            return None
        if encrypted is not None:
            body = matrix_crypto.decrypt_file(body, encrypted)
            if body is None:
                log.warning("matrix: could not decrypt the file %s (bad key or hash)", url)
                return None
        return Attachment(content.get("filename") or "file", body,
                          info.get("mimetype") or getattr(resp, "content_type", None) or "application/octet-stream")

    def read_message(self, room: MatrixRoom, event: RoomMessageText | RoomMessageFile,
                     content: dict) -> tuple[str, bool]:
        """The text the core should read, and whether it addresses the bot."""
        if isinstance(event, FILE_EVENTS):
            text = self.caption(content)
        elif event.format == "org.matrix.custom.html" and event.formatted_body:
            text = _CommandText.read(event.formatted_body)
        else:
            text = event.body
            if "m.in_reply_to" in (content.get("m.relates_to") or {}):
                lines = text.split("\n")
                while lines and lines[0].startswith(">"):
                    lines.pop(0)
                text = "\n".join(lines)
        name = room.user_name(self.user_id) or _localpart(self.user_id)
        mentioned_ids = (content.get("m.mentions") or {}).get("user_ids") or []
        me = re.compile(rf"{re.escape(self.user_id)}|(?<!\w){re.escape(name)}(?!\w)", re.IGNORECASE)
        mentioned = self.user_id in mentioned_ids or bool(me.search(text))
        if mentioned:  # the question is what is left once the bot's own name is taken out
            text = re.sub(rf"(?:{me.pattern})\s*[:,]?", " ", text, flags=re.IGNORECASE)
        return " ".join(text.split()), mentioned

    async def _on_message(self, room: MatrixRoom, event: RoomMessageText | RoomMessageFile, content: dict,
                          relation: dict) -> None:
        text, mentioned = self.read_message(room, event, content)
        thread = relation.get("event_id") if relation.get("rel_type") == "m.thread" else None
        attachment = await self.attached_file(content) if isinstance(event, FILE_EVENTS) else None
        replied_to = ((content.get("m.relates_to") or {}).get("m.in_reply_to") or {}).get("event_id")
        reply_command = REPLY_COMMANDS.get(re.sub(r"^[!/]", "", text.strip().lower()).rstrip(" .!")) \
            if replied_to else None
        if reply_command is not None:  # "save as resource" in reply to a message: that message's text, as a form
            assert replied_to is not None  # a reply command is only read in a reply
            original = await self.replied_to_text(room.room_id, replied_to)
            command, sub = reply_command
            incoming = self._incoming(room, event, text=sub, command=command, form={"text": original})
        else:
            incoming = self._incoming(room, event, text=text, mentions_bot=mentioned, thread_id=thread,
                                      attachment=attachment)
        assert self._on_incoming is not None
        replies = await self._on_incoming(incoming)
        if thread:
            relates = {"rel_type": "m.thread", "event_id": thread, "is_falling_back": False,
                       "m.in_reply_to": {"event_id": event.event_id}}
        else:
            relates = {"m.in_reply_to": {"event_id": event.event_id}}
        for i, reply in enumerate(replies):
            await self._post(room.room_id, reply, f"reply:{event.event_id}:{i}", relates)

    async def replied_to_text(self, room_id: str, event_id: str) -> str:
        """The plain text of a message in a room (the one a reply answers), or "" if it cannot be read."""
        from nio import RoomGetEventResponse

        assert self.client is not None
        found = await self.client.room_get_event(room_id, event_id)
        if not isinstance(found, RoomGetEventResponse):
            return ""
        return str((found.event.source.get("content") or {}).get("body") or "")

    async def _on_poll_response(self, room: MatrixRoom, event: Any, content: dict) -> None:
        """An answer to a native poll the bot started: the choices, as the poll's own command."""
        started = (content.get("m.relates_to") or {}).get("event_id")
        block = content.get(POLL_RESPONSE) or {}
        answers = block.get("answers") if isinstance(block, dict) else None
        if not started or not isinstance(answers, list):
            return
        runs = await self.app.reaction_command(PLATFORM, started, BALLOT_ANSWER)
        if runs is None:
            return
        numbers = " ".join(str(a) for a in answers if isinstance(a, str) and a.isdigit())
        command, text = _command_of(f"{runs} {numbers}")
        incoming = self._incoming(room, event, text=text, command=command)
        assert self._on_incoming is not None
        for i, reply in enumerate(await self._on_incoming(incoming)):
            await self._post(room.room_id, reply, f"poll:{event.event_id}:{i}", {"m.in_reply_to": {"event_id": started}})

    async def _on_reaction(self, room: MatrixRoom, event: ReactionEvent) -> None:
        """A reaction to a message the bot posted runs what that message offered for it (✅ on an action
        item's card: "action done A12"); any other reaction is ignored."""
        key = reaction_key(event.key)
        if key == BALLOT_ANSWER:  # a reaction may be any text: this one names no emoji
            return
        runs = await self.app.reaction_command(PLATFORM, event.reacts_to, key)
        if runs is None:
            return
        command, text = _command_of(runs)
        incoming = self._incoming(room, event, text=text, command=command)
        assert self._on_incoming is not None
        replies = await self._on_incoming(incoming)
        for i, reply in enumerate(replies):
            await self._post(room.room_id, reply, f"reaction:{event.event_id}:{i}",
                             {"m.in_reply_to": {"event_id": event.reacts_to}})

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

