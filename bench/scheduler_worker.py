"""One bot process for the scheduler benchmark: the real scheduler (default settings) against
a shared database, posting through an adapter that appends "<key> <unix time>" to a file.

    python -m bench.scheduler_worker <database url> <directory>

The adapter does not look for earlier posts, so a second post of one key shows up as a
duplicate line. Prints "ready" once the scheduler runs; stops on SIGTERM (at most an hour).
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from pathlib import Path

from bot.app import BotApp
from bot.messages import Reply, Target
from bot.runner import collect_from_here
from bot.scheduler import Scheduler
from bot.settings import Settings


class FileAdapter:
    platform = "console"

    def __init__(self, directory: Path) -> None:
        self.posts = os.open(directory / "posts.log", os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    async def send(self, target: Target, reply: Reply, *, key: str | None = None) -> str | None:
        os.write(self.posts, f"{key} {time.time():.6f}\n".encode())
        return key


async def main(database_url: str, directory: Path) -> int:
    settings = Settings.model_validate({"bot": {"data_dir": str(directory)}, "database": {"url": database_url}})
    app = BotApp(settings)  # migrated and filled by the benchmark
    app.adapters = {"console": FileAdapter(directory)}
    scheduler = Scheduler(app)
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    scheduler.start()
    collect_from_here()  # as a running bot does once started (bot.runner)
    print("ready", flush=True)
    try:
        await asyncio.wait_for(stopped.wait(), timeout=3600)
    except TimeoutError:
        pass
    finally:
        await scheduler.stop()
        await app.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1], Path(sys.argv[2]))))
