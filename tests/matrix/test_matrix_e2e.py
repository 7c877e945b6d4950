"""Encrypted rooms when things go wrong: a lost key store, a message the bot has no key for (real Synapse)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import shutil
import uuid

import pytest
from nio import (
    Api,
    AsyncClient,
    AsyncClientConfig,
    LoginResponse,
    RoomKeyRequest,
    RoomMessageNotice,
    RoomSendResponse,
)

from bot.adapters.matrix.adapter import MatrixLoginError
from bot.doctor import doctor
from bot.observability import check_health
from talk import replies_to, room_with_bot

pytest.importorskip("vodozemac")


async def test_a_lost_key_store_makes_the_bot_log_in_as_a_new_device_that_people_can_write_to(
    bot_factory, person_factory, caplog
):
    bot = await bot_factory()
    alice = await person_factory("alice", encrypted=True)
    room = await room_with_bot(alice, bot, encrypted=True)
    await alice.answer_to(await alice.say(room, "!help"), bot.user_id)
    old_device = bot.adapter.client.device_id
    await bot.stop()
    shutil.rmtree(bot.data_dir / "matrix-store")  # the database (with the device id) is kept
    out = io.StringIO()
    assert await doctor(bot.app.settings, out=out) == 1
    assert f"the keys of device {old_device} are missing" in out.getvalue()

    with caplog.at_level(logging.WARNING, logger="alliance_bot.matrix"):
        again = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir, clock=bot.clock)
    new_device = again.adapter.client.device_id
    assert new_device != old_device
    said = [r.getMessage() for r in caplog.records]
    assert any(old_device in line and "new device" in line for line in said), said

    # alice's client hears of the bot's new device through its sync, as any client does
    async with asyncio.timeout(30):
        while new_device not in {d.id for d in alice.client.device_store.active_user_devices(bot.user_id)}:
            await alice.sync(1000)
    asked = await alice.say(room, "!action add Written after the loss")
    answer = await alice.answer_to(asked, bot.user_id)
    assert "Action item A1 recorded." in answer["content"]["body"]
    assert again.adapter.encryption_health()["status"] == "ok"
    # the cross-signing keys went with the store: replaced (with the password), and the new device signed
    await again.adapter.wait_until(lambda adapter: adapter.e2e.cross_signing != "", 30)
    assert again.adapter.e2e.cross_signing == "ok"
    _, keys = await _keys_query(alice, bot.user_id)
    _verify_chain_as_another_client_would(keys, bot.user_id, new_device)
    assert again.app.metrics.value("alliance_bot_e2e_problems_total",
                                   {"platform": "matrix", "kind": "store_lost"}) == 1


async def test_with_an_access_token_a_lost_key_store_stops_the_bot_with_one_clear_line(
    bot_factory, synapse, tmp_path
):
    password = uuid.uuid4().hex
    user_id = synapse.register_user(f"bot-{uuid.uuid4().hex[:8]}", password)
    login = AsyncClient(synapse.base_url, user_id, config=AsyncClientConfig(encryption_enabled=False))
    resp = await login.login(password, device_name="token device")
    await login.close()
    assert isinstance(resp, LoginResponse), resp
    data_dir = tmp_path / "token-bot"
    settings = {"password": None, "access_token": resp.access_token}
    bot = await bot_factory(user=(user_id, password), data_dir=data_dir, **settings)
    assert bot.adapter.client.device_id == resp.device_id
    await bot.stop()
    shutil.rmtree(data_dir / "matrix-store")

    with pytest.raises(MatrixLoginError, match=f"encryption keys of device {resp.device_id} are missing"):
        await bot_factory(user=(user_id, password), data_dir=data_dir, clock=bot.clock, **settings)


async def _send_with_unshared_session(person, room_id: str, text: str) -> tuple[str, str]:
    """Send an encrypted message with a Megolm session whose key nobody else was given: (event id, session id)."""
    from vodozemac import GroupSession

    session = GroupSession()
    session_id = session.session_id
    session_id = session_id() if callable(session_id) else session_id
    payload = {"type": "m.room.message", "content": {"msgtype": "m.text", "body": text}, "room_id": room_id}
    content = {
        "algorithm": "m.megolm.v1.aes-sha2",
        "sender_key": person.client.olm.account.identity_keys["curve25519"],
        "device_id": person.client.device_id,
        "session_id": session_id,
        "ciphertext": session.encrypt(json.dumps(payload).encode()).to_base64(),
    }
    # sent as is (room_send would encrypt it once more)
    method, path, data = Api.room_send(person.client.access_token, room_id, "m.room.encrypted", content,
                                       uuid.uuid4().hex)
    resp = await person.client._send(RoomSendResponse, method, path, data, (room_id,))
    assert isinstance(resp, RoomSendResponse), resp
    return resp.event_id, session_id


async def test_a_message_the_bot_cannot_decrypt_is_answered_once_and_its_key_is_requested(
    bot_factory, person_factory
):
    bot = await bot_factory()
    alice = await person_factory("alice", encrypted=True)
    room = await room_with_bot(alice, bot, encrypted=True)
    await alice.answer_to(await alice.say(room, "!help"), bot.user_id)  # keys exchanged as usual

    unreadable, session_id = await _send_with_unshared_session(alice, room, "!action list")
    notice = await alice.wait_for(lambda r, e: r == room and getattr(e, "sender", "") == bot.user_id
                                  and replies_to(e.source) == unreadable)
    assert isinstance(notice, RoomMessageNotice) and notice.decrypted
    assert "could not read your encrypted message" in notice.body
    assert "verify my device" in notice.body

    # alice's device was asked for the key of that very session, by the bot's device
    request = await alice.wait_for_to_device(lambda e: isinstance(e, RoomKeyRequest)
                                             and e.sender == bot.user_id and e.session_id == session_id)
    assert request.requesting_device_id == bot.adapter.client.device_id

    # a second unreadable message within the window: counted, not answered again
    second, _ = await _send_with_unshared_session(alice, room, "!help")
    await bot.adapter.wait_until(lambda adapter: adapter.last_handled.get(room) == second, 30)
    answered = [n for n in await alice.notices_from(room, bot.user_id) if replies_to(n) in (unreadable, second)]
    assert [replies_to(n) for n in answered] == [unreadable]

    assert bot.app.metrics.value("alliance_bot_e2e_problems_total",
                                 {"platform": "matrix", "kind": "undecryptable"}) == 2
    health = (await check_health(bot.app.engine, bot.app.adapters)).as_json()
    assert health["encryption"]["matrix"]["undecryptable_messages"] == 2
    assert second in health["encryption"]["matrix"]["last_undecryptable"]

    await bot.stop()
    out = io.StringIO()
    await doctor(bot.app.settings, out=out)
    assert "2 message(s) could not be decrypted" in out.getvalue(), out.getvalue()


def _verify_chain_as_another_client_would(answer: dict, user_id: str, device_id: str) -> str:
    """master → self-signing → device, checked with Synapse's own signed-JSON library: the master key."""
    from signedjson.key import decode_verify_key_bytes
    from signedjson.sign import verify_signed_json
    from unpaddedbase64 import decode_base64

    def key(obj: dict):
        (key_id, public), = obj["keys"].items()
        return decode_verify_key_bytes(key_id, decode_base64(public)), key_id, public

    master_key, master_id, master_public = key(answer["master_keys"][user_id])
    self_signing = answer["self_signing_keys"][user_id]
    assert self_signing["usage"] == ["self_signing"]
    verify_signed_json(self_signing, user_id, master_key)  # raises if not signed by the master key
    ssk, _, _ = key(self_signing)
    verify_signed_json(answer["device_keys"][user_id][device_id], user_id, ssk)
    return master_public


