"""HTTP plumbing shared by the interop clients: explicit timeouts and bounded retries.

Retried: transport errors (connection refused, DNS, connect/read timeouts), 5xx answers and
429 (honouring `Retry-After`). Every request we retry carries an idempotency key, so sending
a body twice is safe. A `Retry-After` longer than `max_retry_after` is not slept through:
the answer is returned and the outbox schedules the next attempt after it instead.
"""

from __future__ import annotations

import datetime as dt
import email.utils
from collections.abc import Callable
from dataclasses import dataclass

import httpx
from django.utils import timezone

Sleep = Callable[[float], None]


@dataclass(frozen=True)
class RetryPolicy:
    retries: int = 2  # extra attempts after the first
    backoff: float = 0.5  # seconds before the first retry, doubled each time
    max_retry_after: float = 30.0  # longest Retry-After slept through in-process


def is_retryable_status(status: int) -> bool:
    return status == 429 or status >= 500


def retry_after_seconds(response: httpx.Response) -> float | None:
    """The `Retry-After` header in seconds (delta-seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        moment = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    seconds: float = (moment - timezone.now()).total_seconds()
    return max(seconds, 0.0)


def send(
    client: httpx.Client,
    request: httpx.Request,
    *,
    policy: RetryPolicy,
    sleep: Sleep,
) -> httpx.Response:
    """Send `request`, retrying as the module docstring says. Raises the last
    `httpx.TransportError` when every attempt failed at the transport level."""
    attempt = 0
    while True:
        try:
            response = client.send(request)
        except httpx.TransportError:
            if attempt >= policy.retries:
                raise
            sleep(policy.backoff * 2**attempt)
            attempt += 1
            continue
        if not is_retryable_status(response.status_code) or attempt >= policy.retries:
            return response
        wait = retry_after_seconds(response)
        if wait is not None and wait > policy.max_retry_after:
            return response
        response.close()
        sleep(wait if wait is not None else policy.backoff * 2**attempt)
        attempt += 1
