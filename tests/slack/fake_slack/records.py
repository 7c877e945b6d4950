"""The records a test reads back: calls received, users and channels."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Dict, Optional


@dataclass
class Call:
    """One request the fake received."""

    method: str  # Web API method, or "upload" / "response_url"
    args: Dict[str, Any]
    token: Optional[str] = None
    http_method: str = "POST"
    content_type: str = ""
    headers: Dict[str, str] = field(default_factory=dict)
    faulted: Optional[str] = None  # the injected fault kind, None for a normal call
    status: Optional[int] = None  # HTTP status answered (None: no answer was sent)
    response: Optional[Dict[str, Any]] = None
    at: float = field(default_factory=time.time)
    raw_body: bytes = b""

    @property
    def ok(self) -> bool:
        return self.faulted is None and bool(self.response and self.response.get("ok"))

    @property
    def error(self) -> Optional[str]:
        return None if self.response is None else self.response.get("error")


@dataclass
class FakeUser:
    id: str
    name: str = ""
    real_name: str = ""
    tz: str = "Europe/London"
    tz_label: str = ""
    tz_offset: int = 0
    locale: str = "en-US"
    is_bot: bool = False
    deleted: bool = False
    email: Optional[str] = None
    display_name: str = ""

    def to_slack(self, team_id: str, include_locale: bool) -> Dict[str, Any]:
        name = self.name or self.id.lower()
        real_name = self.real_name or name
        profile: Dict[str, Any] = {
            "real_name": real_name,
            "real_name_normalized": real_name,
            "display_name": self.display_name,
            "display_name_normalized": self.display_name,
            "team": team_id,
        }
        if self.email:
            profile["email"] = self.email
        user = {
            "id": self.id,
            "team_id": team_id,
            "name": name,
            "deleted": self.deleted,
            "real_name": real_name,
            "tz": self.tz,
            "tz_label": self.tz_label or self.tz,
            "tz_offset": self.tz_offset,
            "profile": profile,
            "is_admin": False,
            "is_owner": False,
            "is_bot": self.is_bot,
            "is_app_user": False,
            "updated": 1700000000,
        }
        if include_locale:
            user["locale"] = self.locale
        return user


@dataclass
class FakeChannel:
    id: str
    name: str = ""
    members: Optional[set] = None  # None: anybody is a member
    bot_is_member: bool = True
    is_archived: bool = False
    is_im: bool = False
    user: Optional[str] = None  # for DMs
