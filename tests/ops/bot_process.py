"""``alliance-bot run`` as a real child process whose output lines can be waited for."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


class BotProcess:
    def __init__(self, *args: str, env: dict[str, str]) -> None:
        full_env = {k: v for k, v in os.environ.items() if not k.startswith("ALLIANCE_BOT_")}
        full_env.update({"ALLIANCE_BOT_OPS__HTTP_PORT": "0", "PYTHONUNBUFFERED": "1", **env})
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True, env=full_env, cwd=ROOT)
        self.lines = {"stdout": queue.Queue(), "stderr": queue.Queue()}
        self.seen: dict[str, list[str]] = {"stdout": [], "stderr": []}
        for name in self.lines:
            threading.Thread(target=self._pump, args=(name,), daemon=True).start()

    def _pump(self, name: str) -> None:
        for line in getattr(self.process, name):
            self.lines[name].put(line.rstrip("\n"))
        self.lines[name].put(None)  # end of stream

    def say(self, text: str) -> None:
        self.process.stdin.write(text + "\n")
        self.process.stdin.flush()

    def wait_for(self, stream: str, needle: str, timeout: float = 30) -> str:
        """The first line of ``stream`` containing ``needle`` (raises after ``timeout`` s or at its end)."""
        deadline = time.monotonic() + timeout
        for line in self.seen[stream]:
            if needle in line:
                return line
        while (left := deadline - time.monotonic()) > 0:
            try:
                line = self.lines[stream].get(timeout=left)
            except queue.Empty:
                break
            if line is None:
                self.lines[stream].put(None)
                break
            self.seen[stream].append(line)
            if needle in line:
                return line
        raise AssertionError(f"{needle!r} never appeared on {stream}:\n" + "\n".join(self.seen[stream][-30:]))

    def terminate(self) -> None:
        self.process.send_signal(signal.SIGTERM)

    def exit_code(self, timeout: float = 30) -> int:
        return self.process.wait(timeout)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            try:
                stream.close()
            except Exception:
                pass
