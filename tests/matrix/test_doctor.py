"""``alliance-bot doctor`` against a real homeserver."""

from __future__ import annotations

import io

import aiohttp

from bot.doctor import doctor
from bot.settings import Settings


def matrix_settings(tmp_path, **matrix) -> Settings:
    return Settings.model_validate({
        "bot": {"data_dir": str(tmp_path)},
        "database": {"url": f"sqlite+aiosqlite:///{tmp_path}/bot.db"},
        "matrix": {"enabled": True, **matrix},
    })


async def doctor_says(settings: Settings) -> tuple[int, str]:
    from bot.app import BotApp

    app = BotApp(settings)
    await app.start(seed_reference=False)
    await app.close()
    out = io.StringIO()
    return await doctor(settings, out=out), out.getvalue()


async def login(base_url: str, user_id: str, password: str) -> str:
    async with aiohttp.ClientSession() as http:
        body = {"type": "m.login.password", "identifier": {"type": "m.id.user", "user": user_id},
                "password": password}
        async with http.post(f"{base_url}/_matrix/client/v3/login", json=body) as response:
            return (await response.json())["access_token"]


async def devices(base_url: str, token: str) -> list:
    async with aiohttp.ClientSession(headers={"Authorization": f"Bearer {token}"}) as http:
        async with http.get(f"{base_url}/_matrix/client/v3/devices") as response:
            return (await response.json())["devices"]


async def test_access_token_and_password_are_checked_on_the_homeserver(synapse, matrix_user_factory, tmp_path):
    user_id, password = matrix_user_factory("bot")
    token = await login(synapse.base_url, user_id, password)

    code, text = await doctor_says(matrix_settings(tmp_path, homeserver=synapse.base_url, user_id=user_id,
                                                   access_token=token))
    assert code == 0, text
    assert "OK    matrix homeserver" in text and f"whoami ok: {user_id}" in text

    code, text = await doctor_says(matrix_settings(tmp_path, homeserver=synapse.base_url, user_id=user_id,
                                                   password=password))
    assert code == 0, text
    assert "password login ok" in text
    # the doctor's own login was logged out again: no device of its is left
    assert all(d["display_name"] != "alliance-bot doctor" for d in await devices(synapse.base_url, token))

    code, text = await doctor_says(matrix_settings(tmp_path, homeserver=synapse.base_url, user_id=user_id,
                                                   access_token="syt_not_a_real_token"))
    assert code == 1
    assert "whoami refused the access token: M_UNKNOWN_TOKEN" in text
    assert "fix: the token is invalid or was logged out" in text

    code, text = await doctor_says(matrix_settings(tmp_path, homeserver=synapse.base_url, user_id=user_id,
                                                   password="wrong"))
    assert code == 1 and "password login refused: M_FORBIDDEN" in text


async def test_unreachable_homeserver(tmp_path):
    code, text = await doctor_says(matrix_settings(tmp_path, homeserver="http://127.0.0.1:1", user_id="@b:x",
                                                   access_token="syt_x"))
    assert code == 1
    assert "FAIL  matrix homeserver  cannot reach http://127.0.0.1:1" in text
    assert "fix: check [matrix] homeserver" in text
