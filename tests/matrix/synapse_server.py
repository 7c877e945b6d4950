"""Run a real Matrix Synapse homeserver on loopback for tests.

This is a plain helper module (no tests in here).  ``SynapseServer`` writes a
minimal, test-oriented ``homeserver.yaml`` into a directory of its own, spawns
``python -m synapse.app.homeserver`` as a child process and waits until the
client API answers.

Design points:

* The listener binds 127.0.0.1 only, on a port found by binding 127.0.0.1:0.
* The child gets ``PR_SET_PDEATHSIG(SIGKILL)`` so a killed test run does not
  leave a server behind, and its own session so a Ctrl-C in the terminal
  reaches pytest (which then stops the server cleanly) rather than Synapse.
  Caveat: Linux delivers the death signal when the *thread* that spawned the
  child exits.  Call ``start()``/``restart()`` from a long-lived thread (the
  main thread, as pytest does), never from ``asyncio.to_thread``.
* stdout/stderr go to a file, never to an inherited pipe.
* Processes are only ever signalled by the pid this object started.
* All ``rc_*`` rate limiters are opened wide unless ``real_rate_limits=True``,
  because every test client shares 127.0.0.1 and would otherwise trip the
  per-address limits (login burst 5, ...).

Synapse itself is AGPL; it is only used as a test dependency, never vendored.
"""

from __future__ import annotations

import ctypes
import hashlib
import hmac
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

__all__ = ["SynapseServer", "SynapseStartError"]

_PR_SET_PDEATHSIG = 1

# Every new-style limiter Synapse 1.16x knows about, opened wide for tests.
_WIDE = {"per_second": 10000, "burst_count": 10000}
_WIDE_RATE_LIMITS: dict[str, Any] = {
    "rc_message": _WIDE,
    "rc_registration": _WIDE,
    "rc_registration_token_validity": _WIDE,
    "rc_login": {"address": _WIDE, "account": _WIDE, "failed_attempts": _WIDE},
    "rc_admin_redaction": _WIDE,
    "rc_joins": {"local": _WIDE, "remote": _WIDE},
    "rc_joins_per_room": _WIDE,
    "rc_key_requests": _WIDE,
    "rc_3pid_validation": _WIDE,
    "rc_invites": {"per_room": _WIDE, "per_user": _WIDE, "per_issuer": _WIDE},
    "rc_third_party_invite": _WIDE,
    "rc_media_create": _WIDE,
    "rc_presence": {"per_user": _WIDE},
    "rc_delayed_event_mgmt": _WIDE,
    "rc_room_creation": _WIDE,
    "rc_reports": _WIDE,
    "rc_user_directory": _WIDE,
    "rc_profile": _WIDE,
}

# urllib honours http_proxy & co from the environment; loopback must never go
# through a proxy.
_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class SynapseStartError(RuntimeError):
    """Synapse died or did not become ready; the message carries the log tail."""


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        # Same option Twisted sets on its listening sockets, so a port that is
        # merely in TIME_WAIT counts as free.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


def _make_preexec(parent_pid: int):
    libc = ctypes.CDLL(None, use_errno=True)

    def preexec() -> None:  # runs in the child between fork and exec
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # The parent may have died before prctl took effect.
        if os.getppid() != parent_pid:
            os._exit(1)

    return preexec


