"""Files: upload URLs, completing an upload, and files people share."""

from __future__ import annotations

from typing import Any, Dict

from aiohttp import web

from .records import Call
from .rules import _SlackError


class Files:
    """files.getUploadURLExternal / completeUploadExternal, the upload URL and private downloads."""

    def share_file(self, name: str, content: bytes, mimetype: str = "application/octet-stream",
                   *, user: str = "U0USER") -> Dict[str, Any]:
        """A file a person shared, as it appears in a message event's ``files``. Its
        ``url_private_download`` answers only with the bot token (``Authorization: Bearer``)."""
        file_id = self._new_id("F")
        self.files[file_id] = {"id": file_id, "name": name, "title": name, "content": content,
                               "mimetype": mimetype, "user": user}
        return {"id": file_id, "name": name, "title": name, "mimetype": mimetype, "filetype": name.rsplit(".", 1)[-1],
                "size": len(content), "user": user, "mode": "hosted",
                "url_private": f"{self.base_url}/files-pri/{file_id}/{name}",
                "url_private_download": f"{self.base_url}/files-pri/{file_id}/{name}"}

    async def _handle_file_download(self, request: web.Request) -> web.StreamResponse:
        call = Call(method="files-pri", args={"file_id": request.match_info["file_id"]}, http_method="GET",
                    headers={k: v for k, v in request.headers.items()})
        auth = request.headers.get("Authorization", "")
        file = self.files.get(request.match_info["file_id"])
        if not auth.startswith("Bearer xoxb-") or auth[7:] in self.revoked_tokens or file is None:
            # like Slack: no token, no file - the sign-in page instead
            call.status, call.response = 200, {"ok": False}
            await self._record(call)
            return web.Response(text="<html>Sign in</html>", content_type="text/html")
        call.status, call.response = 200, {"ok": True}
        await self._record(call)
        return web.Response(body=file["content"], content_type=file.get("mimetype") or "application/octet-stream")

    def _files_get_upload_url(self, args: Dict[str, Any]) -> Dict[str, Any]:
        filename = args.get("filename")
        length = args.get("length")
        if not filename or length is None:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] filename and length are required"]})
        try:
            length = int(length)
        except ValueError:
            raise _SlackError("invalid_arguments")
        if length <= 0:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] length must be greater than 0"]})
        if len(args.get("alt_txt") or "") > 1000:  # the documented limit of an image description
            raise _SlackError("alt_txt_too_large")
        file_id = self._new_id("F")
        self.files[file_id] = {
            "id": file_id,
            "name": filename,
            "length": length,
            "alt_txt": args.get("alt_txt"),
            "snippet_type": args.get("snippet_type"),
            "content": None,
            "completed": False,
        }
        return {"upload_url": f"{self.base_url}/upload/v1/{file_id}", "file_id": file_id}

    def _files_complete_upload(self, args: Dict[str, Any]) -> Dict[str, Any]:
        files = args.get("files")
        if not isinstance(files, list) or not files:
            raise _SlackError("invalid_arguments", response_metadata={"messages": ["[ERROR] files must be a JSON array"]})
        channel_id = args.get("channel_id")
        channels = [c for c in str(args.get("channels") or "").split(",") if c]
        targets = ([str(channel_id)] if channel_id else []) + channels
        resolved = [self._resolve_channel(c, for_posting=True) for c in targets]
        for c in resolved:
            self._check_postable(c)
        out = []
        for item in files:
            f = self.files.get(str(item.get("id") if isinstance(item, dict) else ""))
            if f is None:
                raise _SlackError("file_not_found")
            if f["content"] is None:  # files.getUploadURLExternal without the upload
                raise _SlackError("file_not_found")
        for item in files:
            f = self.files[item["id"]]
            f["completed"] = True
            f["title"] = item.get("title") or f["name"]
            f["channels"] = resolved
            out.append(
                {
                    "id": f["id"],
                    "name": f["name"],
                    "title": f["title"],
                    "size": len(f["content"]),
                    "mimetype": "application/octet-stream",
                    "user": self.bot_user_id,
                    "permalink": f"https://{self.team_domain}.slack.com/files/{self.bot_user_id}/{f['id']}/{f['name']}",
                    # Slack shares the file asynchronously: right after completeUploadExternal
                    # `shares` is usually still empty.
                    "shares": {},
                }
            )
        for c in resolved:
            msg = self._bot_message({"text": args.get("initial_comment") or ""})
            msg["files"] = [{"id": o["id"], "name": o["name"], "title": o["title"]} for o in out]
            msg["upload"] = True
            if args.get("thread_ts"):
                msg["thread_ts"] = str(args["thread_ts"])
            self._store_message(c, msg)
        return {"files": out}

    async def _handle_upload(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        data = await request.read()
        call = Call(
            method="upload",
            args={"file_id": file_id, "length": len(data)},
            http_method=request.method,
            content_type=request.content_type or "",
            headers=dict(request.headers),
            raw_body=data,
        )
        fault = self._take_fault("upload")
        if fault is not None:
            response = await self._apply_fault(request, call, fault)
            if response is not None:
                return response
            recorded = fault.kind == "timeout"
        else:
            recorded = False
        f = self.files.get(file_id)
        if f is None:
            call.status, call.response = 404, {"ok": False, "error": "file_not_found"}
            await (self._notify() if recorded else self._record(call))
            return web.Response(status=404, text="Not Found", content_type="text/plain")
        f["content"] = data
        f["uploaded_length"] = len(data)
        call.status, call.response = 200, {"ok": True}
        await (self._notify() if recorded else self._record(call))
        await self._slow_ack(fault)
        if fault is not None and fault.kind == "disconnect_after":
            await self._drop_connection(request)
        return web.Response(status=200, text=f"OK - {len(data)}", content_type="text/plain")
