"""The views.* Web API methods (modals and the Home tab) and the stored views."""

from __future__ import annotations

import time
import uuid
from typing import Any, Dict, Optional

from .rules import TRIGGER_TTL, _SlackError


class Views:
    """Opening, updating and publishing views."""

    def _store_view(self, view: Dict[str, Any], view_id: Optional[str] = None, user: Optional[str] = None) -> Dict[str, Any]:
        view_id = view_id or self._new_id("V")
        stored = {
            "id": view_id,
            "team_id": self.team_id,
            "type": view.get("type"),
            "title": view.get("title"),
            "submit": view.get("submit"),
            "close": view.get("close"),
            "blocks": view.get("blocks", []),
            "private_metadata": view.get("private_metadata", ""),
            "callback_id": view.get("callback_id", ""),
            "external_id": view.get("external_id", ""),
            "state": {"values": {}},
            "hash": f"{int(time.time())}.{uuid.uuid4().hex[:8]}",
            "clear_on_close": bool(view.get("clear_on_close", False)),
            "notify_on_close": bool(view.get("notify_on_close", False)),
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": self.app_id,
            "bot_id": self.bot_id,
        }
        if user:
            stored["user"] = user
        self.views[view_id] = stored
        return stored

    def _views_open(self, args: Dict[str, Any]) -> Dict[str, Any]:
        trigger_id = args.get("trigger_id") or args.get("interactivity_pointer")
        if not trigger_id:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing required field: trigger_id"]})
        trigger = self._triggers.get(str(trigger_id))
        if trigger is None:
            if self.strict_triggers:
                raise _SlackError("invalid_trigger_id")
        else:
            if trigger["used"]:
                raise _SlackError("exchanged_trigger_id")
            if self.clock() - trigger["issued"] > TRIGGER_TTL:
                raise _SlackError("expired_trigger_id")
        view = self._check_view(args.get("view"))
        if trigger is not None:
            trigger["used"] = True
        if view.get("external_id") and any(v.get("external_id") == view["external_id"] for v in self.views.values()):
            raise _SlackError("duplicate_external_id")
        return {"view": self._store_view(view)}

    def _views_update(self, args: Dict[str, Any]) -> Dict[str, Any]:
        view_id = args.get("view_id")
        external_id = args.get("external_id")
        current = None
        if view_id:
            current = self.views.get(str(view_id))
        elif external_id:
            current = next((v for v in self.views.values() if v.get("external_id") == external_id), None)
        else:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] view_id or external_id required"]})
        if current is None:
            raise _SlackError("not_found")
        if args.get("hash") and args["hash"] != current["hash"]:
            raise _SlackError("hash_conflict")
        view = self._check_view(args.get("view"), home=current.get("type") == "home")
        return {"view": self._store_view(view, view_id=current["id"], user=current.get("user"))}

    def _views_publish(self, args: Dict[str, Any]) -> Dict[str, Any]:
        user_id = str(args.get("user_id") or "")
        if not user_id:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] missing required field: user_id"]})
        if user_id not in self.users:
            raise _SlackError("user_not_found")
        current = self.home_views.get(user_id)
        if current is not None and args.get("hash") and args["hash"] != current["hash"]:
            raise _SlackError("hash_conflict")
        view = self._check_view(args.get("view"), home=True)
        stored = self._store_view(view, view_id=current["id"] if current else None, user=user_id)
        self.home_views[user_id] = stored
        return {"view": stored}
