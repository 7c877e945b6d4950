"""Two bot processes on one PostgreSQL and one Matrix account: one syncs (the leader); when it is
killed mid-conversation the other takes over, answering every command once."""

from __future__ import annotations

import asyncio
import uuid

from talk import WAIT, replies_to

from tests.ops.bot_process import BotProcess

TAKE_OVER = 15.0  # seconds the follower has to answer once the leader is gone (issue 19)


def env_for(server, user: tuple[str, str], database_url: str, data_dir) -> dict[str, str]:
    data_dir.mkdir(parents=True, exist_ok=True)
    return {
        "ALLIANCE_BOT_DATABASE__URL": database_url,
        "ALLIANCE_BOT_BOT__DATA_DIR": str(data_dir),
        "ALLIANCE_BOT_MATRIX__ENABLED": "true",
        "ALLIANCE_BOT_MATRIX__HOMESERVER": server.base_url,
        "ALLIANCE_BOT_MATRIX__USER_ID": user[0],
        "ALLIANCE_BOT_MATRIX__PASSWORD": user[1],
        "ALLIANCE_BOT_OPS__LEADER_CHECK_SECONDS": "1",
    }


async def test_killing_the_leader_mid_conversation_the_follower_answers_each_command_once(
    synapse, pg_url, person_factory, tmp_path
):
    password = uuid.uuid4().hex
    user = (synapse.register_user(f"bot-{uuid.uuid4().hex[:8]}", password), password)
    first = BotProcess("--log-level", "INFO", "run", env=env_for(synapse, user, pg_url, tmp_path / "a"))
    second = None
    try:
        await asyncio.to_thread(first.wait_for, "stderr", "matrix: this process leads now", WAIT)
        second = BotProcess("--log-level", "INFO", "run", env=env_for(synapse, user, pg_url, tmp_path / "b"))
        await asyncio.to_thread(second.wait_for, "stderr", "another process leads", WAIT)

        alice = await person_factory("alice")
        room = await alice.create_room(user[0])
        await alice.wait_for_membership(room, user[0])
        before = await alice.say(room, "!action add Asked of the first leader")
        assert "A1" in (await alice.answer_to(before, user[0]))["content"]["body"]

        during = await alice.say(room, "!action add Asked as the leader dies")
        first.process.kill()  # no goodbye: its database connection simply ends
        first.exit_code(WAIT)
        after = await alice.say(room, "!action add Asked once the leader is gone")

        # the follower takes over and answers within the bound (a wait's limit, not a timing figure)
        for event_id in (during, after):
            await alice.answer_to(event_id, user[0], timeout=TAKE_OVER)
        assert "this process leads now" in await asyncio.to_thread(
            second.wait_for, "stderr", "matrix: this process leads now", WAIT)

        listed = (await alice.answer_to(await alice.say(room, "!action list"), user[0]))["content"]["body"]
        for text in ("Asked of the first leader", "Asked as the leader dies", "Asked once the leader is gone"):
            assert listed.count(text) == 1, listed
        answered = [replies_to(n) for n in await alice.notices_from(room, user[0])]
        for event_id in (before, during, after):
            assert answered.count(event_id) == 1, (event_id, answered)
    finally:
        for process in (first, second):
            if process is not None:
                process.close()
