"""Slack checks for ``alliance-bot doctor``: tokens present, of the right kind, and accepted."""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.checks import Check
from bot.settings import SlackSection

TIMEOUT = 10
BOT_TOKEN_ENV = "ALLIANCE_BOT_SLACK__BOT_TOKEN"
APP_TOKEN_ENV = "ALLIANCE_BOT_SLACK__APP_TOKEN"
SIGNING_SECRET_ENV = "ALLIANCE_BOT_SLACK__SIGNING_SECRET"

ERROR_FIXES = {
    "invalid_auth": "the token is not valid: copy it again from the Slack app's settings",
    "not_authed": "the token is empty: copy it again from the Slack app's settings",
    "token_revoked": "the token was revoked: reinstall the app to the workspace and set the new token",
    "account_inactive": "the app was uninstalled or its user deactivated: reinstall the app and set the new token",
    "not_allowed_token_type": "this is the wrong kind of token for this check (bot tokens start xoxb-, "
                              "app-level tokens xapp-)",
}


def _secret(value) -> str:
    return value.get_secret_value() if value is not None else ""


async def check_slack(section: SlackSection) -> list[Check]:
    checks = [await _check_bot_token(section)]
    if section.mode == "socket":
        checks.append(await _check_app_token(section))
    elif _secret(section.signing_secret):
        checks.append(Check("slack signing secret", True, "set (HTTP mode)"))
    else:
        checks.append(Check("slack signing secret", False, f"{SIGNING_SECRET_ENV} is not set (needed in HTTP mode)",
                            f"set {SIGNING_SECRET_ENV} to the Signing Secret from the app's Basic Information page"))
    return checks


async def _check_bot_token(section: SlackSection) -> Check:
    name = "slack bot token"
    token = _secret(section.bot_token)
    if not token:
        return Check(name, False, f"{BOT_TOKEN_ENV} is not set",
                     f"set {BOT_TOKEN_ENV} to the Bot User OAuth Token (xoxb-…) from OAuth & Permissions")
    if not token.startswith("xoxb-"):
        return Check(name, False, f"{BOT_TOKEN_ENV} is not a bot token (it should start with xoxb-)",
                     f"set {BOT_TOKEN_ENV} to the Bot User OAuth Token (xoxb-…), not a user or app token")
    client = AsyncWebClient(token=token, base_url=section.api_base_url, timeout=TIMEOUT)
    try:
        found = await client.auth_test()
    except SlackApiError as exc:
        return _api_failure(name, "auth.test", exc, BOT_TOKEN_ENV)
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
        return _unreachable(name, section, exc)
    return Check(name, True, f"auth.test ok: {found.get('user')} ({found.get('user_id')}) "
                             f"in {found.get('team')} ({found.get('team_id')})")


async def _check_app_token(section: SlackSection) -> Check:
    name = "slack app token"
    token = _secret(section.app_token)
    if not token:
        return Check(name, False, f"{APP_TOKEN_ENV} is not set (needed in Socket Mode)",
                     f"create an app-level token with connections:write (Basic Information) and set {APP_TOKEN_ENV}")
    if not token.startswith("xapp-"):
        return Check(name, False, f"{APP_TOKEN_ENV} is not an app-level token (it should start with xapp-)",
                     f"set {APP_TOKEN_ENV} to an app-level token (xapp-…) with connections:write")
    client = AsyncWebClient(token=token, base_url=section.api_base_url, timeout=TIMEOUT)
    try:
        await client.apps_connections_open(app_token=token)
    except SlackApiError as exc:
        return _api_failure(name, "apps.connections.open", exc, APP_TOKEN_ENV)
    except (aiohttp.ClientError, OSError, asyncio.TimeoutError) as exc:
        return _unreachable(name, section, exc)
    return Check(name, True, "apps.connections.open ok: Socket Mode can connect")


def _api_failure(name: str, method: str, exc: SlackApiError, env: str) -> Check:
    error = exc.response.get("error", "unknown_error") if exc.response is not None else "unknown_error"
    fix = ERROR_FIXES.get(error, f"see Slack's documentation of {method} for \"{error}\"")
    return Check(name, False, f"{method} failed: {error}", f"{fix} ({env})")


def _unreachable(name: str, section: SlackSection, exc: BaseException) -> Check:
    return Check(name, False, f"cannot reach {section.api_base_url}: {type(exc).__name__}",
                 "check the network, proxy and firewall (and slack.api_base_url if you changed it)")
