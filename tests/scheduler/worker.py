"""A bot process for the multi-process test: the real scheduler loop against a shared
database, posting through an adapter that writes to a file.

    python -m tests.scheduler.worker <database url> <directory> [<notice time, HH:MM>]

The adapter behaves like the Slack one: before posting it looks in the "channel" (the
posts file) for a post carrying the occurrence key, and posts only if there is none.
Every call is also logged to the attempts file with the process id, so a second send
of one key is visible even when the check stops it from becoming a second post. Both
files are appended with single ``write`` calls on O_APPEND descriptors, which survive
SIGKILL of the writer.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from bot.app import BotApp
from bot.messages import Reply, Target
from bot.scheduler import Scheduler
from bot.settings import Settings

SEND_LATENCY = 0.004  # seconds, like a quick platform API call


async def add_due_reminders(settings: Settings, count: int, channels: int) -> None:
    """``count`` one-off reminders, all due in the current minute, spread over ``channels`` channels."""
    from datetime import UTC, datetime, timedelta

    from storage.models import Reminder

    app = BotApp(settings)
    await app.start()
    due = datetime.now(UTC).replace(second=0, microsecond=0)
    try:
        async with app.sessions.begin() as session:
            session.add_all(Reminder(
                text=f"post {n}", created_by="console:test", platform="console",
                channel_id=f"console:c{n % channels}", timezone="Europe/Zurich", first_at=due,
                created_at=due - timedelta(minutes=1),
            ) for n in range(count))
    finally:
        await app.close()


class FileAdapter:
    platform = "console"

    def __init__(self, directory: Path) -> None:
        self.posts_path = directory / "posts.log"
        self.attempts = os.open(directory / "attempts.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        self.posts = os.open(self.posts_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        os.write(self.attempts, f"{os.getpid()} {key}\n".encode())
        await asyncio.sleep(SEND_LATENCY)
        if key in self.posts_path.read_text().split("\n"):  # already in the channel: do not post again
            return key
        os.write(self.posts, f"{key}\n".encode())
        return key


async def main(database_url: str, directory: Path, notice_time: str = "09:00") -> int:
    settings = Settings.model_validate({
        "bot": {"data_dir": str(directory)},
        "database": {"url": database_url},
        "scheduler": {"poll_interval_seconds": 1, "lease_seconds": 3, "batch_size": 20, "notice_time": notice_time},
    })
    app = BotApp(settings)  # the database is migrated and filled by the test
    app.adapters = {"console": FileAdapter(directory)}
    scheduler = Scheduler(app)
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopped.set)
    scheduler.start()
    (directory / f"ready.{os.getpid()}").touch()
    try:
        await asyncio.wait_for(stopped.wait(), timeout=120)
    except TimeoutError:
        pass
    finally:
        await scheduler.stop()
        await app.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], Path(sys.argv[2]), *sys.argv[3:4])))
