"""Ids, timestamps, and the stored messages and channels the Web API methods share."""

from __future__ import annotations

import time
from typing import Any, Dict, Optional

from .records import FakeChannel
from .rules import MAX_MESSAGE_TEXT, _SlackError


class State:
    """Ids and message/channel storage."""

    def _new_ts(self) -> str:
        now_us = int(time.time() * 1_000_000)
        self._last_ts_us = max(now_us, self._last_ts_us + 1)
        return f"{self._last_ts_us // 1_000_000}.{self._last_ts_us % 1_000_000:06d}"

    def _new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids):08d}"

    @staticmethod
    def _is_top_level(msg: Dict[str, Any]) -> bool:
        thread_ts = msg.get("thread_ts")
        return not thread_ts or thread_ts == msg.get("ts") or msg.get("subtype") == "thread_broadcast"

    def _store_message(self, channel: str, msg: Dict[str, Any]) -> None:
        msgs = self.messages.setdefault(channel, [])
        if any(m.get("ts") == msg.get("ts") for m in msgs):
            return  # same message delivered twice (e.g. an event retry)
        msgs.append(msg)
        thread_ts = msg.get("thread_ts")
        if thread_ts and thread_ts != msg.get("ts"):
            parent = self._find_message(channel, thread_ts)
            if parent is not None:
                parent.setdefault("thread_ts", thread_ts)
                parent["reply_count"] = parent.get("reply_count", 0) + 1
                users = parent.setdefault("reply_users", [])
                who = msg.get("user")
                if who and who not in users:
                    users.append(who)
                parent["reply_users_count"] = len(users)
                parent["latest_reply"] = msg["ts"]

    def _find_message(self, channel: str, ts: Any) -> Optional[Dict[str, Any]]:
        for m in self.messages.get(channel, []):
            if m.get("ts") == ts:
                return m
        return None

    def _dm_channel_for(self, user_id: str) -> str:
        for ch in self.channels.values():
            if ch.is_im and ch.user == user_id:
                return ch.id
        dm_id = "D" + user_id[1:]
        self.channels[dm_id] = FakeChannel(id=dm_id, name=dm_id.lower(), is_im=True, user=user_id)
        return dm_id

    def _resolve_channel(self, channel: Any, *, for_posting: bool) -> str:
        if not channel or not isinstance(channel, str):
            raise _SlackError("channel_not_found")
        if channel[0] in "UW" and for_posting:
            if channel not in self.users and self.strict_channels:
                raise _SlackError("channel_not_found")
            return self._dm_channel_for(channel)
        name = channel.lstrip("#")
        for ch in self.channels.values():
            by_name = channel.startswith("#") or not channel[0].isupper()
            if ch.id == channel or (by_name and ch.name == name):
                return ch.id
        if self.strict_channels:
            raise _SlackError("channel_not_found")
        return channel

    def _bot_message(self, args: Dict[str, Any]) -> Dict[str, Any]:
        text = args.get("text")
        msg: Dict[str, Any] = {
            "type": "message",
            "user": self.bot_user_id,
            "bot_id": self.bot_id,
            "app_id": self.app_id,
            "team": self.team_id,
            "text": (str(text) if text is not None else "")[:MAX_MESSAGE_TEXT],
            "ts": self._new_ts(),
            "bot_profile": {"id": self.bot_id, "app_id": self.app_id, "name": self.bot_name, "team_id": self.team_id},
        }
        if args.get("blocks") is not None:
            msg["blocks"] = args["blocks"]
        if args.get("attachments") is not None:
            msg["attachments"] = args["attachments"]
        if isinstance(args.get("metadata"), dict):
            meta = args["metadata"]
            msg["metadata"] = {
                "event_type": meta.get("event_type"),
                "event_payload": meta.get("event_payload", {}),
            }
        return msg
