"""Prove the Synapse test harness works, using matrix-nio as a real client."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
import pytest_asyncio
from nio import (
    AsyncClient,
    AsyncClientConfig,
    JoinResponse,
    LoginResponse,
    RoomCreateResponse,
    RoomInviteResponse,
    RoomMessagesResponse,
    RoomMessageText,
    RoomSendError,
    RoomSendResponse,
    SyncResponse,
)

ClientFactory = Callable[..., Awaitable[AsyncClient]]


def _client_config() -> AsyncClientConfig:
    # nio's defaults retry a 429 and a dead server forever; tests want errors.
    return AsyncClientConfig(
        max_limit_exceeded=0,
        max_timeouts=3,
        request_timeout=20,
        encryption_enabled=False,
    )


@pytest_asyncio.fixture
async def client_factory() -> AsyncIterator[ClientFactory]:
    """``await make(server, user_id, password, device_id=None)`` -> logged-in client."""
    clients: list[AsyncClient] = []

    async def make(server, user_id: str, password: str, device_id: str | None = None):
        client = AsyncClient(
            server.base_url,
            user_id,
            device_id=device_id or f"DEV{uuid.uuid4().hex[:8].upper()}",
            config=_client_config(),
        )
        clients.append(client)
        resp = await client.login(password, device_name="harness test")
        assert isinstance(resp, LoginResponse), resp
        assert client.device_id == resp.device_id
        return client

    yield make
    for client in clients:
        await client.close()


async def _shared_room(alice: AsyncClient, bob: AsyncClient) -> str:
    created = await alice.room_create(name="harness")
    assert isinstance(created, RoomCreateResponse), created
    invited = await alice.room_invite(created.room_id, bob.user_id)
    assert isinstance(invited, RoomInviteResponse), invited
    joined = await bob.join(created.room_id)
    assert isinstance(joined, JoinResponse), joined
    return created.room_id


async def _wait_for_text(client: AsyncClient, room_id: str, body: str, timeout: float = 10):
    """Long-poll sync (server-side timeout, no spinning) until `body` shows up."""
    async with asyncio.timeout(timeout):
        while True:
            resp = await client.sync(timeout=5000)
            assert isinstance(resp, SyncResponse), resp
            room = resp.rooms.join.get(room_id)
            for event in room.timeline.events if room else ():
                if isinstance(event, RoomMessageText) and event.body == body:
                    return event


async def test_two_clients_exchange_a_message(synapse, matrix_user_factory, client_factory):
    alice = await client_factory(synapse, *matrix_user_factory("alice"), device_id="ALICEDEV")
    bob = await client_factory(synapse, *matrix_user_factory("bob"), device_id="BOBDEV")
    assert alice.device_id == "ALICEDEV"
    room_id = await _shared_room(alice, bob)

    first = await bob.sync(timeout=0)  # establish bob's since-token
    assert isinstance(first, SyncResponse), first
    assert room_id in first.rooms.join

    body = f"hello {uuid.uuid4().hex}"
    sent = await alice.room_send(room_id, "m.room.message", {"msgtype": "m.text", "body": body})
    assert isinstance(sent, RoomSendResponse), sent

    event = await _wait_for_text(bob, room_id, body)
    assert event.sender == alice.user_id
    assert event.event_id == sent.event_id


async def _count_bodies(client: AsyncClient, room_id: str, body: str) -> int:
    resp = await client.room_messages(room_id, limit=100)
    assert isinstance(resp, RoomMessagesResponse), resp
    return sum(1 for e in resp.chunk if isinstance(e, RoomMessageText) and e.body == body)


async def test_txn_id_makes_sends_idempotent_even_across_restart(
    synapse, matrix_user_factory, client_factory
):
    """Finding (Synapse 1.163.2, sqlite):

    * Same access token + same txn id -> same event id, one event in the room.
    * Still true after Synapse is stopped (SIGTERM) or killed (SIGKILL) and
      started again on the same data dir: Synapse persists
      (user, device, txn id) -> event id in its database (table
      event_txn_id_device_id), not only in its in-memory response cache.
    * Scope is the *device*: a fresh login with the same device_id (new access
      token) and the same txn id also gets the original event back.  Content of
      the repeat is ignored; the first event wins.
    * Synapse deletes these mappings after 24 h (background job
      _cleanup_old_transaction_ids; read in the source, not measured), so txn ids
      are safe for crash recovery of a bot that re-sends within that window
      *with the same device id*; a new device id means a new txn namespace.
    """
    user_id, password = matrix_user_factory("txn")
    alice = await client_factory(synapse, user_id, password, device_id="TXNDEV")
    created = await alice.room_create(name="txn")
    assert isinstance(created, RoomCreateResponse), created
    room_id = created.room_id

    txn = f"txn-{uuid.uuid4().hex}"
    body = f"once {txn}"
    content = {"msgtype": "m.text", "body": body}
    first = await alice.room_send(room_id, "m.room.message", content, tx_id=txn)
    second = await alice.room_send(room_id, "m.room.message", content, tx_id=txn)
    assert isinstance(first, RoomSendResponse), first
    assert isinstance(second, RoomSendResponse), second
    assert second.event_id == first.event_id

    old_url, old_pid = synapse.base_url, synapse.pid
    synapse.restart()  # SIGTERM, then a fresh process on the same data dir
    assert synapse.pid != old_pid
    assert synapse.base_url == old_url  # same port, so existing clients reconnect

    # Same client, same access token, after the restart.  (nio's pooled
    # keep-alive connection is dead now; max_timeouts lets it retry.)
    third = await alice.room_send(room_id, "m.room.message", content, tx_id=txn)
    assert isinstance(third, RoomSendResponse), third
    assert third.event_id == first.event_id

    # A new login on the same device id, as a restarted bot would do,
    # with different content under the same txn id.
    again = await client_factory(synapse, user_id, password, device_id="TXNDEV")
    assert again.access_token != alice.access_token
    fourth = await again.room_send(
        room_id, "m.room.message", {"msgtype": "m.text", "body": "different"}, tx_id=txn
    )
    assert isinstance(fourth, RoomSendResponse), fourth
    assert fourth.event_id == first.event_id

    # Also after a hard crash (SIGKILL) of the homeserver: the txn mapping is
    # written in the same DB transaction as the event itself.
    synapse.kill()
    synapse.start()
    assert synapse.base_url == old_url
    sixth = await again.room_send(room_id, "m.room.message", content, tx_id=txn)
    assert isinstance(sixth, RoomSendResponse), sixth
    assert sixth.event_id == first.event_id

    # A different device is a different txn namespace: a new event.
    other = await client_factory(synapse, user_id, password, device_id="OTHERDEV")
    fifth = await other.room_send(room_id, "m.room.message", content, tx_id=txn)
    assert isinstance(fifth, RoomSendResponse), fifth
    assert fifth.event_id != first.event_id

    assert await _count_bodies(again, room_id, body) == 2  # first + OTHERDEV's
    assert await _count_bodies(again, room_id, "different") == 0


@pytest.fixture(scope="module")
def rate_limited_synapse(synapse_server_factory):
    server = synapse_server_factory("synapse-rl", real_rate_limits=True)
    yield server
    server.stop()


async def test_real_rate_limits_answer_429_with_retry_after(
    rate_limited_synapse, client_factory
):
    server = rate_limited_synapse
    localpart = f"burst-{uuid.uuid4().hex[:8]}"
    user_id = server.register_user(localpart, "pw")
    client = await client_factory(server, user_id, "pw")
    created = await client.room_create(name="burst")
    assert isinstance(created, RoomCreateResponse), created

    sent = 0
    limited: RoomSendError | None = None
    for i in range(30):
        resp = await client.room_send(
            created.room_id, "m.room.message", {"msgtype": "m.text", "body": f"burst {i}"}
        )
        if isinstance(resp, RoomSendError):
            limited = resp
            break
        assert isinstance(resp, RoomSendResponse), resp
        sent += 1

    assert limited is not None, f"no 429 after {sent} messages"
    print(f"429 after {sent} sends: {limited}")
    assert limited.status_code == "M_LIMIT_EXCEEDED", limited
    assert limited.transport_response is not None
    assert limited.transport_response.status == 429
    assert limited.retry_after_ms and limited.retry_after_ms > 0
    # Default rc_message: burst 10, then 0.2/s.
    assert 5 <= sent <= 15, sent
