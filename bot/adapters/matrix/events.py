"""A message or a join in a room, turned into the ``Incoming`` the core handles, and its answers posted."""

from __future__ import annotations

import asyncio
import re
from typing import Any
from urllib.parse import quote

from aiohttp import ClientError
from nio import (  # type: ignore[import-untyped]  # no type hints
    MatrixRoom,
    RoomEncryptedFile,
    RoomMemberEvent,
    RoomMessageFile,
    RoomMessageText,
)

from bot.adapters.matrix import crypto as matrix_crypto
from bot.adapters.matrix.base import log
from bot.adapters.matrix.render import PLATFORM, _CommandText, _localpart
from bot.adapters.matrix.rooms import Rooms
from bot.adapters.matrix.sending import Sending
from bot.i18n import SUPPORTED
from bot.messages import Attachment, Incoming

MODERATOR_LEVEL = 50
MAX_ATTACHMENT_BYTES = 1_000_000  # a file sent with a command is read up to this size (a calendar)
DOWNLOAD_SECONDS = 30.0
#: a file message: plain (``url``), or in an encrypted room (``file``: an EncryptedFile, decrypted here)
FILE_EVENTS = (RoomMessageFile, RoomEncryptedFile)


def _creators_privileged(version: str) -> bool:
    """Room versions in which the creators outrank everyone without a power level (12 and later)."""
    return version == "org.matrix.hydra.11" or (version.isdigit() and int(version) >= 12)


class Events(Rooms, Sending):
    """Who sent a message, what it says (with its file), whether it addresses the bot, and who moderates."""

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
        reply_command = self.reply_commands().get(re.sub(r"^[!/]", "", text.strip().lower()).rstrip(" .!")) \
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

    def reply_commands(self) -> dict[str, tuple[str, str]]:
        """What a reply to a message may run, by its words in each language ("save as resource" →
        ("resource", "add")): the command families' message actions that have reply words."""
        return {self.app.i18n.get(lang).t(action.reply_words).lower(): (action.command, action.sub)
                for action in self.app.message_actions if action.reply_words for lang in SUPPORTED}

    async def replied_to_text(self, room_id: str, event_id: str) -> str:
        """The plain text of a message in a room (the one a reply answers), or "" if it cannot be read."""
        from nio import RoomGetEventResponse

        assert self.client is not None
        found = await self.client.room_get_event(room_id, event_id)
        if not isinstance(found, RoomGetEventResponse):
            return ""
        return str((found.event.source.get("content") or {}).get("body") or "")
