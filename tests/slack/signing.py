"""Build Slack-shaped, correctly signed (or deliberately broken) requests for a Bolt
HTTP endpoint.

Slack signs ``v0:{timestamp}:{raw body}`` with HMAC-SHA256 and the app's signing
secret, sends it as ``X-Slack-Signature: v0=<hex>`` with ``X-Slack-Request-Timestamp``,
and Bolt rejects (401) anything forged, tampered with, or older than 5 minutes.
Signatures are made with ``slack_sdk.signature.SignatureVerifier`` so they match
exactly what Bolt checks.

Every ``*_body`` returns the raw body as ``str``: sign and send exactly that string.
The ``*_payload`` twins return the dict (use them for Socket Mode envelopes).
"""

from __future__ import annotations

import json
import time
import uuid
from typing import Any, Dict, List, Optional, Union
from urllib.parse import urlencode

from slack_sdk.signature import SignatureVerifier

__all__ = [
    "FORM",
    "JSON",
    "signed_headers",
    "stale_headers",
    "forged_headers",
    "future_headers",
    "slash_command_payload",
    "slash_command_body",
    "event_payload",
    "event_body",
    "message_event",
    "interactive_body",
    "block_actions_payload",
    "view_submission_payload",
    "url_verification_body",
]

FORM = "application/x-www-form-urlencoded"
JSON = "application/json"

DEFAULT_TEAM_ID = "TFAKE"
DEFAULT_TEAM_DOMAIN = "fake-workspace"
DEFAULT_APP_ID = "AFAKE"
DEFAULT_BOT_USER_ID = "UBOT"
# The deprecated verification token Slack still puts in payloads; Bolt ignores it.
LEGACY_VERIFICATION_TOKEN = "fake-verification-token"

Body = Union[str, bytes]


def _content_type_for(body: Body) -> str:
    head = body.lstrip()[:1]
    return JSON if head in ("{", b"{") else FORM


def signed_headers(
    secret: str,
    body: Body,
    timestamp: Optional[Union[int, str]] = None,
    *,
    content_type: Optional[str] = None,
    retry_num: Optional[int] = None,
    retry_reason: Optional[str] = None,
) -> Dict[str, str]:
    """Headers Slack would send with ``body``: timestamp, signature and content type.

    ``retry_num``/``retry_reason`` add ``X-Slack-Retry-Num``/``X-Slack-Retry-Reason``
    (Slack's redelivery of an event that was not answered in 3 s; reason is usually
    ``http_timeout``).
    """
    ts = str(int(time.time()) if timestamp is None else timestamp)
    verifier = SignatureVerifier(signing_secret=secret)
    signature = verifier.generate_signature(timestamp=ts, body=body)
    headers = {
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": signature,
        "Content-Type": content_type or _content_type_for(body),
    }
    if retry_num is not None:
        headers["X-Slack-Retry-Num"] = str(retry_num)
        headers["X-Slack-Retry-Reason"] = retry_reason or "http_timeout"
    return headers


def stale_headers(secret: str, body: Body, age: int = 6 * 60, **kwargs: Any) -> Dict[str, str]:
    """Correctly signed, but with a timestamp ``age`` seconds old (Bolt allows 5 minutes)."""
    return signed_headers(secret, body, int(time.time()) - age, **kwargs)


def future_headers(secret: str, body: Body, ahead: int = 6 * 60, **kwargs: Any) -> Dict[str, str]:
    """Correctly signed, with a timestamp too far in the future."""
    return signed_headers(secret, body, int(time.time()) + ahead, **kwargs)


def forged_headers(body: Body, timestamp: Optional[Union[int, str]] = None, **kwargs: Any) -> Dict[str, str]:
    """Well-formed headers signed with the wrong secret."""
    return signed_headers("not-the-signing-secret-" + uuid.uuid4().hex, body, timestamp, **kwargs)


# --------------------------------------------------------------------------- slash commands


def slash_command_payload(
    command: str,
    text: str = "",
    user_id: str = "U0USER",
    channel_id: str = "C0GENERAL",
    response_url: str = "https://hooks.slack.com/commands/TFAKE/1/fake",
    trigger_id: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    *,
    user_name: Optional[str] = None,
    channel_name: str = "general",
    team_domain: str = DEFAULT_TEAM_DOMAIN,
    api_app_id: str = DEFAULT_APP_ID,
    enterprise_id: Optional[str] = None,
) -> Dict[str, str]:
    """The fields of a slash command (all strings, as Slack sends them)."""
    payload = {
        "token": LEGACY_VERIFICATION_TOKEN,
        "team_id": team_id,
        "team_domain": team_domain,
        "channel_id": channel_id,
        "channel_name": channel_name,
        "user_id": user_id,
        "user_name": user_name or user_id.lower(),
        "command": command if command.startswith("/") else "/" + command,
        "text": text,
        "api_app_id": api_app_id,
        "is_enterprise_install": "false",
        "response_url": response_url,
        "trigger_id": trigger_id or f"{int(time.time())}.{uuid.uuid4().hex[:12]}",
    }
    if enterprise_id:
        payload["enterprise_id"] = enterprise_id
    return payload


def slash_command_body(
    command: str,
    text: str = "",
    user_id: str = "U0USER",
    channel_id: str = "C0GENERAL",
    response_url: str = "https://hooks.slack.com/commands/TFAKE/1/fake",
    trigger_id: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    **kwargs: Any,
) -> str:
    """A form-encoded slash command body (``Content-Type: application/x-www-form-urlencoded``)."""
    return urlencode(
        slash_command_payload(command, text, user_id, channel_id, response_url, trigger_id, team_id, **kwargs)
    )


# --------------------------------------------------------------------------- Events API


