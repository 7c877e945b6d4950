"""Matrix end-to-end encryption upkeep: the device's key store, key uploads, unreadable messages.

* The device's keys live in one SQLite file of matrix-nio's store
  (``data_dir/matrix-store/<user>_<device>.db``). A device id kept in the database
  without that file (or with a file that holds no account for it) means the
  store was lost: new keys under the old device id would be rejected by the
  homeserver and distrusted by everyone's clients, so the adapter logs in as a
  new device instead (password login) or refuses to start (access token, which
  is bound to the old device).
* ``E2EHealth`` counts failed key uploads and messages that could not be
  decrypted, for ``/healthz``, ``/metrics`` and ``doctor`` (the adapter mirrors
  it into the database so that ``doctor``, a separate process, can read it).
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

#: platform-state key under which the adapter keeps its ``E2EHealth`` for ``doctor``
HEALTH_STATE_KEY = "e2e_health"


def store_file(store_dir: Path, user_id: str, device_id: str) -> Path:
    """Where matrix-nio's default store keeps the keys of ``device_id`` (its naming)."""
    return Path(store_dir) / f"{user_id}_{device_id}.db"


def store_has_device(store_dir: Path, user_id: str, device_id: str) -> bool:
    """True when the store holds the Olm account of ``device_id`` (read-only look, no side effect)."""
    path = store_file(store_dir, user_id, device_id)
    if not path.is_file() or path.stat().st_size == 0:
        return False
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT count(*) FROM accounts WHERE user_id = ? AND device_id = ?",
                             (user_id, device_id)).fetchone()
    except sqlite3.Error:
        return False
    return bool(row and row[0])


def decrypt_file(ciphertext: bytes, encrypted: dict) -> bytes | None:
    """The plaintext of an attachment sent in an encrypted room (an ``EncryptedFile``: key, iv, sha256),
    or None when it does not check out."""
    from nio.crypto import decrypt_attachment  # type: ignore[import-untyped]  # no type hints
    from nio.exceptions import EncryptionError  # type: ignore[import-untyped]  # no type hints

    try:
        return decrypt_attachment(ciphertext, encrypted["key"]["k"], encrypted["hashes"]["sha256"], encrypted["iv"])
    except (EncryptionError, KeyError, TypeError, ValueError):
        return None


def notice_key(room_id: str, sender: str) -> str:
    """Platform-state key remembering when ``sender`` was last told in ``room_id`` that a message was unreadable."""
    return "undecryptable:" + hashlib.sha256(f"{room_id}\0{sender}".encode()).hexdigest()[:40]


