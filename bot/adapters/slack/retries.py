"""Web API retries: slack_sdk retry handlers that count each retry, and the errors that mean no answer."""

from __future__ import annotations

import asyncio

import aiohttp
from slack_sdk.errors import SlackRequestError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator

NETWORK_ERRORS = (aiohttp.ClientError, asyncio.TimeoutError, TimeoutError, SlackRequestError)


class Counted(AsyncRetryHandler):
    """Mixin for a slack_sdk retry handler: tells ``on_retry(reason)`` before each retry."""

    reason = "retry"

    def __init__(self, *args, on_retry=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.on_retry = on_retry

    async def prepare_for_next_attempt_async(self, **kwargs) -> None:
        if self.on_retry is not None:
            self.on_retry(self.reason)
        await super().prepare_for_next_attempt_async(**kwargs)


class RateLimitRetryHandler(Counted, AsyncRateLimitErrorRetryHandler):
    reason = "ratelimited"


class AnyServerErrorRetryHandler(Counted, AsyncRetryHandler):
    """Retries every 5xx (slack_sdk's own handler only retries 500 and 503)."""

    reason = "server_error"

    async def _can_retry_async(self, *, state, request, response=None, error=None) -> bool:
        return response is not None and 500 <= response.status_code < 600


class ConnectionRetryHandler(Counted, AsyncConnectionErrorRetryHandler):
    reason = "connection"


def retry_handlers(*, connection_errors: bool, on_retry=None) -> list[AsyncRetryHandler]:
    backoff = BackoffRetryIntervalCalculator(backoff_factor=0.5)
    handlers: list[AsyncRetryHandler] = [
        RateLimitRetryHandler(max_retry_count=3, on_retry=on_retry),  # waits Retry-After
        AnyServerErrorRetryHandler(max_retry_count=2, interval_calculator=backoff, on_retry=on_retry),
    ]
    if connection_errors:
        handlers.append(ConnectionRetryHandler(max_retry_count=2, interval_calculator=backoff, on_retry=on_retry))
    return handlers
