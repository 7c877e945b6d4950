"""The HTTP side: reading arguments, authenticating and dispatching Web API calls, response_url posts."""

from __future__ import annotations

import json
import uuid
from typing import Any, Callable, Dict, Optional
from urllib.parse import parse_qsl

from aiohttp import web

try:
    from .. import block_kit
except ImportError:
    import block_kit

from .records import Call
from .rules import JSON_ARGS, RESPONSE_URL_MAX_USES, RESPONSE_URL_TTL, _SlackError


class Server:
    """Request handling for /api/<method> and response_url, and the method table."""

    async def _read_args(self, request: web.Request) -> Dict[str, Any]:
        args: Dict[str, Any] = dict(request.query)
        ctype = request.content_type or ""
        if ctype == "multipart/form-data":
            form = await request.post()
            for k, v in form.items():
                args[k] = v.file.read() if hasattr(v, "file") else v
            raw = b""
        else:
            raw = await request.read()
        if raw:
            if ctype == "application/json":
                try:
                    body = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, ValueError):
                    raise _SlackError("invalid_json")
                if not isinstance(body, dict):
                    raise _SlackError("invalid_json")
                args["__json__"] = True
                args.update(body)
            else:
                args.update(dict(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)))
        for key in JSON_ARGS:
            value = args.get(key)
            if isinstance(value, str) and value.strip()[:1] in ("[", "{"):
                try:
                    args[key] = json.loads(value)
                except ValueError:
                    pass  # left as a string; the method will reject it
        return args

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        method = request.match_info["method"]
        call = Call(
            method=method,
            args={},
            http_method=request.method,
            content_type=request.content_type or "",
            headers={k: v for k, v in request.headers.items()},
        )
        try:
            call.args = await self._read_args(request)
        except _SlackError as e:
            call.status, call.response = 200, {"ok": False, "error": e.error}
            await self._record(call)
            return web.json_response(call.response)
        is_json = bool(call.args.pop("__json__", False))

        # Slack reads the token from the Authorization header, or from a form/query
        # `token` argument - but never from a JSON body.
        auth = request.headers.get("Authorization", "")
        token: Optional[str] = None
        if auth.lower().startswith("bearer "):
            token = auth[7:].strip()
        elif not is_json and isinstance(call.args.get("token"), str):
            token = call.args["token"]
        if not is_json:
            call.args.pop("token", None)
        call.token = token

        fault = self._take_fault(method)
        recorded = False
        if fault is not None:
            response = await self._apply_fault(request, call, fault)
            if response is not None:
                return response
            # a "timeout" the client outlived (it gets a late, normal answer; the call
            # stays flagged) or a "disconnect_after" (work done, answer dropped)
            recorded = fault.kind == "timeout"

        retry_after = self._check_bucket(method, call.args) if fault is None else None
        if retry_after is not None:
            call.faulted = "ratelimit"
            call.status = 429
            call.response = {"ok": False, "error": "ratelimited"}
            await self._record(call)
            return web.json_response(call.response, status=429, headers={"Retry-After": str(retry_after)})

        headers = {"X-OAuth-Scopes": ",".join(self.scopes), "X-Slack-Req-Id": uuid.uuid4().hex}
        try:
            self._check_token(method, token)
            result = self._dispatch(method, call.args)
            body: Dict[str, Any] = {"ok": True}
            body.update(result)
            status = 200
        except _SlackError as e:
            body = {"ok": False, "error": e.error}
            body.update(e.extra)
            status = e.status
        call.status, call.response = status, body
        if recorded:
            await self._notify()
        else:
            await self._record(call)
        await self._slow_ack(fault)
        if fault is not None and fault.kind == "disconnect_after":
            call.status = None
            await self._drop_connection(request)
        return web.json_response(body, status=status, headers=headers)

    def _dispatch(self, method: str, args: Dict[str, Any]) -> Dict[str, Any]:
        stub = self._stubs.get(method)
        if stub is not None:
            result = stub(args) if callable(stub) else stub
            result = dict(result)
            if result.get("ok") is False:
                raise _SlackError(result.get("error", "unknown_error"))
            result.pop("ok", None)
            return result
        handler = self._methods().get(method)
        if handler is None:
            raise _SlackError("unknown_method", req_method=method)
        return handler(args)

    def _methods(self) -> Dict[str, Callable[[Dict[str, Any]], Dict[str, Any]]]:
        return {
            "api.test": lambda a: {"args": {k: v for k, v in a.items() if isinstance(v, str)}},
            "auth.test": self._auth_test,
            "chat.postMessage": self._chat_post_message,
            "chat.postEphemeral": self._chat_post_ephemeral,
            "chat.update": self._chat_update,
            "chat.delete": self._chat_delete,
            "chat.getPermalink": self._chat_get_permalink,
            "conversations.history": self._conversations_history,
            "conversations.replies": self._conversations_replies,
            "conversations.open": self._conversations_open,
            "users.info": self._users_info,
            "views.open": self._views_open,
            "views.update": self._views_update,
            "views.publish": self._views_publish,
            "files.getUploadURLExternal": self._files_get_upload_url,
            "files.completeUploadExternal": self._files_complete_upload,
            "reactions.add": self._reactions_add,
            "apps.connections.open": self._apps_connections_open,
            "functions.completeSuccess": self._functions_complete_success,
            "functions.completeError": self._functions_complete_error,
        }

    async def _handle_response_url(self, request: web.Request) -> web.StreamResponse:
        rid = request.match_info["rid"]
        raw = await request.read()
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except ValueError:
            body = {"__raw__": raw.decode("utf-8", "replace")}
        call = Call(
            method="response_url",
            args=body if isinstance(body, dict) else {"__raw__": body},
            http_method=request.method,
            content_type=request.content_type or "",
            headers=dict(request.headers),
            raw_body=raw,
        )
        call.args["__url_id__"] = rid
        fault = self._take_fault("response_url")
        if fault is not None:
            response = await self._apply_fault(request, call, fault)
            if response is not None:
                return response
            recorded = fault.kind == "timeout"
        else:
            recorded = False
        info = self._response_urls.get(rid)
        if info is None:
            status, out = 404, {"ok": False, "error": "no_active_hooks"}
        elif info["uses"] >= RESPONSE_URL_MAX_USES:
            status, out = 404, {"ok": False, "error": "used_url"}
        elif self.clock() - info["issued"] > RESPONSE_URL_TTL:
            status, out = 404, {"ok": False, "error": "expired_url"}
        elif not isinstance(body, dict) or "__raw__" in body:
            status, out = 400, {"ok": False, "error": "invalid_payload"}
        elif not body.get("text") and not body.get("blocks") and not body.get("delete_original"):
            status, out = 400, {"ok": False, "error": "no_text"}
        elif body.get("blocks") is not None and block_kit.problems(body["blocks"], "message"):
            status, out = 400, {"ok": False, "error": "invalid_blocks",
                                "errors": block_kit.problems(body["blocks"], "message")}
        else:
            info["uses"] += 1
            self.response_url_posts[rid].append(body)
            if body.get("response_type") == "in_channel" and info.get("channel") and not body.get("replace_original"):
                msg = self._bot_message({"text": body.get("text"), "blocks": body.get("blocks")})
                self._store_message(info["channel"], msg)
            status, out = 200, {"ok": True}
        call.status, call.response = status, out
        await (self._notify() if recorded else self._record(call))
        await self._slow_ack(fault)
        if fault is not None and fault.kind == "disconnect_after":
            await self._drop_connection(request)
        return web.json_response(out, status=status)
