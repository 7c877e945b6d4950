"""Servers for the Slack benchmarks, each run as its own process.

    python -m bench.slack_servers fake [--users N] [--channels N] [--rate-limit]
        a fake Slack Web API on 127.0.0.1; prints its port, serves until SIGTERM
    python -m bench.slack_servers bare <port> <api_base_url>
        a bare Bolt AsyncApp on the bot's server stack (aiohttp + Bolt's adapter,
        request verification on) whose slash commands ack and post one fixed message to
        the response_url (Bolt's own ``respond``): the bot's external effect with no bot
        code; prints "ready"

Both print one line on stdout when they serve, then run until SIGTERM.
"""

from __future__ import annotations

import asyncio
import signal
import sys

SECRET = "bench-signing-secret"
TOKEN = "xoxb-bench"


async def until_sigterm(limit: float = 3600) -> None:
    stopped = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stopped.set)
    try:
        await asyncio.wait_for(stopped.wait(), limit)
    except TimeoutError:
        pass


async def fake(users: int, channels: int, rate_limit: bool) -> None:
    from tests.slack.fake_slack import FakeSlack

    slack = FakeSlack()
    for i in range(users):
        slack.add_user(f"U{i:04d}", name=f"user{i}", tz="Europe/Zurich")
    slack.add_channel("C0GENERAL", name="general")
    for i in range(channels):
        slack.add_channel(f"C{i:05d}")
    if rate_limit:  # chat.postMessage: about one message per second per channel, like Slack
        slack.set_rate_limit("chat.postMessage", per_second=1.0, burst=1)
    await slack.start()
    print(slack.port, flush=True)
    try:
        await until_sigterm()
    finally:
        posts = slack.calls_to("chat.postMessage")
        limited = [c for c in slack.calls if c.faulted == "ratelimit"]
        # a summary for whoever started us: posts, 429s, and each post's channel and arrival time
        print(f"posts {len(posts)} ratelimited {len(limited)}", flush=True)
        for call in posts:
            key = ((call.args.get("metadata") or {}).get("event_payload") or {}).get("key", "")
            print(f"post {call.args.get('channel')} {call.at:.6f} {key}", flush=True)
        print("end", flush=True)
        await slack.stop()


async def bare(port: int, api_base_url: str) -> None:
    from aiohttp import web
    from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
    from slack_bolt.app.async_app import AsyncApp
    from slack_sdk.web.async_client import AsyncWebClient

    client = AsyncWebClient(token=TOKEN, base_url=api_base_url)
    bolt = AsyncApp(client=client, signing_secret=SECRET, request_verification_enabled=True,
                    process_before_response=False)

    @bolt.command("/pathfinder")
    @bolt.command("/action")
    @bolt.command("/event")
    async def ack_and_respond(ack, respond) -> None:
        await ack()
        await respond(text="Nepal: workshop held.", response_type="ephemeral")

    async def endpoint(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    async def health(_request: web.Request) -> web.Response:
        return web.Response(text="ok")

    web_app = web.Application()
    web_app.router.add_post("/slack/events", endpoint)
    web_app.router.add_get("/healthz", health)
    runner = web.AppRunner(web_app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    print("ready", flush=True)
    try:
        await until_sigterm()
    finally:
        await runner.cleanup()


def main() -> None:
    kind, *rest = sys.argv[1:]
    if kind == "fake":
        users = int(rest[rest.index("--users") + 1]) if "--users" in rest else 64
        channels = int(rest[rest.index("--channels") + 1]) if "--channels" in rest else 0
        asyncio.run(fake(users, channels, "--rate-limit" in rest))
    elif kind == "bare":
        asyncio.run(bare(int(rest[0]), rest[1]))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
