"""Child processes for the benchmarks: start, wait until ready, measure, stop (by pid only)."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def log(message: str) -> None:
    print(f"  {message}", file=sys.stderr, flush=True)


class Child:
    """One child process (``python -m <module> ...``) whose stdout lines can be read."""

    def __init__(self, *args: str, env: dict[str, str] | None = None, name: str = "") -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_BOT_")}
        full_env.update({"PYTHONUNBUFFERED": "1", "PYTHONPATH": str(ROOT), **(env or {})})
        self.name = name or (args[1] if len(args) > 1 else args[0])
        self.errors = tempfile.NamedTemporaryFile(prefix="bench-", suffix=".err", delete=False)
        self.started = time.perf_counter()
        self.process = subprocess.Popen([sys.executable, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=self.errors, env=full_env, cwd=ROOT)

    @property
    def pid(self) -> int:
        return self.process.pid

    async def line(self, timeout: float = 60) -> str:
        """The next stdout line (raises after ``timeout`` s, or when the child has ended)."""
        assert self.process.stdout is not None
        read = asyncio.to_thread(self.process.stdout.readline)
        raw = await asyncio.wait_for(read, timeout)
        if not raw:
            raise RuntimeError(f"{self.name} ended (exit {self.process.poll()}):\n{self.error_tail()}")
        return raw.decode().rstrip("\n")

    def error_tail(self, lines: int = 25) -> str:
        try:
            return "\n".join(Path(self.errors.name).read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def rss_mib(self) -> float:
        for line in Path(f"/proc/{self.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def cpu_seconds(self) -> float:
        """User + system CPU time the child has used so far."""
        fields = Path(f"/proc/{self.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def stop(self, timeout: float = 15) -> int | None:
        """SIGTERM this child, SIGKILL the same pid if it lingers."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout):
            try:
                stream.close()
            except Exception:
                pass
        try:
            os.unlink(self.errors.name)
        except OSError:
            pass
        return self.process.returncode


async def wait_http(url: str, timeout: float = 60, child: Child | None = None) -> float:
    """Poll ``url`` until it answers 200; returns the seconds that took. Bounded by ``timeout``."""
    started = time.perf_counter()
    deadline = started + timeout
    async with aiohttp.ClientSession() as http:
        while time.perf_counter() < deadline:
            if child is not None and child.process.poll() is not None:
                raise RuntimeError(f"{child.name} ended (exit {child.process.returncode}):\n{child.error_tail()}")
            try:
                async with http.get(url, timeout=aiohttp.ClientTimeout(total=2)) as res:
                    if res.status == 200:
                        return time.perf_counter() - started
            except (aiohttp.ClientError, asyncio.TimeoutError):
                pass
            await asyncio.sleep(0.02)
    raise TimeoutError(f"{url} did not answer 200 within {timeout} s"
                       + (f":\n{child.error_tail()}" if child else ""))


def bot_env(database_url: str, data_dir: str, ops_port: int, **settings: str) -> dict[str, str]:
    """Environment for ``python -m bot run``: the given settings as ALLIANCE_BOT_* variables."""
    env = {
        "ALLIANCE_BOT_DATABASE__URL": database_url,
        "ALLIANCE_BOT_BOT__DATA_DIR": data_dir,
        "ALLIANCE_BOT_OPS__HTTP_PORT": str(ops_port),
    }
    env.update({f"ALLIANCE_BOT_{key.upper()}": value for key, value in settings.items()})
    return env