def message_event(
    text: str,
    user: str = "U0USER",
    channel: str = "C0GENERAL",
    *,
    ts: Optional[str] = None,
    thread_ts: Optional[str] = None,
    channel_type: Optional[str] = None,
    **extra: Any,
) -> Dict[str, Any]:
    """A ``message`` event as Slack delivers it."""
    ts = ts or f"{time.time():.6f}"
    event: Dict[str, Any] = {
        "type": "message",
        "user": user,
        "text": text,
        "ts": ts,
        "event_ts": ts,
        "channel": channel,
        "channel_type": channel_type or ("im" if channel.startswith("D") else "channel"),
        "team": DEFAULT_TEAM_ID,
    }
    if thread_ts:
        event["thread_ts"] = thread_ts
    event.update(extra)
    return event


def event_payload(
    event: Dict[str, Any],
    event_id: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    *,
    api_app_id: str = DEFAULT_APP_ID,
    event_time: Optional[int] = None,
    bot_user_id: str = DEFAULT_BOT_USER_ID,
    enterprise_id: Optional[str] = None,
) -> Dict[str, Any]:
    """An ``event_callback`` envelope around ``event`` (the Socket Mode ``events_api`` payload too)."""
    return {
        "token": LEGACY_VERIFICATION_TOKEN,
        "team_id": team_id,
        "enterprise_id": enterprise_id,
        "api_app_id": api_app_id,
        "event": event,
        "type": "event_callback",
        "event_id": event_id or "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()) if event_time is None else event_time,
        "authorizations": [
            {
                "enterprise_id": enterprise_id,
                "team_id": team_id,
                "user_id": bot_user_id,
                "is_bot": True,
                "is_enterprise_install": False,
            }
        ],
        "is_ext_shared_channel": False,
        "event_context": "4-" + uuid.uuid4().hex,
    }


def event_body(
    event: Dict[str, Any],
    event_id: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    **kwargs: Any,
) -> str:
    """A JSON ``event_callback`` body (``Content-Type: application/json``)."""
    return json.dumps(event_payload(event, event_id, team_id, **kwargs))


def url_verification_body(challenge: str = "fake-challenge") -> str:
    """The request Slack sends when the Request URL is configured."""
    return json.dumps({"token": LEGACY_VERIFICATION_TOKEN, "challenge": challenge, "type": "url_verification"})


# --------------------------------------------------------------------------- interactivity


def interactive_body(payload: Dict[str, Any]) -> str:
    """Form body ``payload=<json>``, as Slack posts buttons, shortcuts and view submissions."""
    return urlencode({"payload": json.dumps(payload)})


def block_actions_payload(
    action_id: str,
    value: str = "",
    user_id: str = "U0USER",
    channel_id: str = "C0GENERAL",
    *,
    block_id: str = "b1",
    message_ts: Optional[str] = None,
    response_url: str = "https://hooks.slack.com/actions/TFAKE/1/fake",
    trigger_id: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    api_app_id: str = DEFAULT_APP_ID,
    action_type: str = "button",
    message: Optional[Dict[str, Any]] = None,
) -> Dict[str, Any]:
    """A ``block_actions`` payload for a click on a button in a message."""
    ts = message_ts or f"{time.time():.6f}"
    return {
        "type": "block_actions",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
        "api_app_id": api_app_id,
        "token": LEGACY_VERIFICATION_TOKEN,
        "container": {"type": "message", "message_ts": ts, "channel_id": channel_id, "is_ephemeral": False},
        "trigger_id": trigger_id or f"{int(time.time())}.{uuid.uuid4().hex[:12]}",
        "team": {"id": team_id, "domain": DEFAULT_TEAM_DOMAIN},
        "enterprise": None,
        "is_enterprise_install": False,
        "channel": {"id": channel_id, "name": "general"},
        "message": message or {"type": "message", "ts": ts, "text": "", "user": DEFAULT_BOT_USER_ID},
        "state": {"values": {}},
        "response_url": response_url,
        "actions": [
            {
                "action_id": action_id,
                "block_id": block_id,
                "type": action_type,
                "value": value,
                "action_ts": f"{time.time():.6f}",
            }
        ],
    }


def view_submission_payload(
    callback_id: str,
    values: Dict[str, Dict[str, Any]],
    user_id: str = "U0USER",
    *,
    private_metadata: str = "",
    view_id: str = "V00000001",
    trigger_id: Optional[str] = None,
    team_id: str = DEFAULT_TEAM_ID,
    api_app_id: str = DEFAULT_APP_ID,
    blocks: Optional[List[Dict[str, Any]]] = None,
) -> Dict[str, Any]:
    """A ``view_submission`` payload; ``values`` is ``state.values`` (block_id -> action_id -> value)."""
    return {
        "type": "view_submission",
        "team": {"id": team_id, "domain": DEFAULT_TEAM_DOMAIN},
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(), "team_id": team_id},
        "api_app_id": api_app_id,
        "token": LEGACY_VERIFICATION_TOKEN,
        "trigger_id": trigger_id or f"{int(time.time())}.{uuid.uuid4().hex[:12]}",
        "view": {
            "id": view_id,
            "team_id": team_id,
            "type": "modal",
            "blocks": blocks or [],
            "private_metadata": private_metadata,
            "callback_id": callback_id,
            "state": {"values": values},
            "hash": f"{int(time.time())}.abcdef",
            "title": {"type": "plain_text", "text": "Modal"},
            "root_view_id": view_id,
            "previous_view_id": None,
            "app_id": api_app_id,
            "bot_id": "BBOT",
        },
        "response_urls": [],
        "is_enterprise_install": False,
        "enterprise": None,
    }
