"""The dashboard page over real HTTP (loopback), in three languages, behind a private link; the
timeline picture as a PNG that decodes; nothing personal unless the settings say so."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from aiohttp.test_utils import TestClient, TestServer
from PIL import Image

from bot.web import make_web_app
from tests.conftest import Chat

AFTER_GCG4 = datetime(2019, 4, 10, 10, 0, tzinfo=ZoneInfo("Europe/Zurich"))
PLANNED_WORDS = ("took place", "a eu lieu", "tuvo lugar")


@pytest.fixture
async def seeded(database_url, app_factory):
    app, clock = await app_factory(database_url, now=AFTER_GCG4, meeting_report=True)
    return Chat(app, clock)


async def make_link(chat: Chat) -> str:
    reply = await chat.say("!dashboard link", as_user="admin")
    [address] = re.findall(r"https?://\S+/dashboard/(\S+)", reply)
    return address


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


async def test_the_page_reads_in_three_languages_through_a_private_link(seeded):
    token = await make_link(seeded)
    assert len(token) >= 32
    async with TestClient(TestServer(make_web_app(seeded.app), host="127.0.0.1")) as client:
        english = await client.get(f"/dashboard/{token}")
        assert english.status == 200 and english.content_type == "text/html"
        html = await english.text()
        assert '<html lang="en">' in html and "<main" in html and "<h1>" in html
        words = text_of(html)
        for fact in ("Pathfinder countries", "Nepal", "Viet Nam", "24 May 2019", "Asia and Pacific",
                     "World Day Against Child Labour", "Open action items by action group"):
            assert fact in words, fact
        assert english.headers["Referrer-Policy"] == "no-referrer"  # the token never leaves as a referrer

        french = await client.get(f"/dashboard/{token}", headers={"Accept-Language": "fr-CH, fr;q=0.9, en;q=0.8"})
        html = await french.text()
        assert '<html lang="fr">' in html and french.headers["Content-Language"] == "fr"
        for fact in ("Népal", "24 mai 2019", "Asie et Pacifique", "Journée mondiale contre le travail des enfants"):
            assert fact in text_of(html), fact

        spanish = await client.get(f"/dashboard/{token}?lang=es", headers={"Accept-Language": "fr"})
        html = await spanish.text()
        assert '<html lang="es">' in html
        for fact in ("Túnez", "24 de mayo de 2019", "Asia y el Pacífico", "Día mundial contra el trabajo infantil"):
            assert fact.lower() in text_of(html).lower(), fact


async def test_a_planned_workshop_is_never_shown_as_held(seeded):
    token = await make_link(seeded)
    async with TestClient(TestServer(make_web_app(seeded.app), host="127.0.0.1")) as client:
        for lang in ("en", "fr", "es"):
            html = await (await client.get(f"/dashboard/{token}?lang={lang}")).text()
            row = re.search(r"<li>\s*(Viet Nam|Viêt Nam|Vietnam)\s*<span class=\"status s-(\w+)\">", html)
            assert row and row.group(2) == "workshop_planned", lang
            assert not any(word in text_of(html) for word in PLANNED_WORDS)


async def test_no_token_a_wrong_token_and_a_revoked_token_all_give_404(seeded):
    token = await make_link(seeded)
    async with TestClient(TestServer(make_web_app(seeded.app), host="127.0.0.1")) as client:
        assert (await client.get("/dashboard")).status == 404  # not public by default
        assert (await client.get("/dashboard/timeline.png")).status == 404
        assert (await client.get("/dashboard/" + "x" * 32)).status == 404
        assert (await client.get("/dashboard/../healthz")).status == 404
        assert (await client.get(f"/dashboard/{token}/timeline.png")).status == 200
        assert "1 dashboard link ended" in await seeded.say("!dashboard revoke", as_user="admin")
        assert (await client.get(f"/dashboard/{token}")).status == 404
        assert (await client.get(f"/dashboard/{token}/timeline.png")).status == 404
        assert (await client.get(f"/dashboard/{token}/calendar.ics")).status == 404
        for ops in ("/healthz", "/metrics", "/livez"):  # they stay on the ops server, never here
            assert (await client.get(ops)).status == 404


async def test_only_admins_make_or_end_links(seeded):
    reply = await seeded.say("!dashboard link", as_user="bob")
    assert "Only an admin" in reply and "/dashboard/" not in reply
    assert "Only an admin" in await seeded.say("!dashboard revoke", as_user="bob")


async def test_a_public_page_needs_no_token(seeded):
    seeded.app.settings.dashboard.public = True
    async with TestClient(TestServer(make_web_app(seeded.app), host="127.0.0.1")) as client:
        page = await client.get("/dashboard?lang=fr")
        assert page.status == 200 and "Népal" in await page.text()
        assert 'src="dashboard/timeline.png"' in await page.text()  # relative: works behind a path prefix
        picture = await client.get("/dashboard/timeline.png")
        assert picture.status == 200 and picture.content_type == "image/png"
        feed = await client.get("/dashboard/calendar.ics")
        assert feed.status == 200 and "BEGIN:VCALENDAR" in await feed.text()


async def test_people_are_shown_only_when_the_settings_say_so(seeded):
    await seeded.say("!action add Send the survey to the focal points owner @bob, UNICEF group communications")
    token = await make_link(seeded)
    async with TestClient(TestServer(make_web_app(seeded.app), host="127.0.0.1")) as client:
        html = await (await client.get(f"/dashboard/{token}")).text()
        assert "Send the survey" in html and "UNICEF" in html
        assert "bob" not in html.lower()
        seeded.app.settings.dashboard.show_people = True
        html = await (await client.get(f"/dashboard/{token}")).text()
        assert "a member" in html or "bob" in html.lower()


async def test_text_people_typed_is_escaped_on_the_page(seeded):
    await seeded.say('!event add <script>alert("x")</script> <img src=x onerror=alert(1)> on 20 April 2019')
    token = await make_link(seeded)
    async with TestClient(TestServer(make_web_app(seeded.app), host="127.0.0.1")) as client:
        html = await (await client.get(f"/dashboard/{token}")).text()
    assert "<script>" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html


async def test_the_timeline_picture_decodes_with_the_size_sent_to_chat(seeded):
    reply = (await seeded.replies("!pathfinder timeline"))[0]
    picture = reply.attachment
    assert picture is not None and picture.mimetype == "image/png"
    image = Image.open(io.BytesIO(picture.content))
    image.load()  # decodes the whole picture, not only its header
    assert image.format == "PNG" and image.size == picture.size
    assert image.size[0] == 1000 and image.size[1] > 400  # 11 dated workshops, one row each
    for country in ("Nepal", "Viet Nam", "Fiji", "Madagascar"):
        assert country in picture.alt_text
    assert len(picture.alt_text) <= 1000

    await seeded.say("!lang fr")
    french = (await seeded.replies("!pathfinder timeline"))[0].attachment
    assert french is not None and "Népal" in french.alt_text and "mai 2019" in french.alt_text
