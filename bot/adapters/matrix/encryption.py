"""End-to-end encryption as the adapter runs it: keys uploaded, the device cross-signed, unreadable messages."""

from __future__ import annotations

from datetime import timedelta

from nio import (  # type: ignore[import-untyped]  # no type hints
    KeysUploadResponse,
    LocalProtocolError,
    MatrixRoom,
    MegolmEvent,
)

from bot.adapters.matrix import crypto as matrix_crypto
from bot.adapters.matrix.base import log
from bot.adapters.matrix.render import PLATFORM
from bot.adapters.matrix.sending import Sending
from bot.messages import Reply


class Encryption(Sending):
    """The device's keys kept up, and what the bot does with a message it cannot read."""

    def encryption_health(self) -> dict:
        """For ``/healthz``: "ok" unless the device's keys cannot be uploaded (nobody could encrypt for it)."""
        return self.e2e.as_json() if self.encryption else {"status": "ok", "encryption": "off"}

    async def _keys(self) -> None:
        client = self.client
        if not self.encryption or client is None or client.olm is None:
            return
        if client.should_upload_keys:
            resp = await client.keys_upload()
            if isinstance(resp, KeysUploadResponse):
                if self.e2e.key_upload_failures:
                    self.e2e.key_upload_failures, self.e2e.last_key_upload_error = 0, ""
                    await self._save_e2e()
            else:
                self.e2e.key_upload_failures += 1
                self.e2e.last_key_upload_error = str(getattr(resp, "message", resp))[:300]
                self.app.metrics.e2e_problem(PLATFORM, "key_upload_failed")
                log.error("matrix: the homeserver refused the device's encryption keys (%s); nobody can "
                          "encrypt for the bot until this is fixed (see `alliance-bot doctor`)",
                          self.e2e.last_key_upload_error)
                await self._save_e2e()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()

    async def _cross_sign_once(self) -> None:
        """After the first sync whose keys the homeserver has (``_keys``): the cross-signing check, once
        per start. It is not part of being ready (a request, a signature check and the signing library),
        so it comes after that sync is handled."""
        client = self.client
        if (self._cross_signing_checked or not self.encryption or client is None or client.olm is None
                or not client.olm.account.shared):
            return
        self._cross_signing_checked = True
        await self._cross_sign()

    async def _cross_sign(self) -> None:
        """Have the device cross-signed by the bot's own keys (clients that exclude insecure devices
        ignore a device that is not); checked once per start."""
        assert self.client is not None
        password = self.settings.password.get_secret_value() if self.settings.password else None
        try:
            done = await matrix_crypto.ensure_cross_signed(self.client, self.data_dir / "matrix-store", password)
        except matrix_crypto.CrossSigningError as exc:
            self.e2e.cross_signing = f"failed: {exc}"
            self.app.metrics.e2e_problem(PLATFORM, "cross_signing_failed")
            log.error("matrix: the device is not cross-signed (%s); clients that exclude insecure devices will "
                      "not talk to it", exc)
        else:
            self.e2e.cross_signing = "ok"
            log.info("matrix: %s", done)
        await self._save_e2e()

    async def _unreadable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        if self.encryption:
            await self._undecryptable(room, event)
            return
        key = f"unreadable:{room.room_id}"[:100]
        if await self._state(key):
            return
        await self._set_state(key, event.event_id)
        # in the sender's language if they chose one, else the room's, else the default
        tr = await self.app.translator_of(user_id=f"{PLATFORM}:{event.sender}", channel_id=f"{PLATFORM}:{room.room_id}")
        message = tr.t("This room is end-to-end encrypted and I can't read encrypted messages here, so I can't "
                       "answer. Talk to me in an unencrypted room, or ask whoever runs me to turn on "
                       "encryption support.")
        await self._post(room.room_id, Reply(body=((message,),), lang=tr.lang), f"unreadable:{room.room_id}", None)

    async def _undecryptable(self, room: MatrixRoom, event: MegolmEvent) -> None:
        """A message the bot has no key for: count it, ask the sender's devices (and the bot's own) for the
        key, and tell the sender once per room per window what to do."""
        assert self.client is not None
        log.warning("matrix: could not decrypt %s from %s in %s (session %s)", event.event_id, event.sender,
                    room.room_id, event.session_id)
        self.e2e.undecryptable += 1
        self.e2e.last_undecryptable = f"{event.event_id} in {room.room_id}"
        self.app.metrics.e2e_problem(PLATFORM, "undecryptable")
        await self._save_e2e()
        await self._request_key(event)
        key = matrix_crypto.notice_key(room.room_id, event.sender)
        now = self.app.clock.now()
        last = await self._state(key)
        window = timedelta(minutes=self.settings.undecryptable_notice_minutes)
        if last and now.timestamp() - float(last) < window.total_seconds():
            return
        await self._set_state(key, str(now.timestamp()))
        tr = await self.app.translator_of(user_id=f"{PLATFORM}:{event.sender}",
                                          channel_id=f"{PLATFORM}:{room.room_id}")
        message = tr.t("I could not read your encrypted message: my device has no key for it. I have asked your "
                       "devices for the key; if I still do not answer, verify my device (or let your client "
                       "share its keys with unverified devices) and send the message again.")
        await self._post(room.room_id, Reply(body=((message,),), lang=tr.lang), f"undecryptable:{event.event_id}",
                         {"m.in_reply_to": {"event_id": event.event_id}})

    async def _request_key(self, event: MegolmEvent) -> None:
        """Ask for the missing room key as clients do: the bot's own devices (nio's request, which also lets
        nio accept the forwarded key) and the sender's device."""
        client = self.client
        assert client is not None
        if event.session_id not in client.outgoing_key_requests:
            try:
                await self._request(lambda: client.request_room_key(event), "requesting a room key")
            except LocalProtocolError:
                pass  # already asked
        message = event.as_key_request(event.sender, client.device_id or "", event.session_id,
                                       event.device_id or None)
        resp = await self._request(lambda: client.to_device(message, f"keyreq-{event.session_id}-{event.sender}"),
                                   "requesting a room key from its sender")
        log.info("matrix: asked %s (device %s) for the key of session %s: %s", event.sender,
                 event.device_id or "all", event.session_id, type(resp).__name__)
