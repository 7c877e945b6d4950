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
