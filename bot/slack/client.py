"""Web API and response_url clients that retry rate limits, server errors and lost connections,
over kept-alive connections (bot.slack.transport)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from slack_bolt.middleware import Middleware
from slack_bolt.request import BoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry import RetryHandler
from slack_sdk.http_retry.builtin_handlers import (
    ConnectionErrorRetryHandler,
    RateLimitErrorRetryHandler,
    ServerErrorRetryHandler,
)
from slack_sdk.http_retry.builtin_interval_calculators import BackoffRetryIntervalCalculator
from slack_sdk.http_retry.request import HttpRequest
from slack_sdk.http_retry.response import HttpResponse
from slack_sdk.http_retry.state import RetryState
from slack_sdk.web import WebClient
from slack_sdk.webhook import WebhookClient

from bot.slack.transport import PooledWebClient, PooledWebhookClient

# Seconds before a Web API call is abandoned; a listener runs after the ack, so this bounds
# how long one stuck call can hold a worker thread, not how fast Slack gets its ack.
TIMEOUT_S = 10
RATE_LIMIT_RETRIES = 3
SERVER_ERROR_RETRIES = 2
CONNECTION_RETRIES = 2


class AnyServerErrorRetryHandler(ServerErrorRetryHandler):
    """Retries every 5xx; the SDK's own handler covers only 500 and 503, not 502 or 504."""

    def _can_retry(
        self,
        *,
        state: RetryState,
        request: HttpRequest,
        response: HttpResponse | None = None,
        error: Exception | None = None,
    ) -> bool:
        return response is not None and 500 <= response.status_code < 600


def retry_handlers(*, backoff_s: float = 0.5) -> list[RetryHandler]:
    """429 waits for Retry-After; 5xx and dropped connections back off from `backoff_s`."""
    backoff = BackoffRetryIntervalCalculator(backoff_factor=backoff_s)
    return [
        ConnectionErrorRetryHandler(
            max_retry_count=CONNECTION_RETRIES, interval_calculator=backoff
        ),
        RateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        AnyServerErrorRetryHandler(
            max_retry_count=SERVER_ERROR_RETRIES, interval_calculator=backoff
        ),
    ]


def build_web_client(
    *, token: str | None, base_url: str, backoff_s: float = 0.5, timeout_s: int = TIMEOUT_S
) -> WebClient:
    return PooledWebClient(
        token=token,
        base_url=base_url,
        timeout=timeout_s,
        retry_handlers=retry_handlers(backoff_s=backoff_s),
    )


def build_webhook_client(url: str, *, backoff_s: float = 0.5) -> WebhookClient:
    """A client for one response_url, with the same retries as the Web API client."""
    return PooledWebhookClient(
        url=url, timeout=TIMEOUT_S, retry_handlers=retry_handlers(backoff_s=backoff_s)
    )


# Distinct bot tokens remembered; one per workspace the app is installed in.
MAX_CLIENTS = 1000


class SharedClient(Middleware):
    """Hands listeners one long-lived client per bot token instead of Bolt's new one per request.

    Bolt builds a fresh WebClient for every request; the clients are cheap to share (they keep
    no state between calls), and a shared one costs nothing to build and uses the pool.
    """

    def __init__(self, template: WebClient) -> None:
        self._template = template
        self._clients: dict[str | None, WebClient] = {}
        self._lock = threading.Lock()

    def process(
        self,
        *,
        req: BoltRequest,
        resp: BoltResponse,
        next: Callable[[], BoltResponse],
    ) -> BoltResponse | None:
        token = req.context.bot_token or req.context.user_token or req.context.token
        req.context["client"] = self._client_for(token)
        return next()

    def _client_for(self, token: str | None) -> WebClient:
        with self._lock:
            client = self._clients.get(token)
            if client is None:
                if len(self._clients) >= MAX_CLIENTS:
                    self._clients.clear()
                client = self._clients[token] = PooledWebClient(
                    token=token,
                    base_url=self._template.base_url,
                    timeout=self._template.timeout,
                    headers=self._template.headers,
                    retry_handlers=self._template.retry_handlers,
                )
            return client
