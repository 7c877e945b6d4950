"""Slack's documented limits and error rules: what the fake refuses, and why."""

from __future__ import annotations

from typing import Any, Dict, Optional

try:
    from .. import block_kit
except ImportError:
    import block_kit


# Arguments that Slack expects as JSON (form-encoded clients send them as JSON strings).
JSON_ARGS = {
    "blocks",
    "attachments",
    "metadata",
    "view",
    "files",
    "unfurls",
    "outputs",
    "user_auth_blocks",
}

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100
MAX_SECTION_TEXT = 3000
MAX_HEADER_TEXT = 150
MAX_ID_LENGTH = 255
MAX_MESSAGE_TEXT = 40000
MAX_VIEW_TITLE = 24
TRIGGER_TTL = 3.0
RESPONSE_URL_MAX_USES = 5
RESPONSE_URL_TTL = 30 * 60


class _SlackError(Exception):
    def __init__(self, error: str, status: int = 200, **extra: Any):
        super().__init__(error)
        self.error = error
        self.status = status
        self.extra = extra


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value is None:
        return False
    return str(value).strip().lower() in ("1", "true", "yes", "on")


def _text_of(obj: Any) -> str:
    if isinstance(obj, dict):
        return str(obj.get("text", ""))
    return "" if obj is None else str(obj)


class Rules:
    """Checks that refuse what Slack refuses (tokens, channels, blocks, views)."""

    def _check_token(self, method: str, token: Optional[str]) -> None:
        if not token:
            raise _SlackError("not_authed")
        if token in self.revoked_tokens:
            raise _SlackError("token_revoked")
        if method == "apps.connections.open":
            if token.startswith("xapp-"):
                return
            if token.startswith("xoxb-") or token.startswith("xoxp-"):
                raise _SlackError("not_allowed_token_type")
            raise _SlackError("invalid_auth")
        if token.startswith("xoxb-"):
            return
        if token.startswith("xwfp-"):  # the token a function_executed event hands a workflow step
            return
        if token.startswith("xapp-"):
            raise _SlackError("not_allowed_token_type")
        raise _SlackError("invalid_auth")

    def _check_postable(self, channel_id: str) -> None:
        ch = self.channels.get(channel_id)
        if ch is None:
            return
        if ch.is_archived:
            raise _SlackError("is_archived")
        if not ch.bot_is_member:
            raise _SlackError("not_in_channel")

    def _validate_blocks(self, blocks: Any, limit: int, error: str) -> None:
        """Refuse what Slack refuses (``block_kit.problems``: limits, duplicate ids ...)."""
        if blocks is None:
            return
        if isinstance(blocks, str) or not isinstance(blocks, list):
            raise _SlackError("invalid_blocks_format")
        found = block_kit.problems(blocks, "message" if limit == MAX_MESSAGE_BLOCKS else "home")
        if found:
            raise _SlackError(
                error,
                errors=found,
                response_metadata={"messages": [f"[ERROR] {p}" for p in found]},
            )

    def _check_view(self, view: Any, *, home: bool = False) -> Dict[str, Any]:
        found = block_kit.view_problems(view, home=home)
        if found:
            raise _SlackError(
                "invalid_arguments", response_metadata={"messages": [f"[ERROR] {p}" for p in found]}
            )
        return view
