"""Make the README's pictures of the dashboard: the page as headless Chromium shows it and the
timeline image, from the seeded data as it stood after the GCG4 meeting (10 April 2019).

Usage: .venv/bin/python scripts/screenshots.py [output folder]   (default: docs/images)
Needs Debian's chromium and chromium-driver (scripts/install-chromium).
"""

from __future__ import annotations

import asyncio
import re
import sys
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from aiohttp.test_utils import TestServer

from bot.app import BotApp
from bot.messages import Incoming
from bot.plaintext import render
from bot.settings import Settings
from bot.web import make_web_app
from storage import seed

AFTER_GCG4 = datetime(2019, 4, 10, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))


class FixedClock:
    def now(self) -> datetime:
        return AFTER_GCG4


async def main(out: Path) -> None:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings.model_validate({"bot": {"admins": ["console:admin"], "data_dir": tmp}})
        app = BotApp(settings, clock=FixedClock())
        await app.start()
        async with app.sessions.begin() as session:
            await seed.apply_meeting_report(session)
        replies = await app.handle(Incoming(platform="console", user_id="console:admin", user_name="admin",
                                            channel_id="console:admin", text="!dashboard link", is_direct=True))
        token = re.findall(r"/dashboard/(\S+)", render(replies[0]))[0]
        timeline = await app.handle(Incoming(platform="console", user_id="console:admin", user_name="admin",
                                             channel_id="console:admin", text="!pathfinder timeline", is_direct=True))
        assert timeline[0].attachment is not None
        (out / "pathfinder-timeline.png").write_bytes(timeline[0].attachment.content)
        server = TestServer(make_web_app(app), host="127.0.0.1")
        await server.start_server()
        try:
            options = webdriver.ChromeOptions()
            options.binary_location = "/usr/bin/chromium"
            for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,1000",
                        "--hide-scrollbars", f"--user-data-dir={tmp}/browser"):
                options.add_argument(arg)
            browser = await asyncio.to_thread(webdriver.Chrome, options=options,
                                              service=Service(executable_path="/usr/bin/chromedriver"))
            try:
                await asyncio.to_thread(browser.get, str(server.make_url(f"/dashboard/{token}?lang=en")))
                height = browser.execute_script("return document.documentElement.scrollHeight")
                browser.set_window_size(1280, min(int(height) + 120, 4000))
                await asyncio.sleep(0.5)
                (out / "dashboard.png").write_bytes(browser.get_screenshot_as_png())
            finally:
                browser.quit()
        finally:
            await server.close()
            await app.close()
    print(f"wrote {out / 'dashboard.png'} and {out / 'pathfinder-timeline.png'}")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs/images")))
