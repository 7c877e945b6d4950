"""With Synapse's real rate limits the bot waits as told and still answers everything once."""

from __future__ import annotations

import json
import urllib.request
from urllib.parse import quote

import pytest
from talk import replies_to, room_with_bot



@pytest.fixture(scope="module")
def rate_limited_synapse(synapse_server_factory):
    server = synapse_server_factory("synapse-real-limits", real_rate_limits=True)
    yield server
    server.stop()


def exempt_from_rate_limits(server, person) -> None:
    """Through the admin API: only the bot should meet the limits, not the person testing it."""
    request = urllib.request.Request(
        f"{server.base_url}/_synapse/admin/v1/users/{quote(person.user_id)}/override_ratelimit",
        data=json.dumps({"messages_per_second": 0, "burst_count": 0}).encode(),
        headers={"Authorization": f"Bearer {person.client.access_token}", "Content-Type": "application/json"},
        method="POST",
    )
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    with opener.open(request, timeout=10) as resp:
        assert resp.status == 200


async def test_the_bot_backs_off_when_rate_limited_and_answers_every_command_once(
    rate_limited_synapse, bot_factory, person_factory
):
    server = rate_limited_synapse
    bot = await bot_factory(server)
    alice = await person_factory("alice", server=server, admin=True)
    exempt_from_rate_limits(server, alice)
    room = await room_with_bot(alice, bot)

    # Synapse lets a user send a burst of 10 messages, then one every 5 seconds.
    asked = [await alice.say(room, f"!action add Task number {n}") for n in range(1, 12)]
    for event_id in asked:
        await alice.answer_to(event_id, bot.user_id, timeout=60)

    assert bot.adapter.rate_limited >= 1  # the homeserver said "slow down" and the bot waited
    answered = [replies_to(n) for n in await alice.notices_from(room, bot.user_id)]
    assert all(answered.count(event_id) == 1 for event_id in asked)
    assert "Action item A11 recorded." in (await alice.notices_from(room, bot.user_id))[-1]["content"]["body"]
