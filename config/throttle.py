"""A small limiter on Redis (Django's cache): count tries per account and per IP.

Keyed on both, because a library or school network puts many residents behind one IP:
the per-IP limit is wide and the per-account limit strict.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


@dataclass(frozen=True)
class Throttled:
    retry_after: int  # seconds


def _count(key: str, window: int) -> tuple[int, int]:
    """Add one try to the window that holds now; return the count and seconds left."""
    now = int(time.time())
    start = now - now % window
    bucket = f"throttle:{key}:{start}"
    cache.add(bucket, 0, timeout=window + 1)
    try:
        count = cache.incr(bucket)
    except ValueError:  # expired between add and incr
        cache.set(bucket, 1, timeout=window + 1)
        count = 1
    return count, start + window - now


def hit(
    scope: str,
    *,
    user_id: int | None,
    ip: str | None,
    per_user: tuple[int, int],
    per_ip: tuple[int, int],
) -> Throttled | None:
    """Count one try; return Throttled when the account or the IP is over its limit."""
    waits = []
    if user_id is not None:
        count, left = _count(f"{scope}:user:{user_id}", per_user[1])
        if count > per_user[0]:
            waits.append(left)
    if ip:
        digest = hashlib.sha256(ip.encode()).hexdigest()[:32]
        count, left = _count(f"{scope}:ip:{digest}", per_ip[1])
        if count > per_ip[0]:
            waits.append(left)
    return Throttled(retry_after=max(waits)) if waits else None


def client_ip(request: HttpRequest) -> str:
    """Return the client's IP; a proxy's header counts only when settings trust it."""
    header = getattr(settings, "TRUSTED_PROXY_IP_HEADER", "")
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")
