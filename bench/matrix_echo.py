"""A bare Matrix client for the benchmark's floor: joins when invited and answers every
"ping …" from one user with "pong …" as a reply, straight from its sync loop.

    python -m bench.matrix_echo <homeserver> <user id> <password> <answer to (user id)>

Prints "ready" after its first sync; runs until SIGTERM (at most an hour).
"""

from __future__ import annotations

import asyncio
import signal
import sys

from nio import AsyncClient, InviteMemberEvent, MatrixRoom, RoomMessageText


async def main(homeserver: str, user_id: str, password: str, answer_to: str) -> None:
    client = AsyncClient(homeserver, user_id)
    await client.login(password)

    async def on_invite(room: MatrixRoom, event: InviteMemberEvent) -> None:
        if event.state_key == user_id and event.membership == "invite":
            await client.join(room.room_id)

    async def on_message(room: MatrixRoom, event: RoomMessageText) -> None:
        if event.sender != answer_to or not event.body.startswith("ping"):
            return
        await client.room_send(room.room_id, "m.room.message", {
            "msgtype": "m.notice", "body": "pong" + event.body[4:],
            "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}}})

    client.add_event_callback(on_invite, InviteMemberEvent)
    client.add_event_callback(on_message, RoomMessageText)
    await client.sync(timeout=0, full_state=True)  # skip what came before
    print("ready", flush=True)
    stopped = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stopped.set)
    syncing = asyncio.create_task(client.sync_forever(timeout=30000))
    try:
        await asyncio.wait_for(stopped.wait(), 3600)
    except TimeoutError:
        pass
    finally:
        syncing.cancel()
        await client.close()


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:5]))
