"""A per-client-IP rate limit for the public lookup, kept in Django's cache.

Fixed windows: at most `limit` lookups per `window` seconds (`TINHSO_LOOKUP_RATE`, default
20 per 10 minutes). In production the cache must be shared by every worker (Redis), or each
worker counts on its own. Behind a reverse proxy set `proxy_count` to the number of proxies
that append to `X-Forwarded-For` (the client is that many entries from the right); never
trust the header otherwise, since a client can write anything in it.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class RateLimit:
    limit: int = 20
    window: int = 600
    proxy_count: int = 0

    @classmethod
    def from_settings(cls) -> RateLimit:
        raw: dict[str, Any] = dict(getattr(settings, "TINHSO_LOOKUP_RATE", {}) or {})
        return cls(**{k: int(v) for k, v in raw.items() if k in cls.__dataclass_fields__})


def client_ip(request: HttpRequest, proxy_count: int = 0) -> str:
    """The client's address: REMOTE_ADDR, or the `proxy_count`-th `X-Forwarded-For` entry
    from the right when that many trusted proxies stand in front of the application."""
    if proxy_count > 0:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxy_count:
            return str(forwarded[-proxy_count])
    return str(request.META.get("REMOTE_ADDR", "") or "unknown")


def hit(request: HttpRequest, scope: str = "lookup") -> int | None:
    """Count one request of this client; None while within the limit, else the seconds
    until the window ends (the `Retry-After`)."""
    rate = RateLimit.from_settings()
    now = time.time()
    bucket = int(now // rate.window)
    ip = client_ip(request, rate.proxy_count)
    # The address is hashed: the cache never holds citizens' IP addresses in clear.
    digest = hashlib.sha256(f"{settings.SECRET_KEY}|{ip}".encode()).hexdigest()[:24]
    key = f"interop:rl:{scope}:{digest}:{bucket}"
    cache.add(key, 0, timeout=rate.window + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=rate.window + 5)
        count = 1
    if count > rate.limit:
        return max(int((bucket + 1) * rate.window - now), 1)
    return None
