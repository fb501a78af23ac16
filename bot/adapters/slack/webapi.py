"""Slack Web API: the base URL, rate limits, the two clients, the ping notifier and the doctor's check.

The adapter talks through `client` (conversations: slack_sdk's default 30 s timeout, a connection
error retried once). Pings go through `ping_client`: PING_TIMEOUT, and a connection error is only
retried when the request cannot have left (it never connected), so a ping is never silently posted
twice by a retry. A 429 is waited out (Retry-After) by both.
"""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable

import aiohttp
from aiohttp import ClientConnectorError, ClientError
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import AsyncConnectionErrorRetryHandler, AsyncRateLimitErrorRetryHandler
from slack_sdk.web.async_client import AsyncWebClient

from bot.adapters.outbox import PING_TIMEOUT, Delivery
from bot.messages import Reply

log = logging.getLogger(__name__)

ConnectionTimeoutError = getattr(aiohttp, "ConnectionTimeoutError", ClientConnectorError)  # aiohttp >= 3.10

PLATFORM = "slack"
DEFAULT_API_URL = "https://slack.com/api/"
CHECK_TIMEOUT = 10.0


def api_base_url(url: str | None) -> str:
    """SLACK_API_URL (GovSlack: https://slack-gov.com/api/, tests: a local fake) with a final '/'."""
    url = (url or DEFAULT_API_URL).strip()
    return url if url.endswith("/") else url + "/"


# -- rate limits ------------------------------------------------------------------------------
def _retry_after(headers: dict) -> float:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            raw = value[0] if isinstance(value, (list, tuple)) else value
            try:
                return max(0.0, float(raw))
            except (TypeError, ValueError):
                return 1.0
    return 1.0


class RateLimitRetry(AsyncRateLimitErrorRetryHandler):
    """slack_sdk's 429 handler with an injectable sleep: waits Retry-After seconds, then retries.

    `sleep` defaults to asyncio.sleep; tests pass one that records the wait and returns at once.
    A wait longer than `max_wait` is capped (the retry then most likely meets another 429 and,
    after `max_retry_count` attempts, the call fails: a ping is then retried by the clock later).
    """

    def __init__(self, max_retry_count: int = 3, sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
                 max_wait: float = 120.0):
        super().__init__(max_retry_count=max_retry_count)
        self.sleep = sleep
        self.max_wait = max_wait

    async def prepare_for_next_attempt_async(self, *, state, request, response=None, error=None) -> None:
        if response is None:
            raise error  # type: ignore[misc]
        state.next_attempt_requested = True
        await self.sleep(min(_retry_after(response.headers), self.max_wait))
        state.increment_current_attempt()


def web_clients(config, rate_limit: RateLimitRetry, retry_handlers: list[AsyncRetryHandler] | None = None,
                ping_timeout: float = PING_TIMEOUT) -> tuple[AsyncWebClient, AsyncWebClient]:
    """(the adapter's client, the ping client) for the configured bot token and API URL."""
    base_url = api_base_url(config.slack_api_url)
    client = AsyncWebClient(
        token=config.slack_bot_token, base_url=base_url,
        retry_handlers=retry_handlers if retry_handlers is not None else [AsyncConnectionErrorRetryHandler(), rate_limit],
    )
    ping_client = AsyncWebClient(
        token=config.slack_bot_token, base_url=base_url, timeout=ping_timeout,  # type: ignore[arg-type]
        retry_handlers=retry_handlers if retry_handlers is not None else [
            AsyncConnectionErrorRetryHandler(error_types=[ClientConnectorError]), rate_limit],
    )
    return client, ping_client


# -- pings ------------------------------------------------------------------------------------
def post_outcome(exc: BaseException, parts_posted: int) -> Delivery:
    """What a failed chat.postMessage means for a ping (see bot.adapters.outbox)."""
    if parts_posted:
        return Delivery.MAYBE  # the person has part of it already
    if isinstance(exc, (SlackApiError, ClientConnectorError, ConnectionTimeoutError)):
        return Delivery.FAILED  # Slack answered with an error, or we never got through
    if isinstance(exc, (asyncio.TimeoutError, TimeoutError, ClientError)):
        return Delivery.MAYBE  # sent, but no answer came back (timeout, dropped connection)
    return Delivery.FAILED


class SlackNotifier:
    """Delivers pings (replies with `to` set) as direct messages with buttons. Never raises.

    DELIVERED when Slack confirmed every part; FAILED when nothing can have arrived (the DM could not
    be opened, Slack answered an error, no connection); MAYBE when a chat.postMessage went out and no
    answer came back (timeout, dropped connection) or only some parts of a long ping arrived.
    """

    platform = PLATFORM

    def __init__(self, adapter):
        self.adapter = adapter

    async def deliver(self, recipient: str, reply: Reply) -> Delivery:
        platform, _, user_id = recipient.partition(":")
        if platform != PLATFORM or not user_id:
            return Delivery.FAILED
        client = self.adapter.ping_client
        try:
            channel = await self.adapter.open_dm(user_id, client=client)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # nothing was posted yet: the clock retries later
            log.warning("Slack ping to %s not delivered: %s", recipient, exc or type(exc).__name__)
            return Delivery.FAILED
        posted: list[str] = []
        try:
            await self.adapter.post_reply(channel, reply, client=client, stamps=posted)
            return Delivery.DELIVERED
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            outcome = post_outcome(exc, len(posted))
            what = "maybe delivered (no answer)" if outcome is Delivery.MAYBE else "not delivered"
            log.warning("Slack ping to %s %s: %s", recipient, what, exc or type(exc).__name__)
            return outcome


# -- the doctor's check -----------------------------------------------------------------------
async def check_credentials(config, timeout: float = CHECK_TIMEOUT) -> list[tuple[bool, str]]:
    """Ask Slack whether the tokens are accepted: auth.test (bot token), apps.connections.open (app
    token). (ok, Dutch line) pairs; a token never appears in a line."""
    base_url = api_base_url(config.slack_api_url)
    results: list[tuple[bool, str]] = []
    checks = [("bot-token (SLACK_BOT_TOKEN)", config.slack_bot_token, "auth_test")]
    if config.slack_app_token:
        checks.append(("app-token (SLACK_APP_TOKEN)", config.slack_app_token, "apps_connections_open"))
    for label, token, method in checks:
        if not token:
            continue
        client = AsyncWebClient(token=token, base_url=base_url, timeout=timeout)  # type: ignore[arg-type]
        try:
            if method == "auth_test":
                answer = await client.auth_test()
                who = f"bot @{answer.get('user')} in {answer.get('team')}"
            else:
                await client.apps_connections_open(app_token=token)
                who = "Socket Mode mag verbinden"
            results.append((True, f"Slack {label}: geaccepteerd door {base_url} ({who})"))
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else None
            results.append((False, f"Slack {label}: geweigerd door {base_url} ({error or 'onbekende fout'})"))
        except Exception as exc:
            results.append((False, f"Slack {label}: {base_url} is niet bereikbaar ({type(exc).__name__})"))
    return results
