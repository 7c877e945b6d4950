"""Fixtures for tests that talk to the fake Slack.

Elsewhere in the suite: ``from tests.slack.fake_slack import FakeSlack`` and
``from tests.slack import signing``. (Keep ``tests/__init__.py``: without it this
directory's package would be named ``slack`` and clash with the legacy ``slack``
package slack_sdk still installs; the imports below fall back for that layout.)
"""

from __future__ import annotations

import pytest
from slack_sdk.web.async_client import AsyncWebClient

try:  # if tests/ and tests/slack/ ever become packages
    from .fake_slack import FakeSlack
except ImportError:
    from fake_slack import FakeSlack


@pytest.fixture
async def fake_slack():
    fake = FakeSlack()
    await fake.start()
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def slack_client(fake_slack):
    """A real AsyncWebClient against the fake, with slack_sdk's default retry handlers."""
    client = AsyncWebClient(token="xoxb-test", base_url=fake_slack.api_base_url, timeout=5)
    yield client


# --------------------------------------------------------------------------- the bot, as in production

import asyncio  # noqa: E402
import json  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from datetime import UTC, datetime  # noqa: E402

import aiohttp  # noqa: E402
from slack_sdk.models.blocks import Block  # noqa: E402

from bot.adapters.slack.adapter import SlackAdapter  # noqa: E402
from bot.app import BotApp  # noqa: E402
from bot.settings import Settings  # noqa: E402
from tests.conftest import MovableClock  # noqa: E402

try:
    from . import signing
except ImportError:
    import signing

SECRET = "test-signing-secret"
NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
MESSAGE_METHODS = ("chat.postMessage", "chat.postEphemeral", "chat.update", "response_url")


def slack_settings(fake: FakeSlack, db_url: str, tmp_path, **slack) -> Settings:
    return Settings.model_validate({
        "bot": {"admins": ["slack:U0ADMIN"], "data_dir": str(tmp_path)},
        "database": {"url": db_url},
        "slack": {"enabled": True, "mode": "http", "http_port": 0, "api_base_url": fake.api_base_url,
                  "bot_token": "xoxb-test", "signing_secret": SECRET, "app_token": "xapp-1-test",
                  "api_timeout_seconds": 1.5, **slack},
    })


def check_blocks(fake: FakeSlack) -> int:
    """Every Block Kit payload the bot sent parses into slack_sdk's models, passes their
    validation, and keeps to 50 blocks a message (100 a view). Returns how many were checked."""
    checked = 0
    for call in fake.calls:
        if call.method in MESSAGE_METHODS:
            blocks, limit = call.args.get("blocks"), 50
            assert call.args.get("text") or call.method == "chat.update" and not blocks, call.args
        elif call.method in ("views.open", "views.publish", "views.update"):
            blocks, limit = (call.args.get("view") or {}).get("blocks"), 100
        else:
            continue
        if not blocks:
            continue
        assert len(blocks) <= limit, f"{call.method}: {len(blocks)} blocks"
        parsed = Block.parse_all(blocks)
        assert all(b is not None for b in parsed), blocks
        assert [b.to_dict() for b in parsed]  # runs the models' validation
        checked += 1
    return checked


@dataclass
class Workspace:
    """The bot running as in production (HTTP mode), and a Slack workspace talking to it."""

    fake: FakeSlack
    app: BotApp
    adapter: SlackAdapter
    clock: MovableClock
    http: aiohttp.ClientSession
    task: asyncio.Task
    sent: list = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.adapter.port}/slack/events"

    async def deliver(self, body: str, headers: dict | None = None, **sign) -> tuple[int, str]:
        headers = headers if headers is not None else signing.signed_headers(SECRET, body, **sign)
        async with self.http.post(self.url, data=body.encode(), headers=headers) as res:
            return res.status, await res.text()

    async def slash(self, command: str, text: str = "", *, user: str = "U0ANA", channel: str = "C0GENERAL",
                    trigger_id: str | None = None) -> str:
        """Type a slash command; returns its response_url (answers land there)."""
        url = self.fake.new_response_url(channel=channel)
        body = signing.slash_command_body(command, text, user_id=user, channel_id=channel, response_url=url,
                                          trigger_id=trigger_id)
        status, _ = await self.deliver(body)
        assert status == 200
        return url

    async def answers(self, response_url: str, n: int = 1) -> list[dict]:
        rid = response_url.rsplit("/", 1)[-1]
        for i in range(n):
            await self.fake.wait_for_call("response_url", lambda c: c.args.get("__url_id__") == rid and c.ok
                                          and len(self.fake.posts_to(response_url)) > i)
        return self.fake.posts_to(response_url)

    async def event(self, event: dict, *, event_id: str | None = None, retry_num: int | None = None) -> str:
        payload = signing.event_payload(event, event_id)
        status, _ = await self.deliver(json.dumps(payload), retry_num=retry_num)
        assert status == 200
        return payload["event_id"]

    async def interact(self, payload: dict) -> int:
        status, _ = await self.deliver(signing.interactive_body(payload))
        return status


async def start_workspace(fake: FakeSlack, settings: Settings, clock: MovableClock, http) -> Workspace:
    app = BotApp(settings, clock=clock)
    await app.start()
    adapter = SlackAdapter(settings.slack, app)
    app.adapters = {"slack": adapter}
    task = asyncio.create_task(adapter.run(app.handle))
    ready = asyncio.create_task(adapter.ready.wait())
    await asyncio.wait({task, ready}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        task.result()
    assert adapter.ready.is_set()
    return Workspace(fake, app, adapter, clock, http, task)


async def stop_workspace(ws: Workspace) -> None:
    await ws.adapter.stop()
    await asyncio.wait_for(ws.task, 10)
    await ws.app.close()


@pytest.fixture
async def workspace(fake_slack, tmp_path):
    fake_slack.add_user("U0ANA", name="ana", real_name="Ana", tz="Europe/Zurich")
    fake_slack.add_user("U0BEN", name="ben", real_name="Ben", tz="Europe/London")
    fake_slack.add_user("U0ADMIN", name="admin", real_name="Admin", tz="Europe/Zurich")
    fake_slack.add_channel("C0GENERAL", name="general")
    settings = slack_settings(fake_slack, f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}", tmp_path)
    async with aiohttp.ClientSession() as http:
        ws = await start_workspace(fake_slack, settings, MovableClock(NOW), http)
        try:
            yield ws
        finally:
            await stop_workspace(ws)
    check_blocks(fake_slack)
