"""Posting: a reply rendered, sent with a transaction id, and the file and native poll that go with it."""

from __future__ import annotations

import hashlib
import io
from typing import Any

from nio import MatrixRoom, RoomSendResponse, UploadResponse  # type: ignore[import-untyped]  # no type hints

from bot.adapters.matrix.base import MatrixBase, log
from bot.adapters.matrix.render import PLATFORM, MatrixRenderer, _localpart
from bot.messages import Reply, reactions_of

#: native polls as current clients send and show them (MSC3381's unstable event types: no stable room version
#: has the extensible events the stable ``m.poll.*`` types need)
POLL_START, POLL_RESPONSE = "org.matrix.msc3381.poll.start", "org.matrix.msc3381.poll.response"
TEXT_KEY = "org.matrix.msc1767.text"
#: a vote for option n of a poll: the keycap digits 1⃣ … 9⃣ and 🔟 (compared without the variation selector)
BALLOT_ANSWER = "ballot"  # the posted-message key for what an answer to a native poll runs


def txn_id(key: str) -> str:
    """A transaction id that is the same every time the same thing is sent."""
    return "a87-" + hashlib.sha256(key.encode()).hexdigest()[:40]


class Sending(MatrixBase):
    """What the bot posts in a room, each send retried safely under its transaction id."""

    def renderer(self, room: MatrixRoom | None, lang: str | None = None) -> MatrixRenderer:
        def name_of(user_id: str) -> str:
            return (room.user_name(user_id) if room and user_id in room.users else None) or _localpart(user_id)

        tr = self.app.i18n.get(lang or self.app.settings.bot.locale)  # the reply's language
        return MatrixRenderer(name_of=name_of, allow_room_mentions=self.settings.allow_room_mentions,
                              prefix=self.app.settings.bot.command_prefix,
                              more_label=lambda n: tr.tn("and {n} more", "and {n} more", n))

    async def _post(self, room_id: str, reply: Reply, key: str, relates: dict | None, *,
                    addressed: bool = False) -> str | None:
        """Send one reply; returns its event id (None if it could not be sent).

        Answers are ``m.notice`` (the default push rules keep them quiet). A post the bot makes on
        its own (``addressed``) that is meant for people — it mentions someone, or it is a reminder —
        is ``m.text``: with its intentional mentions (``m.mentions``) the homeserver's default push
        rules notify the people it names, which they never do for a notice.
        """
        assert self.client is not None
        renderer = self.renderer(self.client.rooms.get(room_id), reply.lang)
        body, formatted = renderer.render(reply)
        for_people = addressed and (bool(renderer.mentions) or renderer.room_mention or reply.notify)
        content: dict[str, Any] = {
            "msgtype": "m.text" if for_people else "m.notice",
            "body": body,
            "format": "org.matrix.custom.html",
            "formatted_body": formatted,
            "m.mentions": {"user_ids": sorted(renderer.mentions),
                           **({"room": True} if renderer.room_mention else {})},
        }
        if relates:
            content["m.relates_to"] = relates
        event_id = await self._send_event(room_id, content, txn_id(key))
        if event_id:  # what it is about and what reactions to it run (nothing kept when neither)
            await self.app.remember_post(PLATFORM, event_id, f"{PLATFORM}:{room_id}", reply)
        if event_id and reply.attachment:
            await self._send_file(room_id, reply, txn_id(key + ":file"))
        if event_id and reply.ballot:
            await self._send_ballot(room_id, reply, key + ":poll")
        return event_id

    async def _send_event(self, room_id: str, content: dict, txn: str) -> str | None:
        assert self.client is not None
        if self.client.olm is not None and room_id not in self.client.rooms:
            log.error("matrix: cannot send to %s: the bot is not in that room", room_id)
            return None
        resp = await self._request(
            lambda: self.connected_client.room_send(room_id, "m.room.message", content, tx_id=txn,
                                                    ignore_unverified_devices=True),
            f"sending to {room_id}",
        )
        if isinstance(resp, RoomSendResponse):
            self.app.metrics.delivery(PLATFORM, "ok")
            return resp.event_id
        self.app.metrics.delivery(PLATFORM, "failed")
        log.error("matrix: could not send to %s: %s", room_id, resp)
        return None

    async def _send_file(self, room_id: str, reply: Reply, txn: str) -> None:
        assert self.client is not None and reply.attachment is not None
        file = reply.attachment
        room = self.client.rooms.get(room_id)
        encrypt = bool(room and room.encrypted and self.encryption)
        uploaded = await self._request(
            lambda: self.connected_client.upload(io.BytesIO(file.content), content_type=file.mimetype,
                                                 filename=file.filename, encrypt=encrypt, filesize=len(file.content)),
            f"uploading {file.filename}",
        )
        resp, keys = uploaded if isinstance(uploaded, tuple) else (uploaded, None)
        if not isinstance(resp, UploadResponse):
            log.error("matrix: could not upload %s: %s", file.filename, resp)
            return
        info: dict[str, Any] = {"mimetype": file.mimetype, "size": len(file.content)}
        content: dict[str, Any] = {"msgtype": "m.file", "body": file.filename, "filename": file.filename, "info": info}
        if file.is_image:  # an image with its text alternative as the body, as clients read it aloud
            content.update(msgtype="m.image", body=file.alt_text or file.filename)
            if file.size:
                info.update(w=file.size[0], h=file.size[1])
        if keys:
            content["file"] = {**keys, "url": resp.content_uri}
        else:
            content["url"] = resp.content_uri
        await self._send_event(room_id, content, txn)

    async def _send_ballot(self, room_id: str, reply: Reply, key: str) -> None:
        """The ballot as a native poll event too; its answers come back as the command the ballot names."""
        ballot = reply.ballot
        assert ballot is not None and self.client is not None
        fallback = ballot.question + "\n" + "\n".join(f"{n}. {o}" for n, o in enumerate(ballot.options, start=1))
        content = {
            POLL_START: {
                "kind": "org.matrix.msc3381.poll.disclosed", "max_selections": ballot.max_selections,
                "question": {TEXT_KEY: ballot.question},
                "answers": [{"id": str(n), TEXT_KEY: o} for n, o in enumerate(ballot.options, start=1)],
            },
            TEXT_KEY: fallback,
        }
        resp = await self._request(lambda: self.connected_client.room_send(room_id, POLL_START, content,
                                                                           tx_id=txn_id(key),
                                                                           ignore_unverified_devices=True),
                                   f"sending a poll to {room_id}")
        if isinstance(resp, RoomSendResponse) and ballot.answer is not None:
            # its answers run the ballot's command with the chosen numbers after it; a client without
            # native polls shows the numbered fallback, where a reaction with a number votes as on the card
            answer = f"{ballot.answer.action_id} {ballot.answer.value}"
            await self.app.remember_post(PLATFORM, resp.event_id, f"{PLATFORM}:{room_id}", reply,
                                         reactions={**reactions_of(reply), BALLOT_ANSWER: answer})
