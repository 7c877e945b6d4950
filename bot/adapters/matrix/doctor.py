"""Matrix checks for ``alliance-bot doctor``: homeserver reachable, credentials accepted."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import quote

import aiohttp

from bot.checks import Check
from bot.settings import MatrixSection, Settings

TIMEOUT = aiohttp.ClientTimeout(total=10)
TOKEN_ENV = "ALLIANCE_BOT_MATRIX__ACCESS_TOKEN"
PASSWORD_ENV = "ALLIANCE_BOT_MATRIX__PASSWORD"


async def check_matrix(section: MatrixSection) -> list[Check]:
    if not section.homeserver:
        return [Check("matrix homeserver", False, "matrix.homeserver is empty",
                      'set [matrix] homeserver, e.g. "https://matrix.example.org"')]
    if not section.user_id:
        return [Check("matrix user", False, "matrix.user_id is empty",
                      'set [matrix] user_id to the bot\'s full id, e.g. "@alliance-bot:example.org"')]
    base = section.homeserver.rstrip("/")
    async with aiohttp.ClientSession(timeout=TIMEOUT) as http:
        reachable = await _check_reachable(http, base)
        if not reachable.ok:
            return [reachable]
        return [reachable, await _check_credentials(http, base, section)]


async def _check_reachable(http: aiohttp.ClientSession, base: str) -> Check:
    name = "matrix homeserver"
    try:
        async with http.get(f"{base}/_matrix/client/versions") as response:
            body = await response.json(content_type=None) if response.status == 200 else None
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as exc:
        return Check(name, False, f"cannot reach {base}: {type(exc).__name__}",
                     "check [matrix] homeserver (the client-server API URL), the network and the firewall")
    if not isinstance(body, dict) or "versions" not in body:
        return Check(name, False, f"{base} answered but is not a Matrix homeserver",
                     "set [matrix] homeserver to the client-server API URL (see /.well-known/matrix/client)")
    return Check(name, True, f"{base} reachable (spec versions up to {body['versions'][-1]})")


async def _check_credentials(http: aiohttp.ClientSession, base: str, section: MatrixSection) -> Check:
    name = "matrix credentials"
    token = section.access_token.get_secret_value() if section.access_token else ""
    password = section.password.get_secret_value() if section.password else ""
    try:
        if token:
            return await _whoami(http, base, section.user_id, token)
        if password:
            return await _login_logout(http, base, section.user_id, password)
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError, ValueError) as exc:
        return Check(name, False, f"the homeserver stopped answering: {type(exc).__name__}",
                     "check the homeserver's health and try again")
    return Check(name, False, f"neither {TOKEN_ENV} nor {PASSWORD_ENV} is set",
                 f"set {TOKEN_ENV} (preferred) or {PASSWORD_ENV} for {section.user_id}")


async def _whoami(http: aiohttp.ClientSession, base: str, user_id: str, token: str) -> Check:
    name = "matrix credentials"
    headers = {"Authorization": f"Bearer {token}"}
    async with http.get(f"{base}/_matrix/client/v3/account/whoami", headers=headers) as response:
        body = await response.json(content_type=None)
    if response.status != 200:
        return Check(name, False, f"whoami refused the access token: {body.get('errcode', response.status)}",
                     f"the token is invalid or was logged out: log in as the bot again and set {TOKEN_ENV}")
    if body.get("user_id") != user_id:
        return Check(name, False, f"the access token belongs to {body.get('user_id')}, not {user_id}",
                     f"set [matrix] user_id to {body.get('user_id')} or use a token of {user_id}")
    return Check(name, True, f"whoami ok: {user_id} (device {body.get('device_id', '?')})")


async def _login_logout(http: aiohttp.ClientSession, base: str, user_id: str, password: str) -> Check:
    """Log in with the password, then log that session out again so no device is left behind."""
    name = "matrix credentials"
    login = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": user_id},
             "password": password, "initial_device_display_name": "alliance-bot doctor"}
    async with http.post(f"{base}/_matrix/client/v3/login", json=login) as response:
        body = await response.json(content_type=None)
    if response.status != 200:
        return Check(name, False, f"password login refused: {body.get('errcode', response.status)}",
                     f"check {PASSWORD_ENV} and [matrix] user_id ({user_id})")
    headers = {"Authorization": f"Bearer {body['access_token']}"}
    async with http.post(f"{base}/_matrix/client/v3/logout", headers=headers, json={}):
        pass
    return Check(name, True, f"password login ok for {quote(body.get('user_id', user_id), safe='@:')}")


async def check_matrix_encryption(settings: Settings) -> list[Check]:
    """The device's key store is there, and what the running bot last recorded about its keys and
    about messages it could not decrypt (the adapter keeps that in the database)."""
    from nio.crypto import ENCRYPTION_ENABLED  # type: ignore[import-untyped]  # no type hints

    from bot.adapters.matrix import crypto as matrix_crypto
    from storage import db, deliveries

    name = "matrix encryption"  # names no longer than the other matrix checks': doctor's columns stay put
    if not settings.matrix.encryption or not ENCRYPTION_ENABLED:
        return [Check(name, None, "off ([matrix] encryption = false, or the e2e extra is not installed)")]
    engine = db.create_engine(settings.database_url)
    try:
        async with asyncio.timeout(10):
            async with db.create_sessionmaker(engine).begin() as session:
                device_id = await deliveries.get_state(session, "matrix", "device_id")
                recorded = matrix_crypto.E2EHealth.loads(
                    await deliveries.get_state(session, "matrix", matrix_crypto.HEALTH_STATE_KEY))
    except Exception as exc:  # the database check above says what is wrong with the database
        return [Check(name, None, f"cannot read the bot's state: {type(exc).__name__}")]
    finally:
        await engine.dispose()
    store = Path(settings.bot.data_dir) / "matrix-store"
    checks: list[Check] = []
    if not device_id:
        checks.append(Check("matrix keystore", True, "no device yet: the first start creates it"))
    elif matrix_crypto.store_has_device(store, settings.matrix.user_id, device_id):
        checks.append(Check("matrix keystore", True, f"keys of device {device_id} in {store}"))
    else:
        checks.append(Check("matrix keystore", False, f"the keys of device {device_id} are missing from {store}",
                            "restore matrix-store from the backup; otherwise the bot logs in as a new device "
                            "(password) or refuses to start (access token)"))
    failures = int(recorded.get("key_upload_failures") or 0)
    if failures:
        checks.append(Check("matrix key upload", False,
                            f"the homeserver refused the device's key upload {failures} time(s) in a row: "
                            f"{recorded.get('last_key_upload_error', '')}",
                            "the store does not match the device: restore matrix-store from the backup, or "
                            "remove the device id (the bot then logs in as a new device)"))
    else:
        checks.append(Check("matrix key upload", True, "the last key upload was accepted" if recorded
                            else "nothing recorded yet"))
    signing = str(recorded.get("cross_signing") or "")
    if signing.startswith("failed"):
        checks.append(Check("matrix crosssign", False, f"the device is not cross-signed: {signing}",
                            "set ALLIANCE_BOT_MATRIX__PASSWORD (needed once to upload the keys), or restore "
                            "cross-signing.json into matrix-store from the backup"))
    elif signing:
        checks.append(Check("matrix crosssign", True, "the device is cross-signed by the bot's own keys"))
    unreadable = int(recorded.get("undecryptable_messages") or 0)
    checks.append(Check("matrix unreadable", True if not unreadable else None,
                        f"{unreadable} message(s) could not be decrypted since the bot last started"
                        + (f", the last {recorded.get('last_undecryptable')}" if unreadable else "")))
    return checks
