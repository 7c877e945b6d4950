"""!event import <url> cannot be turned against the bot's own network, and reads whole calendars.

A loopback server stands in for a service inside the network: unless an admin allows its host,
it must never see a request, whatever address, name or redirect leads to it.
"""

from __future__ import annotations

import socket

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.safe_fetch import is_public_address
from bot.settings import ConfigError, load_settings


def calendar(n_events: int) -> bytes:
    events = "".join(
        f"BEGIN:VEVENT\r\nUID:ev-{i}@partner.example\r\nDTSTAMP:20261101T000000Z\r\n"
        f"DTSTART;VALUE=DATE:2027{1 + i % 12:02d}{1 + i % 28:02d}\r\nSUMMARY:Partner event number {i} "
        f"{'with a long description ' * 3}\r\nEND:VEVENT\r\n"
        for i in range(n_events))
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Partner//EN\r\n{events}END:VCALENDAR\r\n".encode()


class Inside:
    """A loopback HTTP server that counts every request it sees."""

    def __init__(self, body: bytes = calendar(2)) -> None:
        self.requests: list[str] = []
        self.body = body
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self.answer)
        self.server = TestServer(app, host="127.0.0.1")

    async def answer(self, request: web.Request) -> web.StreamResponse:
        self.requests.append(request.path_qs)
        if request.path == "/loop":  # redirects to itself for ever
            raise web.HTTPFound("/loop")
        if request.path.startswith("/redirect"):
            raise web.HTTPFound(request.query["to"])
        return web.Response(body=self.body, content_type="text/calendar")

    async def __aenter__(self) -> "Inside":
        await self.server.start_server()
        return self

    async def __aexit__(self, *exc) -> None:
        await self.server.close()

    def url(self, path: str = "/cal.ics", host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.server.port}{path}"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens there once the socket is closed


REFUSED = "I only fetch public web addresses"


async def test_addresses_inside_the_network_are_never_requested(bot):
    async with Inside() as inside:
        port = inside.server.port
        for url in (inside.url(), inside.url(host="localhost"), inside.url(host="0.0.0.0"),
                    inside.url(host="[::1]"), inside.url(host="127.1"), inside.url(host="2130706433"),
                    inside.url(host="[::ffff:127.0.0.1]"), f"http://LocalHost:{port}/cal.ics"):
            reply = await bot.chat.say(f"!event import {url}")
            assert REFUSED in reply and "nothing was imported" in reply, (url, reply)
        assert inside.requests == []


async def test_private_link_local_and_metadata_addresses_are_refused_before_any_connection(bot):
    for url in ("http://10.0.0.1/cal.ics", "http://192.168.1.1/cal.ics", "http://172.16.0.1/cal.ics",
                "http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/cal.ics", "http://100.64.0.1/x.ics",
                "http://224.0.0.1/x.ics", "http://240.0.0.1/x.ics", "http://[fd00::1]/x.ics"):
        assert REFUSED in await bot.chat.say(f"!event import {url}"), url


async def test_a_closed_port_and_an_open_one_get_the_same_answer(bot):
    async with Inside() as inside:
        open_reply = await bot.chat.say(f"!event import {inside.url()}")
        closed_reply = await bot.chat.say(f"!event import http://127.0.0.1:{closed_port()}/cal.ics")
        assert inside.requests == []
    strip = lambda reply: reply.split("http://", 1)[0]  # noqa: E731 - the same words before the address
    assert strip(open_reply) == strip(closed_reply) and REFUSED in open_reply


async def test_a_redirect_into_the_network_is_refused_and_redirects_are_capped(bot):
    async with Inside() as target, Inside() as hop:
        # the hop is allowed (it plays a public site); where it redirects to is checked again
        bot.app.settings.calendar.allowed_hosts = ["localhost"]
        reply = await bot.chat.say(f"!event import {hop.url('/redirect?to=' + target.url(), host='localhost')}")
        assert REFUSED in reply and "nothing was imported" in reply
        assert target.requests == [] and len(hop.requests) == 1

        hop.requests.clear()
        reply = await bot.chat.say(f"!event import {hop.url('/loop', host='localhost')}")
        assert "nothing was imported" in reply and "events added" not in reply
        assert 1 < len(hop.requests) <= 6  # the first request and at most five redirects


async def test_an_allowed_host_is_fetched_and_imported(bot):
    async with Inside() as inside:
        bot.app.settings.calendar.allowed_hosts = ["localhost"]
        reply = await bot.chat.say(f"!event import {inside.url(host='localhost')}")
        assert "2 events added to the calendar." in reply
        assert inside.requests == ["/cal.ics"]
        bot.app.settings.calendar.allowed_hosts = ["127.0.0.1"]
        hop = inside.url("/redirect?to=/cal.ics")
        assert "2 were already there" in await bot.chat.say(f"!event import {hop}")


async def test_a_calendar_over_64_kb_imports_whole_and_one_over_1_mb_is_refused(bot):
    big = calendar(600)
    assert 64 * 1024 < len(big) < 1_000_000
    async with Inside(big) as inside:
        bot.app.settings.calendar.allowed_hosts = ["127.0.0.1"]
        assert "600 events added to the calendar." in await bot.chat.say(f"!event import {inside.url()}")
    huge = calendar(6000)
    assert len(huge) > 1_000_000
    async with Inside(huge) as inside:
        bot.app.settings.calendar.allowed_hosts = ["127.0.0.1"]
        reply = await bot.chat.say(f"!event import {inside.url()}")
        assert "larger than 1 MB" in reply and "nothing was imported" in reply


def test_address_rule():
    for public in ("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946", "8.8.8.8"):
        assert is_public_address(public), public
    for inside in ("127.0.0.1", "10.1.2.3", "0.0.0.0", "::", "::1", "::ffff:10.0.0.1", "169.254.1.1", "fe80::1",
                   "fc00::1", "100.64.0.1", "192.0.2.1", "224.0.0.1", "255.255.255.255", "not an address"):
        assert not is_public_address(inside), inside


def test_allowed_hosts_setting_is_validated(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('[calendar]\nallowed_hosts = ["Calendar.Intranet.Example.org", "10.0.0.5"]\n')
    assert load_settings(path).calendar.allowed_hosts == ["calendar.intranet.example.org", "10.0.0.5"]
    path.write_text('[calendar]\nallowed_hosts = ["http://x.example/"]\n')
    with pytest.raises(ConfigError, match=r"^calendar\.allowed_hosts"):
        load_settings(path)


async def test_an_imported_calendar_keeps_no_control_characters_nor_non_web_links(bot):
    from sqlalchemy import select

    from bot.messages import Attachment
    from storage.models import CalendarEvent

    data = calendar(1).replace(b"SUMMARY:Partner event number 0", b"SUMMARY:Partner\x1b]0;owned\x07 event")
    data = data.replace(b"END:VEVENT", b"URL:javascript:alert(1)\r\nEND:VEVENT")
    reply = await bot.chat.say("!event import", attachment=Attachment("p.ics", data, "text/calendar"))
    assert "1 event added" in reply
    async with bot.app.sessions() as session:
        event = await session.scalar(select(CalendarEvent))
    assert event.title.startswith("Partner]0;owned event") and event.link == ""
