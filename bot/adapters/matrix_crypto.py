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
