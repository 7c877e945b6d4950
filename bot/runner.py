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

        adapters.append(SlackAdapter(settings.slack, app))
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
    scheduler, web = await start_background(app)
    tasks = [asyncio.create_task(a.run(app.handle), name=a.platform) for a in adapters]

    async def shutdown() -> None:
        for adapter in adapters:
            await adapter.stop()

    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, lambda: asyncio.ensure_future(shutdown()))
    try:
        await asyncio.gather(*tasks)
    finally:
        await stop_background(scheduler, web)
        await app.close()
    return 0


async def start_background(app: BotApp):
    """The scheduler (posts through ``app.adapters``) and the web endpoint, when enabled."""
    scheduler = web = None
    if app.settings.scheduler.enabled:
        from bot.scheduler import Scheduler

        scheduler = Scheduler(app)
        app.services["scheduler"] = scheduler
        scheduler.start()
    if app.settings.web.enabled:
        from bot.web import WebServer

        web = WebServer(app)
        await web.start()
    return scheduler, web


async def stop_background(scheduler, web) -> None:
    if scheduler is not None:
        await scheduler.stop()
    if web is not None:
        await web.stop()
