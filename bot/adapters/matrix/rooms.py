"""The rooms the bot is in: invitations it accepts or declines, and direct chats (``m.direct``)."""

from __future__ import annotations

import json
from typing import Any, TypeGuard
from urllib.parse import quote

from nio import (  # type: ignore[import-untyped]  # no type hints
    AsyncClient,
    InviteMemberEvent,
    JoinResponse,
    RoomCreateResponse,
    RoomPreset,
)

from bot.adapters.matrix.base import MatrixBase, _Unreachable, log

SEND_WAIT_SECONDS = 20  # for a room the bot just made to come down the sync before posting in it


def _direct_content(content: Any) -> dict[str, list[str]]:
    """``m.direct`` content, keeping only well-formed entries (person → list of room ids)."""
    if not isinstance(content, dict):
        return {}
    return {person: [r for r in rooms if isinstance(r, str)] for person, rooms in content.items()
            if isinstance(person, str) and isinstance(rooms, list)}


class Rooms(MatrixBase):
    """Joining the rooms the bot is invited to, and which of them are direct chats."""

    def _direct_url(self) -> str:
        return f"/_matrix/client/v3/user/{quote(self.user_id, safe='')}/account_data/m.direct"

    async def _read_direct(self, client: AsyncClient) -> dict[str, list[str]]:
        """The bot's ``m.direct`` account data (which rooms are direct chats, per person)."""
        resp = await client.send("GET", self._direct_url(),
                                 headers={"Authorization": f"Bearer {client.access_token}"})
        if resp.status == 404:  # never written: no direct chats
            resp.release()
            return {}
        if resp.status != 200:
            raise _Unreachable(f"reading m.direct: HTTP {resp.status}")
        return _direct_content(await resp.json())

    def is_direct(self, room_id: str) -> bool:
        return any(room_id in rooms for rooms in self.direct.values())

    async def _mark_direct(self, room_id: str, person: str) -> None:
        """Record a direct chat someone invited the bot to in ``m.direct``, as clients do on joining."""
        assert self.client is not None
        if room_id in self.direct.get(person, []):
            return
        updated = {**self.direct, person: [*self.direct.get(person, []), room_id]}
        client = self.client
        resp = await self._request(
            lambda: client.send("PUT", self._direct_url(), json.dumps(updated),
                                headers={"Authorization": f"Bearer {client.access_token}",
                                         "Content-Type": "application/json"}),
            "recording a direct chat")
        if hasattr(resp, "release"):
            resp.release()
        if getattr(resp, "status", None) == 200:
            self.direct = updated
        else:
            log.warning("matrix: could not record %s as a direct chat: %s", room_id, getattr(resp, "status", resp))

    def inviter_allowed(self, inviter: str | None) -> TypeGuard[str]:
        if not inviter:
            return False
        allowed = [a.removeprefix("matrix:") for a in self.settings.allowed_inviters]
        server = inviter.split(":", 1)[1] if ":" in inviter else ""
        if not allowed:
            return server == self.user_id.split(":", 1)[1]
        return inviter in allowed or f":{server}" in allowed

    async def _on_invite(self, room_id: str, invite_state: list) -> None:
        assert self.client is not None
        inviter = next((e.sender for e in invite_state
                        if isinstance(e, InviteMemberEvent) and e.state_key == self.user_id
                        and e.membership == "invite"), None)
        if self.inviter_allowed(inviter):
            resp = await self._request(lambda: self.connected_client.join(room_id), f"joining {room_id}")
            log.info("matrix: joined %s on the invitation of %s (%s)", room_id, inviter, type(resp).__name__)
            direct = any(isinstance(e, InviteMemberEvent) and e.state_key == self.user_id
                         and (e.content or {}).get("is_direct") is True for e in invite_state)
            if direct and isinstance(resp, JoinResponse):
                await self._mark_direct(room_id, inviter)
        else:
            await self._request(lambda: self.connected_client.room_leave(room_id), f"declining {room_id}")
            log.info("matrix: declined the invitation to %s from %s", room_id, inviter)

    async def _direct_room(self, people: list[str]) -> str | None:
        """A room with these people invited, marked direct, made once (remembered in the database, so a
        retried post goes to the same room) and known to the client before anything is sent in it."""
        assert self.client is not None
        key = "dm:" + ",".join(people)
        room_id = await self._state(key)
        if room_id is None:
            resp = await self._request(lambda: self.connected_client.room_create(
                invite=people, is_direct=True, preset=RoomPreset.trusted_private_chat), "creating a direct room")
            if not isinstance(resp, RoomCreateResponse):
                log.error("matrix: could not create a room for %s: %s", key, resp)
                return None
            room_id = resp.room_id
            await self._set_state(key, room_id)
        try:
            await self.wait_until(lambda adapter: room_id in adapter.connected_client.rooms, SEND_WAIT_SECONDS)
        except TimeoutError:
            log.warning("matrix: the room %s is not synced yet; the post is retried later", room_id)
            return None
        return room_id