async def test_the_bot_device_is_cross_signed_and_stays_so_across_restarts(bot_factory, person_factory):
    bot = await bot_factory()
    alice = await person_factory("alice", encrypted=True)
    device_id = bot.adapter.client.device_id
    await bot.adapter.wait_until(lambda adapter: adapter.e2e.cross_signing != "", 30)
    assert bot.adapter.e2e.cross_signing == "ok"

    status, answer = await _keys_query(alice, bot.user_id)
    master = _verify_chain_as_another_client_would(answer, bot.user_id, device_id)

    await bot.stop()
    again = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir, clock=bot.clock)
    await again.adapter.wait_until(lambda adapter: adapter.e2e.cross_signing != "", 30)
    assert again.adapter.e2e.cross_signing == "ok"
    _, answer = await _keys_query(alice, bot.user_id)
    assert _verify_chain_as_another_client_would(answer, bot.user_id, device_id) == master  # not made anew


async def _keys_query(person, user_id: str) -> tuple[int, dict]:
    resp = await person.client.send(
        "POST", "/_matrix/client/v3/keys/query", json.dumps({"device_keys": {user_id: []}}),
        headers={"Authorization": f"Bearer {person.client.access_token}", "Content-Type": "application/json"})
    return resp.status, await resp.json()


async def test_refused_key_uploads_show_in_healthz_metrics_and_doctor(bot_factory, person_factory, tmp_path):
    bot = await bot_factory()
    device_id = bot.adapter.client.device_id
    await bot.stop()
    # a store that has an account for the device, but not the one whose keys the homeserver holds
    # (e.g. a store restored from another installation): its one-time keys collide with the uploaded ones
    other = tmp_path / "other-store"
    other.mkdir()
    stranger = AsyncClient(bot.adapter.settings.homeserver, bot.user_id, device_id=device_id, store_path=str(other),
                           config=AsyncClientConfig(encryption_enabled=True))
    stranger.restore_login(bot.user_id, device_id, "unused")
    await stranger.close()
    name = f"{bot.user_id}_{device_id}.db"
    shutil.copy(other / name, bot.data_dir / "matrix-store" / name)

    again = await bot_factory(user=(bot.user_id, bot.password), data_dir=bot.data_dir, clock=bot.clock)
    await again.adapter.wait_until(lambda adapter: adapter.e2e.key_upload_failures > 0, 30)
    health = await check_health(again.app.engine, again.app.adapters)
    assert not health.ready
    assert health.as_json()["encryption"]["matrix"]["status"] == "key upload failing"
    assert again.app.metrics.value("alliance_bot_e2e_problems_total",
                                   {"platform": "matrix", "kind": "key_upload_failed"}) >= 1
    await again.stop()
    out = io.StringIO()
    assert await doctor(again.app.settings, out=out) == 1
    assert "refused the device's key upload" in out.getvalue(), out.getvalue()