class SynapseServer:
    """One Synapse process serving the client API on 127.0.0.1.

    Typical use::

        server = SynapseServer(tmp_path / "hs")
        server.start()
        user_id = server.register_user("alice", "secret")
        ...  # point matrix-nio at server.base_url
        server.stop()

    The object may be started again after ``stop()``; data (sqlite DB, media,
    signing key) persists in ``base_dir`` and the port is kept when possible.
    """

    def __init__(
        self,
        base_dir: Path,
        *,
        real_rate_limits: bool = False,
        server_name: str = "localhost",
        startup_timeout: float = 60.0,
        extra_config: dict[str, Any] | None = None,
    ) -> None:
        self.base_dir = Path(base_dir).resolve()
        self.real_rate_limits = real_rate_limits
        self._server_name = server_name
        self.startup_timeout = startup_timeout
        self.extra_config = dict(extra_config or {})
        self._registration_secret = secrets.token_hex(32)
        self._macaroon_secret = secrets.token_hex(32)
        self._form_secret = secrets.token_hex(32)
        self._port: int | None = None
        self._proc: subprocess.Popen[bytes] | None = None
        self._paused = False
        #: wall-clock seconds the last successful start() took (spawn -> ready)
        self.last_start_seconds: float | None = None

    # ------------------------------------------------------------------ paths
    @property
    def config_path(self) -> Path:
        return self.base_dir / "homeserver.yaml"

    @property
    def log_path(self) -> Path:
        """Synapse's own log (the logging config writes here)."""
        return self.base_dir / "homeserver.log"

    @property
    def output_path(self) -> Path:
        """The child's raw stdout/stderr (tracebacks before logging is set up)."""
        return self.base_dir / "homeserver.stdout.log"

    # ------------------------------------------------------------- properties
    @property
    def server_name(self) -> str:
        return self._server_name

    @property
    def port(self) -> int:
        if self._port is None:
            raise RuntimeError("SynapseServer has not been started")
        return self._port

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        """Pid of the running child, or None when not running."""
        if self._proc is None or self._proc.poll() is not None:
            return None
        return self._proc.pid

    @property
    def is_running(self) -> bool:
        return self.pid is not None

    def user_id(self, localpart: str) -> str:
        return f"@{localpart}:{self._server_name}"

    # ------------------------------------------------------------- lifecycle
    def start(self) -> None:
        """Write the config, spawn Synapse and wait until it answers.

        Keeps the previous port if there was one and it is still free;
        otherwise picks a fresh one.  A port clash during startup is retried
        once on a fresh port.  Raises SynapseStartError with the log tail.
        """
        if self.is_running:
            raise RuntimeError(f"Synapse already running (pid {self.pid})")
        self.base_dir.mkdir(parents=True, exist_ok=True)
        (self.base_dir / "media_store").mkdir(exist_ok=True)

        if self._port is None or not _port_is_free(self._port):
            self._port = _free_port()
        try:
            self._spawn_and_wait()
        except SynapseStartError as exc:
            if not exc.args[0].startswith("port clash"):
                raise
            self._port = _free_port()
            self._spawn_and_wait()

    def stop(self, timeout: float = 5.0) -> None:
        """SIGTERM the child we started; SIGKILL the same pid if it lingers."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            if self._paused:
                proc.send_signal(signal.SIGCONT)
            proc.send_signal(signal.SIGTERM)  # Popen won't signal a reaped pid
            try:
                proc.wait(timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout)
        self._paused = False
        self._proc = None

    def kill(self) -> None:
        """SIGKILL the child (simulates a crash of the homeserver)."""
        proc = self._proc
        if proc is None:
            return
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)
        self._paused = False
        self._proc = None

    def restart(self) -> None:
        """stop() then start() on the same data dir (same port if still free)."""
        old_port = self._port
        self.stop()
        self.start()
        if old_port is not None and self._port != old_port:
            # Not fatal, but clients holding the old base_url will not follow.
            print(
                f"SynapseServer.restart: port {old_port} was taken, now on {self._port}",
                file=sys.stderr,
            )

    def pause(self) -> None:
        """SIGSTOP: the port stays bound but nothing answers (a hung server)."""
        if self._proc is not None and self._proc.poll() is None and not self._paused:
            self._proc.send_signal(signal.SIGSTOP)
            self._paused = True

    def resume(self) -> None:
        if self._proc is not None and self._proc.poll() is None and self._paused:
            self._proc.send_signal(signal.SIGCONT)
            self._paused = False

    def __enter__(self) -> SynapseServer:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # ----------------------------------------------------------------- users
    def register_user(self, localpart: str, password: str, admin: bool = False) -> str:
        """Create a user via the shared-secret admin API; returns the user id.

        Blocking (~20 ms); fine to call from async tests.  Use
        ``register_user_full`` to also get the access token / device id that
        registration hands out.
        """
        return self.register_user_full(localpart, password, admin=admin)["user_id"]

    def register_user_full(
        self, localpart: str, password: str, admin: bool = False
    ) -> dict[str, Any]:
        path = "/_synapse/admin/v1/register"
        nonce = self._request("GET", path)["nonce"]
        mac = hmac.new(self._registration_secret.encode(), digestmod=hashlib.sha1)
        mac.update(nonce.encode())
        mac.update(b"\x00")
        mac.update(localpart.encode())
        mac.update(b"\x00")
        mac.update(password.encode())
        mac.update(b"\x00")
        mac.update(b"admin" if admin else b"notadmin")
        body = {
            "nonce": nonce,
            "username": localpart,
            "password": password,
            "admin": admin,
            "mac": mac.hexdigest(),
        }
        return self._request("POST", path, body)

    # -------------------------------------------------------------- internal
    def log_tail(self, lines: int = 40) -> str:
        parts = []
        for p in (self.output_path, self.log_path):
            try:
                text = p.read_text(errors="replace").splitlines()
            except FileNotFoundError:
                continue
            parts.append(f"--- {p.name} (last {lines} lines) ---")
            parts.extend(text[-lines:])
        return "\n".join(parts)

    def _request(
        self, method: str, path: str, body: dict[str, Any] | None = None, timeout: float = 10
    ) -> dict[str, Any]:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base_url + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with _OPENER.open(req, timeout=timeout) as resp:
                return json.loads(resp.read())
        except urllib.error.HTTPError as exc:
            detail = exc.read().decode(errors="replace")
            raise RuntimeError(f"{method} {path} -> HTTP {exc.code}: {detail}") from None

    def _config(self) -> dict[str, Any]:
        d = self.base_dir
        cfg: dict[str, Any] = {
            "server_name": self._server_name,
            "public_baseurl": f"http://127.0.0.1:{self._port}/",
            "pid_file": str(d / "homeserver.pid"),
            "listeners": [
                {
                    "port": self._port,
                    "type": "http",
                    "tls": False,
                    "x_forwarded": False,
                    "bind_addresses": ["127.0.0.1"],
                    "resources": [{"names": ["client"], "compress": False}],
                }
            ],
            "database": {
                "name": "sqlite3",
                "args": {"database": str(d / "homeserver.db")},
            },
            "media_store_path": str(d / "media_store"),
            "signing_key_path": str(d / f"{self._server_name}.signing.key"),
            "log_config": str(d / "log_config.yaml"),
            "report_stats": False,
            "enable_metrics": False,
            "registration_shared_secret": self._registration_secret,
            "macaroon_secret_key": self._macaroon_secret,
            "form_secret": self._form_secret,
            "enable_registration": False,
            "trusted_key_servers": [],
            "suppress_key_server_warning": True,
            "federation_domain_whitelist": [],
            "url_preview_enabled": False,
            "presence": {"enabled": False},
            "bcrypt_rounds": 4,
        }
        if not self.real_rate_limits:
            cfg.update(_WIDE_RATE_LIMITS)
        cfg.update(self.extra_config)
        return cfg

    def _log_config(self) -> dict[str, Any]:
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {
                "precise": {
                    "format": "%(asctime)s - %(name)s - %(lineno)d - %(levelname)s"
                    " - %(request)s - %(message)s"
                }
            },
            "filters": {"context": {"()": "synapse.logging.context.LoggingContextFilter"}},
            "handlers": {
                "file": {
                    "class": "logging.FileHandler",
                    "filename": str(self.log_path),
                    "formatter": "precise",
                    "filters": ["context"],
                    "encoding": "utf8",
                }
            },
            "loggers": {"synapse.storage.SQL": {"level": "WARNING"}},
            "root": {"level": "INFO", "handlers": ["file"]},
        }

    def _write_config(self) -> None:
        # JSON is valid YAML; no need for a YAML writer here.
        self.config_path.write_text(json.dumps(self._config(), indent=2))
        (self.base_dir / "log_config.yaml").write_text(
            json.dumps(self._log_config(), indent=2)
        )

    def _spawn_and_wait(self) -> None:
        self._write_config()
        log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        out_offset = self.output_path.stat().st_size if self.output_path.exists() else 0
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY"):
            env.pop(var, None)
        t0 = time.monotonic()
        with open(self.output_path, "ab") as out:
            out.write(f"\n=== spawn on port {self._port} at {time.ctime()} ===\n".encode())
            out.flush()
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "synapse.app.homeserver", "-c", str(self.config_path)],
                cwd=self.base_dir,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                env=env,
                preexec_fn=_make_preexec(os.getpid()),
                start_new_session=True,
            )
        proc = self._proc
        deadline = t0 + self.startup_timeout
        url = f"{self.base_url}/_matrix/client/versions"
        while True:
            rc = proc.poll()
            if rc is not None:
                self._proc = None
                clash = self._read_from(self.log_path, log_offset) + self._read_from(
                    self.output_path, out_offset
                )
                kind = "port clash" if "Address already in use" in clash else "died"
                raise SynapseStartError(
                    f"{kind}: Synapse exited with code {rc} during startup on port "
                    f"{self._port}\n{self.log_tail()}"
                )
            try:
                with _OPENER.open(url, timeout=1) as resp:
                    if resp.status == 200:
                        break
            except (urllib.error.URLError, OSError):
                pass
            if time.monotonic() > deadline:
                self.kill()
                raise SynapseStartError(
                    f"timeout: Synapse not ready after {self.startup_timeout:.0f}s "
                    f"on port {self._port}\n{self.log_tail()}"
                )
            time.sleep(0.05)
        self.last_start_seconds = time.monotonic() - t0

    @staticmethod
    def _read_from(path: Path, offset: int) -> str:
        try:
            with open(path, "rb") as f:
                f.seek(offset)
                return f.read().decode(errors="replace")
        except FileNotFoundError:
            return ""
