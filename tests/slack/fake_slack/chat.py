"""The chat.*, auth.test and reactions.add Web API methods."""

from __future__ import annotations

from typing import Any, Dict

from .rules import MAX_MESSAGE_BLOCKS, MAX_MESSAGE_TEXT, _SlackError, _truthy


class Chat:
    """Posting, updating, deleting and linking messages; reactions."""

    def _auth_test(self, args: Dict[str, Any]) -> Dict[str, Any]:
        return {
            "url": f"https://{self.team_domain}.slack.com/",
            "team": self.team_name,
            "user": self.bot_name,
            "team_id": self.team_id,
            "user_id": self.bot_user_id,
            "bot_id": self.bot_id,
            "is_enterprise_install": False,
        }

    def _chat_post_message(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=True)
        self._validate_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS, "invalid_blocks")
        if not args.get("text") and not args.get("blocks") and not args.get("attachments"):
            raise _SlackError("no_text")
        if args.get("metadata") is not None:
            meta = args["metadata"]
            if not isinstance(meta, dict) or not meta.get("event_type") or not isinstance(meta.get("event_payload", {}), dict):
                raise _SlackError("invalid_metadata_format")
        self._check_postable(channel)
        msg = self._bot_message(args)
        thread_ts = args.get("thread_ts")
        if thread_ts:
            msg["thread_ts"] = str(thread_ts)
            if _truthy(args.get("reply_broadcast")):
                msg["subtype"] = "thread_broadcast"
        self._store_message(channel, msg)
        return {"channel": channel, "ts": msg["ts"], "message": dict(msg)}

    def _chat_post_ephemeral(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=True)
        user = args.get("user")
        if not user:
            raise _SlackError("user_not_found")
        self._validate_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS, "invalid_blocks")
        if not args.get("text") and not args.get("blocks") and not args.get("attachments"):
            raise _SlackError("no_text")
        self._check_postable(channel)
        ch = self.channels.get(channel)
        if ch is not None and ch.members is not None and user not in ch.members:
            raise _SlackError("user_not_in_channel")
        msg = self._bot_message(args)
        msg["channel"] = channel
        msg["ephemeral_user"] = user
        self.ephemerals.append(msg)
        return {"message_ts": msg["ts"]}

    def _own_message(self, args: Dict[str, Any], ts_key: str, cant: str) -> tuple:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ts = args.get(ts_key)
        msg = self._find_message(channel, ts) if ts else None
        if msg is None:
            raise _SlackError("message_not_found")
        if msg.get("bot_id") != self.bot_id:
            raise _SlackError(cant)
        return channel, msg

    def _chat_update(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel, msg = self._own_message(args, "ts", "cant_update_message")
        self._validate_blocks(args.get("blocks"), MAX_MESSAGE_BLOCKS, "invalid_blocks")
        if "text" not in args and "blocks" not in args and "attachments" not in args:
            raise _SlackError("no_text")
        if "text" in args:
            msg["text"] = str(args["text"] or "")[:MAX_MESSAGE_TEXT]
        for key in ("blocks", "attachments"):
            if key in args:
                if args[key]:
                    msg[key] = args[key]
                else:
                    msg.pop(key, None)
        if isinstance(args.get("metadata"), dict):
            msg["metadata"] = {
                "event_type": args["metadata"].get("event_type"),
                "event_payload": args["metadata"].get("event_payload", {}),
            }
        msg["edited"] = {"user": self.bot_user_id, "ts": self._new_ts()}
        return {"channel": channel, "ts": msg["ts"], "text": msg["text"], "message": dict(msg)}

    def _chat_delete(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel, msg = self._own_message(args, "ts", "cant_delete_message")
        self.messages[channel].remove(msg)
        return {"channel": channel, "ts": msg["ts"]}

    def _chat_get_permalink(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        ts = args.get("message_ts")
        msg = self._find_message(channel, ts) if ts else None
        if msg is None:
            raise _SlackError("message_not_found")
        link = f"https://{self.team_domain}.slack.com/archives/{channel}/p{str(ts).replace('.', '')}"
        if msg.get("thread_ts") and msg["thread_ts"] != ts:
            link += f"?thread_ts={msg['thread_ts']}&cid={channel}"
        return {"channel": channel, "permalink": link}

    def _reactions_add(self, args: Dict[str, Any]) -> Dict[str, Any]:
        channel = self._resolve_channel(args.get("channel"), for_posting=False)
        name = str(args.get("name") or "")
        if not name or ":" in name or " " in name:
            raise _SlackError("invalid_name")
        msg = self._find_message(channel, args.get("timestamp")) if args.get("timestamp") else None
        if msg is None:
            raise _SlackError("message_not_found")
        reactions = msg.setdefault("reactions", [])
        entry = next((r for r in reactions if r["name"] == name), None)
        if entry is None:
            entry = {"name": name, "users": [], "count": 0}
            reactions.append(entry)
        if self.bot_user_id in entry["users"]:
            raise _SlackError("already_reacted")
        entry["users"].append(self.bot_user_id)
        entry["count"] = len(entry["users"])
        return {}
