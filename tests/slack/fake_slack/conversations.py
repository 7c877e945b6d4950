"""The conversations.* and users.info Web API methods, with Slack's cursor paging."""

from __future__ import annotations

import base64
import math
import time
from typing import Any, Dict, List

from .records import FakeChannel
from .rules import _SlackError, _truthy


class Conversations:
    """History, replies, opening DMs, and user info."""

    def _history_view(self, msg: Dict[str, Any], include_metadata: bool) -> Dict[str, Any]:
        out = {k: v for k, v in msg.items() if k != "channel"}
        if not include_metadata:
            out.pop("metadata", None)
        return out

    @staticmethod
    def _page(items: List[Dict[str, Any]], args: Dict[str, Any], default_limit: int) -> tuple:
        try:
            limit = int(args.get("limit") or default_limit)
        except ValueError:
            raise _SlackError("invalid_limit")
        limit = max(1, min(limit, 999))
        offset = 0
        cursor = args.get("cursor")
        if cursor:
            try:
                offset = int(base64.b64decode(str(cursor)).decode().split(":", 1)[1])
            except Exception:
                raise _SlackError("invalid_cursor")
        page = items[offset : offset + limit]
        has_more = offset + limit < len(items)
        next_cursor = base64.b64encode(f"next_ts:{offset + limit}".encode()).decode() if has_more else ""
        return page, has_more, next_cursor

    def _conversations_history(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ch = self.channels.get(channel)
        if ch is not None and not ch.bot_is_member and not ch.is_im:
            raise _SlackError("not_in_channel")
        inclusive = _truthy(args.get("inclusive"))
        oldest = float(args.get("oldest") or 0)
        latest = float(args["latest"]) if args.get("latest") else math.inf

        def in_range(m: Dict[str, Any]) -> bool:
            ts = float(m["ts"])
            if inclusive:
                return oldest <= ts <= latest
            return oldest < ts < latest

        items = [m for m in self.messages.get(channel, []) if self._is_top_level(m) and in_range(m)]
        items.sort(key=lambda m: float(m["ts"]), reverse=True)
        page, has_more, next_cursor = self._page(items, args, 100)
        include_metadata = _truthy(args.get("include_all_metadata"))
        result: Dict[str, Any] = {
            "messages": [self._history_view(m, include_metadata) for m in page],
            "has_more": has_more,
            "pin_count": 0,
        }
        if has_more:
            result["response_metadata"] = {"next_cursor": next_cursor}
        return result

    def _conversations_replies(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ts = args.get("ts")
        parent = self._find_message(channel, ts) if ts else None
        if parent is None:
            raise _SlackError("thread_not_found")
        thread_ts = parent.get("thread_ts") or parent["ts"]
        items = [m for m in self.messages.get(channel, []) if m["ts"] == thread_ts or m.get("thread_ts") == thread_ts]
        items.sort(key=lambda m: float(m["ts"]))
        page, has_more, next_cursor = self._page(items, args, 1000)
        include_metadata = _truthy(args.get("include_all_metadata"))
        result: Dict[str, Any] = {"messages": [self._history_view(m, include_metadata) for m in page], "has_more": has_more}
        if has_more:
            result["response_metadata"] = {"next_cursor": next_cursor}
        return result

    def _conversations_open(self, args: Dict[str, Any]) -> Dict[str, Any]:
        if args.get("channel"):
            channel = str(args["channel"])
            return {"channel": {"id": channel}, "no_op": True, "already_open": True}
        users = [u.strip() for u in str(args.get("users") or "").split(",") if u.strip()]
        if not users:
            raise _SlackError("users_list_not_supplied")
        for u in users:
            if u not in self.users:
                raise _SlackError("user_not_found")
        if len(users) == 1:
            existed = any(ch.is_im and ch.user == users[0] for ch in self.channels.values())
            dm_id = self._dm_channel_for(users[0])
            channel: Dict[str, Any] = {"id": dm_id}
            if _truthy(args.get("return_im")):
                channel.update({"is_im": True, "user": users[0], "created": int(time.time())})
            result: Dict[str, Any] = {"channel": channel}
            if existed:
                result.update({"no_op": True, "already_open": True})
            return result
        if len(users) > 8:
            raise _SlackError("too_many_users")
        mpim_id = "G" + "".join(sorted(u[-3:] for u in users)).upper()
        if mpim_id not in self.channels:
            self.channels[mpim_id] = FakeChannel(id=mpim_id, name="mpdm-" + "--".join(users), members=set(users))
        return {"channel": {"id": mpim_id}}

    def _users_info(self, args: Dict[str, Any]) -> Dict[str, Any]:
        user = self.users.get(str(args.get("user") or ""))
        if user is None:
            raise _SlackError("user_not_found")
        return {"user": user.to_slack(self.team_id, _truthy(args.get("include_locale")))}
