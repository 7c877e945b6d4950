"""The console: one message per line on stdin, replies on stdout.

With ``jsonl`` every input line gives exactly one JSON object
``{"input": ..., "replies": [...]}`` so scripts can drive the bot.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

from bot.adapters import OnIncoming
from bot.i18n import I18n
from bot.messages import Attachment, Incoming, Reply, Target, strip_control_chars
from bot.plaintext import render
from bot.platforms import Platform

CHANNEL = re.compile(r"^#[\w.-]{1,80}$")

# the terminal: no settings turn it on, the runner uses it when no other platform is enabled
PLATFORM = Platform(
    name="console",
    person_id=re.compile(r"[\w.\-]{1,64}"),
    typed_person=lambda text: text[1:] if text.startswith("@") else None,  # "@alice" → alice
    typed_conversation=lambda text: text if CHANNEL.match(text) else None,  # "#general"
)


class ConsoleAdapter:
    platform = "console"

    def __init__(
        self,
        *,
        user: str = "you",
        channel: str | None = None,
        jsonl: bool = False,
        stdin: TextIO | None = None,
        stdout: TextIO | None = None,
        i18n: I18n | None = None,
        files_dir: Path | None = None,
    ) -> None:
        self.user = user
        # each user talks to the bot in their own direct conversation, unless a shared channel is named
        self.channel = channel.strip().lstrip("#") if channel and channel.strip().lstrip("#") else None
        self.i18n = i18n  # for the few words added to a reply ("and N more"), in the reply's language
        self.files_dir = files_dir  # where files sent with replies are written (their path is printed)
        self.jsonl = jsonl
        self.stdin = stdin or sys.stdin
        self.stdout = stdout or sys.stdout
        self._stopping = asyncio.Event()
        self._sent = set[str]()

    def incoming(self, line: str, number: int) -> Incoming:
        return Incoming(
            platform="console",
            user_id=f"console:{self.user}",
            user_name=self.user,
            channel_id=f"console:#{self.channel}" if self.channel else f"console:@{self.user}",
            text=line,
            is_direct=self.channel is None,
            mentions_bot=self.channel is not None,  # everything typed here is said to the bot
            message_id=str(number),
        )

    async def run(self, on_incoming: OnIncoming) -> None:
        loop = asyncio.get_running_loop()
        interactive = self.stdin.isatty() and not self.jsonl
        number = 0
        stopping = asyncio.ensure_future(self._stopping.wait())
        try:
            while not self._stopping.is_set():
                if interactive:
                    self.stdout.write("> ")
                    self.stdout.flush()
                reading = self._read_line(loop)
                await asyncio.wait([reading, stopping], return_when=asyncio.FIRST_COMPLETED)
                if not reading.done():
                    break  # stopped while waiting for input
                line = reading.result()
                if not line:
                    break
                number += 1
                await self._answer(line, number, on_incoming)
        finally:
            stopping.cancel()

    async def _answer(self, line: str, number: int, on_incoming: OnIncoming) -> None:
        line = line.rstrip("\r\n")
        replies = await on_incoming(self.incoming(line, number)) if line.strip() else []
        self.write(line, replies)

    def _read_line(self, loop: asyncio.AbstractEventLoop) -> asyncio.Future:
        """One line from stdin, read in a daemon thread: a read still blocked when the bot
        stops must not keep the process alive (an executor thread would)."""
        future = loop.create_future()

        def deliver(setter: Callable[[Any], None], value: object) -> None:
            if not future.done():
                setter(value)

        def read() -> None:
            setter: Callable[[Any], None]
            value: object
            try:
                line = self.stdin.readline()
            except Exception as exc:
                setter, value = future.set_exception, exc
            else:
                setter, value = future.set_result, line
            try:
                loop.call_soon_threadsafe(deliver, setter, value)
            except RuntimeError:  # the loop is closed: nobody is waiting any more
                pass

        threading.Thread(target=read, name="console-stdin", daemon=True).start()
        return future

    def text_of(self, reply: Reply) -> str:
        # stored text may hold terminal escapes: none reaches the terminal
        text = strip_control_chars(render(reply, i18n=self.i18n))
        if reply.attachment is not None and self.files_dir is not None:
            text += "\n" + strip_control_chars(f"[{reply.attachment.filename}: {self.save(reply.attachment)}]")
        return text

    def save(self, file: Attachment) -> Path:
        """Write a reply's file under ``files_dir`` (never over an earlier one) and return its path."""
        assert self.files_dir is not None
        self.files_dir.mkdir(parents=True, exist_ok=True)
        name = Path(file.filename).name or "file"
        stem, suffix = Path(name).stem, Path(name).suffix
        path, n = self.files_dir / name, 1
        while path.exists():
            n += 1
            path = self.files_dir / f"{stem}-{n}{suffix}"
        path.write_bytes(file.content)
        return path.resolve()

    def write(self, line: str, replies: list[Reply]) -> None:
        texts = [self.text_of(r) for r in replies]
        if self.jsonl:
            self.stdout.write(json.dumps({"input": line, "replies": texts}, ensure_ascii=False) + "\n")
        else:
            for text in texts:
                self.stdout.write(text + "\n\n")
        self.stdout.flush()

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        if key is not None and key in self._sent:
            return key
        if key is not None:
            self._sent.add(key)
        text = self.text_of(reply)
        if self.jsonl:
            self.stdout.write(json.dumps({"post": target.channel_id, "replies": [text]}, ensure_ascii=False) + "\n")
        else:
            self.stdout.write(f"[{target.channel_id}] {text}\n\n")
        self.stdout.flush()
        return key

    async def stop(self) -> None:
        self._stopping.set()
