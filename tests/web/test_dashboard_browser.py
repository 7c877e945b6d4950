"""The dashboard page in a real browser: Debian's headless Chromium, driven by Selenium over the
page served by the bot on loopback. It reads the page as a person would (landmarks, headings,
the picture actually loaded, no sideways scrolling on a phone) and takes a screenshot."""

from __future__ import annotations

import asyncio
import io
import os
import re
import shutil
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestServer
from PIL import Image

from bot.web import make_web_app
from tests.conftest import Chat

CHROMIUM, DRIVER = shutil.which("chromium"), shutil.which("chromedriver")
if not (CHROMIUM and DRIVER):
    reason = "Debian's chromium and chromium-driver are not installed (scripts/install-chromium installs them)"
    if os.environ.get("REQUIRE_CHROMIUM"):
        raise RuntimeError(reason)
    pytest.skip(reason, allow_module_level=True)

AFTER_GCG4 = datetime(2019, 4, 10, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))


def open_browser(width: int, height: int, lang: str, profile: str):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                f"--window-size={width},{height}", f"--lang={lang}", "--no-first-run",
                f"--user-data-dir={profile}"):
        options.add_argument(arg)
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    return webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))


@pytest.fixture
async def page_address(app_factory, tmp_path):
    app, clock = await app_factory(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", now=AFTER_GCG4,
                                   meeting_report=True)
    reply = await Chat(app, clock).say("!dashboard link", as_user="admin")
    [token] = re.findall(r"/dashboard/(\S+)", reply)
    server = TestServer(make_web_app(app), host="127.0.0.1")
    await server.start_server()
    try:
        yield str(server.make_url(f"/dashboard/{token}"))
    finally:
        await server.close()


def read_page(address: str, width: int, height: int, lang: str, profile: str) -> dict:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser = open_browser(width, height, lang, profile)
    try:
        browser.set_page_load_timeout(30)
        browser.get(address)
        WebDriverWait(browser, 20).until(
            lambda b: b.execute_script("const i = document.querySelector('figure img'); return i && i.complete;"))
        return {
            "lang": browser.execute_script("return document.documentElement.lang"),
            "title": browser.title,
            "h1": browser.find_element(By.TAG_NAME, "h1").text,
            "h2": [h.text for h in browser.find_elements(By.TAG_NAME, "h2")],
            "landmarks": [e.tag_name for e in browser.find_elements(By.CSS_SELECTOR, "header, nav, main, footer")],
            "picture": browser.execute_script(
                "const i = document.querySelector('figure img'); return [i.naturalWidth, i.naturalHeight, i.alt];"),
            "sideways": browser.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"),
            "scripts": len(browser.find_elements(By.TAG_NAME, "script")),
            "text": browser.find_element(By.TAG_NAME, "main").text,
            "screenshot": browser.get_screenshot_as_png(),
        }
    finally:
        browser.quit()


async def test_the_page_in_headless_chromium(page_address, tmp_path):
    seen = await asyncio.to_thread(read_page, page_address, 1280, 1600, "fr-FR", str(tmp_path / "browser"))
    assert seen["lang"] == "fr"  # the browser's language chose the page's
    assert seen["title"] == seen["h1"] and "Alliance 8.7" in seen["h1"]
    assert {"header", "nav", "main", "footer"} <= set(seen["landmarks"])
    assert "Pays pionniers" in " ".join(seen["h2"]) or "pionniers" in " ".join(seen["h2"]).lower()
    width, height, alt = seen["picture"]
    assert (width, height) != (0, 0) and width == 1000  # the picture loaded through its relative address
    assert "Népal" in alt
    assert "Népal" in seen["text"] and "24 mai 2019" in seen["text"]
    assert seen["scripts"] == 0  # nothing needs JavaScript
    assert seen["sideways"] <= 0
    shot = Image.open(io.BytesIO(seen["screenshot"]))
    shot.load()
    assert shot.format == "PNG" and shot.size[0] >= 1000


async def test_on_a_phone_sized_window_nothing_scrolls_sideways(page_address, tmp_path):
    seen = await asyncio.to_thread(read_page, page_address + "?lang=es", 390, 844, "en-US", str(tmp_path / "browser"))
    assert seen["lang"] == "es"  # ?lang= wins over the browser's language
    assert "Túnez" in seen["text"]
    assert seen["sideways"] <= 0, f"{seen['sideways']} pixels of sideways scrolling"
