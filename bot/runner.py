"""``alliance-bot run``: every configured platform in one asyncio loop."""

from __future__ import annotations

import asyncio
import logging
import signal

from bot.app import BotApp
from bot.settings import Settings

log = logging.getLogger("alliance_bot")


def configured_adapters(settings: Settings, app: BotApp) -> list:
    adapters = []
    if settings.slack.enabled:
        from bot.adapters.slack import SlackAdapter

        adapters.append(SlackAdapter(settings.slack))
    if settings.matrix.enabled:
        from bot.adapters.matrix import MatrixAdapter

        adapters.append(MatrixAdapter(settings.matrix, app=app))
    return adapters


async def run(settings: Settings) -> int:
    app = BotApp(settings)
    await app.start()
    adapters = configured_adapters(settings, app)
    if not adapters:
        from bot.adapters.console import ConsoleAdapter

        adapters = [ConsoleAdapter()]
    app.adapters = {a.platform: a for a in adapters}
    loop = asyncio.get_running_loop()
    tasks = [asyncio.create_task(a.run(app.handle), name=a.platform) for a in adapters]

    async def shutdown() -> None:
        for adapter in adapters:
            await adapter.stop()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(shutdown()))
    try:
        await asyncio.gather(*tasks)
    finally:
        await app.close()
    return 0
