"""Logging in: the device kept for life, its key store, and the access token or password."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from aiohttp import ClientError
from nio import (  # type: ignore[import-untyped]  # no type hints
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    WhoamiResponse,
)

from bot.adapters.matrix import crypto as matrix_crypto
from bot.adapters.matrix.base import REQUEST_TIMEOUT, _Unreachable, log
from bot.adapters.matrix.render import PLATFORM
from bot.adapters.matrix.rooms import Rooms

KEEP_POSTS = timedelta(days=90)


class MatrixLoginError(RuntimeError):
    """The homeserver refused the bot's credentials: fix the configuration."""


class Login(Rooms):
    """Connecting: one device for life, logged in with the access token or the password."""

    async def connect(self) -> None:
        device_id = await self._state("device_id")
        self.sync_token = await self._state("sync_token")
        store = self.data_dir / "matrix-store"
        if self.encryption:
            store.mkdir(parents=True, exist_ok=True)
            if device_id and not matrix_crypto.store_has_device(store, self.user_id, device_id):
                device_id = self._store_lost(store, device_id)
        config = AsyncClientConfig(
            max_limit_exceeded=0,  # the adapter honours retry_after_ms itself, boundedly
            max_timeouts=0,  # and retries an unreachable server itself, with backoff
            request_timeout=REQUEST_TIMEOUT,
            encryption_enabled=self.encryption,
            store_sync_tokens=False,  # the database holds the sync token
        )
        client = AsyncClient(self.settings.homeserver, self.user_id, device_id=device_id or "",
                             store_path=str(store) if self.encryption else "", config=config)
        try:
            device_id = await self._login(client, device_id)
        except BaseException:
            await client.close()
            raise
        lost = self.e2e.new_device_because_store_lost
        if lost and device_id == lost:  # an access token of the keyless device: nothing else to log in as
            await client.close()
            matrix_crypto.store_file(store, self.user_id, device_id).unlink(missing_ok=True)  # just made, empty
            raise MatrixLoginError(
                f"the encryption keys of device {device_id} are missing from {store}: restore matrix-store from "
                f"the backup, or log the bot in as a new device and set that access token")
        await self._set_state("device_id", device_id)
        if self.e2e.new_device_because_store_lost:
            log.warning("matrix: logged in as new device %s in place of %s, whose keys were lost",
                        device_id, self.e2e.new_device_because_store_lost)
            if self.settings.password is not None:  # removing a device needs the password (interactive auth)
                await self._forget_device(client, self.e2e.new_device_because_store_lost)
        if self.encryption:
            await self._save_e2e()
        try:
            self.direct = await self._read_direct(client)
        except BaseException:
            await client.close()
            raise
        self.client = client
        # one process per device: a claim still "processing" was cut off by a crash before its
        # command committed anything, so the redelivered event may be handled again
        await self.app.tidy_platform(PLATFORM, keep_posts=KEEP_POSTS, release_unfinished=True)
        log.info("matrix: logged in as %s, device %s%s", self.user_id, device_id,
                 " (encryption on)" if self.encryption else "")

    def _store_lost(self, store: Path, device_id: str) -> str | None:
        """The database names a device whose keys are not in the store: new keys under that id would be
        refused by the homeserver and distrusted by every client, so log in as a new device (password)
        or refuse to start (an access token belongs to the old device)."""
        path = matrix_crypto.store_file(store, self.user_id, device_id)
        self.app.metrics.e2e_problem(PLATFORM, "store_lost")
        log.warning("matrix: the encryption keys of device %s are missing (%s not in %s); logging in as a new "
                    "device if the credentials allow: people in encrypted rooms will see a new device of the bot (restore matrix-store "
                    "from the backup to keep the old one)", device_id, path.name, store)
        self.e2e.new_device_because_store_lost = device_id
        return None

    async def _forget_device(self, client: AsyncClient, old_device: str) -> None:
        """Log the keyless old device out, so people's clients stop encrypting for it (best effort)."""
        assert self.settings.password is not None
        auth = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": self.user_id},
                "password": self.settings.password.get_secret_value()}
        try:
            first = await client.delete_devices([old_device])  # asks for the password (interactive auth)
            session = getattr(first, "session", None)
            resp = await client.delete_devices([old_device], auth={**auth, **({"session": session} if session
                                                                               else {})})
        except (ClientError, TimeoutError, OSError, ValueError) as exc:
            resp = exc
        log.info("matrix: removing the old device %s: %s", old_device, type(resp).__name__)

    async def _login(self, client: AsyncClient, stored_device: str | None) -> str:
        """Log in; returns the device id. The access token (with its device) comes first — the
        way in on homeservers behind the Matrix Authentication Service, which issues compatibility
        tokens — and the password is the fallback when no token is set or the token is refused."""
        if self.settings.access_token is not None:
            try:
                return await self._token_login(client)
            except MatrixLoginError as exc:
                if self.settings.password is None:
                    raise
                log.warning("matrix: %s; logging in with the password instead", exc)
                client.access_token = ""
        assert self.settings.password is not None
        client.device_id = stored_device or ""  # the same device as last time, if there was one
        resp = await client.login(self.settings.password.get_secret_value(), device_name=self.settings.device_name)
        if not isinstance(resp, LoginResponse):
            raise self._login_failure(resp)
        return resp.device_id

    async def _token_login(self, client: AsyncClient) -> str:
        """Use the configured access token: the homeserver says whose it is and for which device."""
        assert self.settings.access_token is not None
        token = self.settings.access_token.get_secret_value()
        client.access_token = token
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse):
            raise self._login_failure(who)
        if who.user_id != self.user_id:
            raise MatrixLoginError(f"the access token belongs to {who.user_id}, not to matrix.user_id {self.user_id}")
        configured = self.settings.device_id
        if configured and who.device_id and who.device_id != configured:
            raise MatrixLoginError(f"the access token belongs to device {who.device_id}, "
                                   f"not to matrix.device_id {configured}")
        device_id = who.device_id or configured
        if not device_id:
            raise MatrixLoginError("the homeserver did not say which device the access token belongs to: "
                                   "set matrix.device_id")
        client.restore_login(self.user_id, device_id, token)
        return device_id

    @staticmethod
    def _login_failure(resp: Any) -> Exception:
        status = getattr(resp, "status_code", "") or ""
        if status in ("M_FORBIDDEN", "M_UNKNOWN_TOKEN", "M_USER_DEACTIVATED", "M_INVALID_PARAM"):
            return MatrixLoginError(f"the homeserver refused the bot's login: {status} {getattr(resp, 'message', '')}")
        return _Unreachable(f"login failed: {resp}")