@dataclass
class E2EHealth:
    """What went wrong with encryption since start (one per adapter)."""

    key_upload_failures: int = 0  # consecutive; back to 0 after an upload that succeeds
    last_key_upload_error: str = ""
    undecryptable: int = 0  # messages that could not be decrypted since start
    last_undecryptable: str = ""  # "<event id> in <room id>"
    new_device_because_store_lost: str = ""  # the old device id, when the store was found missing
    cross_signing: str = ""  # "ok", "failed: <why>", or "" before it was checked

    @property
    def ok(self) -> bool:
        """False while the device's keys cannot be uploaded: nobody can then encrypt for the bot."""
        return self.key_upload_failures == 0

    def as_json(self) -> dict:
        return {
            "status": "ok" if self.ok else "key upload failing",
            "key_upload_failures": self.key_upload_failures,
            "last_key_upload_error": self.last_key_upload_error,
            "undecryptable_messages": self.undecryptable,
            "last_undecryptable": self.last_undecryptable,
            "store_lost_for_device": self.new_device_because_store_lost,
            "cross_signing": self.cross_signing,
        }

    def dumps(self) -> str:
        return json.dumps(self.as_json(), sort_keys=True)

    @staticmethod
    def loads(value: str | None) -> dict:
        try:
            data = json.loads(value or "{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}


# ------------------------------------------------------------------ cross-signing
# Clients that exclude insecure devices (MSC4153) only talk to devices their owner cross-signed:
# master key → self-signing key → device. The private keys are kept next to the device's keys.

CROSS_SIGNING_FILE = "cross-signing.json"


def canonical_json(value: dict) -> bytes:
    """The Matrix spec's canonical JSON (sorted keys, no spaces, UTF-8)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    import base64

    return base64.b64decode(text + "=" * (-len(text) % 4))


def signed(value: dict, seed: bytes, user_id: str) -> dict:
    """``value`` with an ed25519 signature by the key of ``seed`` added (as the spec signs JSON)."""
    from nacl.signing import SigningKey

    key = SigningKey(seed)
    public = _b64(bytes(key.verify_key))
    bare = {k: v for k, v in value.items() if k not in ("signatures", "unsigned")}
    signature = _b64(key.sign(canonical_json(bare)).signature)
    out = dict(value)
    out["signatures"] = {**value.get("signatures", {})}
    out["signatures"][user_id] = {**out["signatures"].get(user_id, {}), f"ed25519:{public}": signature}
    return out


def signature_valid(value: dict, user_id: str, public: str) -> bool:
    """True when ``value`` carries a valid signature by the ed25519 key ``public`` (unpadded base64)."""
    from nacl.exceptions import BadSignatureError
    from nacl.signing import VerifyKey

    signature = (value.get("signatures", {}).get(user_id) or {}).get(f"ed25519:{public}")
    if not signature:
        return False
    bare = {k: v for k, v in value.items() if k not in ("signatures", "unsigned")}
    try:
        VerifyKey(_unb64(public)).verify(canonical_json(bare), _unb64(signature))
    except (BadSignatureError, ValueError):
        return False
    return True


def public_key(seed: bytes) -> str:
    from nacl.signing import SigningKey

    return _b64(bytes(SigningKey(seed).verify_key))


def key_object(user_id: str, usage: str, seed: bytes) -> dict:
    public = public_key(seed)
    return {"user_id": user_id, "usage": [usage], "keys": {f"ed25519:{public}": public}}


def only_key(obj: dict | None) -> str | None:
    """The public key of a cross-signing key object, as /keys/query returns it."""
    keys = list(((obj or {}).get("keys") or {}).values())
    return keys[0] if len(keys) == 1 else None


def load_seeds(store_dir: Path) -> dict[str, bytes] | None:
    path = Path(store_dir) / CROSS_SIGNING_FILE
    try:
        data = json.loads(path.read_text())
        return {usage: _unb64(data[usage]) for usage in ("master", "self_signing", "user_signing")}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_seeds(store_dir: Path, seeds: dict[str, bytes]) -> None:
    import os

    path = Path(store_dir) / CROSS_SIGNING_FILE
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump({usage: _b64(seed) for usage, seed in seeds.items()}, f)


def new_seeds() -> dict[str, bytes]:
    import os

    return {usage: os.urandom(32) for usage in ("master", "self_signing", "user_signing")}


def device_signed_by_owner(query: dict, user_id: str, device_id: str, master_public: str | None = None) -> str:
    """Check the chain master → self-signing → device in a ``/keys/query`` answer: "" when it holds,
    else what is wrong. ``master_public``: the master key expected (None: whichever is published)."""
    master = only_key((query.get("master_keys") or {}).get(user_id))
    if master is None:
        return "no master key published"
    if master_public is not None and master != master_public:
        return "the published master key is not the one in the store"
    self_signing_obj = (query.get("self_signing_keys") or {}).get(user_id) or {}
    ssk = only_key(self_signing_obj)
    if ssk is None or not signature_valid(self_signing_obj, user_id, master):
        return "the self-signing key is missing or not signed by the master key"
    device = ((query.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    if device is None:
        return f"device {device_id} has no published keys"
    if not signature_valid(device, user_id, ssk):
        return f"device {device_id} is not signed by the self-signing key"
    return ""


async def _call(client, method: str, path: str, body: dict | None = None) -> tuple[int, dict]:
    resp = await client.send(method, path, json.dumps(body) if body is not None else None,
                             headers={"Authorization": f"Bearer {client.access_token}",
                                      "Content-Type": "application/json"})
    try:
        data = await resp.json(content_type=None)
    except ValueError:
        data = {}
    return resp.status, data if isinstance(data, dict) else {}


async def query_own_keys(client) -> dict:
    status, data = await _call(client, "POST", "/_matrix/client/v3/keys/query",
                               {"device_keys": {client.user_id: []}})
    if status != 200:
        raise CrossSigningError(f"/keys/query answered {status}: {data.get('errcode', '')}")
    return data


class CrossSigningError(RuntimeError):
    pass


async def ensure_cross_signed(client, store_dir: Path, password: str | None) -> str:
    """Make sure the bot's device is cross-signed by its owner; returns what was done.

    First time: create master, self-signing and user-signing keys, keep their private halves in
    the store, upload them (interactive auth with the password if the homeserver asks), then sign
    the device with the self-signing key. Published keys whose private halves are not in the
    store (a lost store) are replaced when the password is there to authorise it. Every start: check the published chain, and sign the
    device again if only that link is missing. Raises ``CrossSigningError`` saying what failed.
    """
    user_id, device_id = client.user_id, client.device_id
    seeds = load_seeds(store_dir)
    query = await query_own_keys(client)
    published_master = only_key((query.get("master_keys") or {}).get(user_id))
    if seeds is not None and published_master == public_key(seeds["master"]):
        if not device_signed_by_owner(query, user_id, device_id, published_master):
            return "device cross-signed (checked)"
        done = "device signed again"
    elif seeds is None and published_master is not None and not password:
        raise CrossSigningError(
            f"{user_id} already has a master key ({published_master}) whose private key is not in the store: "
            "restore cross-signing.json from the backup, or reset the account's cross-signing keys")
    else:  # no keys yet; the store's keys were never uploaded; or they were lost (replaced, password needed)
        seeds = seeds or new_seeds()
        save_seeds(store_dir, seeds)
        master = key_object(user_id, "master", seeds["master"])
        upload = {
            "master_key": master,
            "self_signing_key": signed(key_object(user_id, "self_signing", seeds["self_signing"]),
                                       seeds["master"], user_id),
            "user_signing_key": signed(key_object(user_id, "user_signing", seeds["user_signing"]),
                                       seeds["master"], user_id),
        }
        path = "/_matrix/client/v3/keys/device_signing/upload"
        status, data = await _call(client, "POST", path, upload)
        if status == 401 and password:
            auth = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": user_id},
                    "password": password, **({"session": data["session"]} if "session" in data else {})}
            status, data = await _call(client, "POST", path, {**upload, "auth": auth})
        if status != 200:
            raise CrossSigningError(f"uploading the cross-signing keys failed: {status} {data.get('errcode', '')} "
                                    f"{data.get('error', '')}".strip())
        query = await query_own_keys(client)
        done = "cross-signing keys created and device signed"
    device = ((query.get("device_keys") or {}).get(user_id) or {}).get(device_id)
    if device is None:
        raise CrossSigningError(f"device {device_id} has no published keys to sign")
    device = {k: v for k, v in device.items() if k != "unsigned"}
    device_signature = signed({**device, "signatures": {}}, seeds["self_signing"], user_id)["signatures"]
    status, data = await _call(client, "POST", "/_matrix/client/v3/keys/signatures/upload",
                               {user_id: {device_id: {**device, "signatures": device_signature}}})
    if status != 200 or data.get("failures"):
        raise CrossSigningError(f"uploading the device's signature failed: {status} {data.get('failures') or data}")
    problem = device_signed_by_owner(await query_own_keys(client), user_id, device_id, public_key(seeds["master"]))
    if problem:
        raise CrossSigningError(problem)
    return done
