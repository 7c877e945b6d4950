"""Reactions and native poll answers to the bot's own posts, run as the commands those posts offered."""

from __future__ import annotations

from typing import Any

from nio import MatrixRoom, ReactionEvent  # type: ignore[import-untyped]  # no type hints

from bot.adapters.matrix.events import Events
from bot.adapters.matrix.render import PLATFORM
from bot.adapters.matrix.sending import BALLOT_ANSWER, POLL_RESPONSE
from bot.messages import Action, action_command, reaction_key


def _command_of(stored: str) -> tuple[str, str]:
    """A stored "action_done A12" as the (command, text) it runs: ("action", "done A12")."""
    action_id, _, value = stored.partition(" ")
    return action_command(Action("", action_id, value.strip()))


class Reactions(Events):
    """A reaction to one of the bot's posts, or an answer to its native poll: the command it stands for."""

    async def _on_poll_response(self, room: MatrixRoom, event: Any, content: dict) -> None:
        """An answer to a native poll the bot started: the choices, as the poll's own command."""
        started = (content.get("m.relates_to") or {}).get("event_id")
        block = content.get(POLL_RESPONSE) or {}
        answers = block.get("answers") if isinstance(block, dict) else None
        if not started or not isinstance(answers, list):
            return
        runs = await self.app.reaction_command(PLATFORM, started, BALLOT_ANSWER)
        if runs is None:
            return
        numbers = " ".join(str(a) for a in answers if isinstance(a, str) and a.isdigit())
        command, text = _command_of(f"{runs} {numbers}")
        incoming = self._incoming(room, event, text=text, command=command)
        assert self._on_incoming is not None
        for i, reply in enumerate(await self._on_incoming(incoming)):
            await self._post(room.room_id, reply, f"poll:{event.event_id}:{i}", {"m.in_reply_to": {"event_id": started}})

    async def _on_reaction(self, room: MatrixRoom, event: ReactionEvent) -> None:
        """A reaction to a message the bot posted runs what that message offered for it (✅ on an action
        item's card: "action done A12"); any other reaction is ignored."""
        key = reaction_key(event.key)
        if key == BALLOT_ANSWER:  # a reaction may be any text: this one names no emoji
            return
        runs = await self.app.reaction_command(PLATFORM, event.reacts_to, key)
        if runs is None:
            return
        command, text = _command_of(runs)
        incoming = self._incoming(room, event, text=text, command=command)
        assert self._on_incoming is not None
        replies = await self._on_incoming(incoming)
        for i, reply in enumerate(replies):
            await self._post(room.room_id, reply, f"reaction:{event.event_id}:{i}",
                             {"m.in_reply_to": {"event_id": event.reacts_to}})
