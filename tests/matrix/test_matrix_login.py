"""Logging in: an access token and its device first (what homeservers behind the Matrix
Authentication Service give bots), the password as the fallback."""

from __future__ import annotations

import uuid

import aiohttp
import pytest
from nio import AsyncClient, LoginResponse

from bot.adapters.matrix.adapter import MatrixLoginError
from talk import WAIT, room_with_bot


async def token_from_a_login(server, user_id: str, password: str, device_id: str) -> str:
    """An access token as an operator gets one: from a login made once, outside the bot."""
    client = AsyncClient(server.base_url, user_id, device_id=device_id)
    try:
        resp = await client.login(password, device_name="made by hand")
        assert isinstance(resp, LoginResponse), resp
        return resp.access_token
    finally:
        await client.close()


async def devices_of(server, token: str) -> set[str]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{server.base_url}/_matrix/client/v3/devices",
                            headers={"Authorization": f"Bearer {token}"},
                            timeout=aiohttp.ClientTimeout(total=WAIT)) as resp:
            assert resp.status == 200, await resp.text()
            return {d["device_id"] for d in (await resp.json())["devices"]}


def new_bot_user(server) -> tuple[str, str]:
    password = uuid.uuid4().hex
    return server.register_user(f"bot-{uuid.uuid4().hex[:8]}", password), password


async def test_the_bot_runs_on_an_access_token_and_its_device(bot_factory, person_factory, synapse, tmp_path):
    user = new_bot_user(synapse)
    data_dir = tmp_path / "bot-data"
    # an earlier run logged in with the password (another device) and left its state behind
    earlier = await bot_factory(user=user, data_dir=data_dir)
    earlier_device = earlier.adapter.client.device_id
    await earlier.stop()

    token = await token_from_a_login(synapse, user[0], user[1], "ALLIANCETOKENDEV")
    before = await devices_of(synapse, token)
    assert {"ALLIANCETOKENDEV", earlier_device} <= before
    bot = await bot_factory(user=user, data_dir=data_dir, login="token", access_token=token,
                            device_id="ALLIANCETOKENDEV")
    assert bot.adapter.client.device_id == "ALLIANCETOKENDEV"  # the token's device, not the stored one
    alice = await person_factory("alice")
    room = await room_with_bot(alice, bot)
    asked = await alice.say(room, "!pathfinder show Uganda")
    assert "Uganda" in (await alice.answer_to(asked, bot.user_id))["content"]["body"]
    assert await devices_of(synapse, token) == before  # the bot made no device of its own


async def test_a_token_of_another_device_or_user_is_refused_by_name(bot_factory, synapse):
    user = new_bot_user(synapse)
    token = await token_from_a_login(synapse, user[0], user[1], "REALDEVICE")
    with pytest.raises(MatrixLoginError, match="matrix.device_id"):
        await bot_factory(user=user, login="token", access_token=token, device_id="OTHERDEVICE")

    other = new_bot_user(synapse)
    with pytest.raises(MatrixLoginError, match="matrix.user_id"):
        await bot_factory(user=other, login="token", access_token=token)


async def test_a_refused_token_falls_back_to_the_password(bot_factory, synapse):
    user = new_bot_user(synapse)
    bot = await bot_factory(user=user, access_token="syt_not_a_real_token")  # password given too
    assert bot.adapter.client.logged_in and bot.adapter.ready.is_set()
