"""Count attempts per account and per address in Redis, and say when to stop.

Used for anything a person could guess at: sign-in codes, postal-code checks, voting
codes. Each call to `hit()` counts one attempt against two windows, one keyed on
the account and one on the client address; the attempt is refused when either window is
over its limit. The per-account limit is the strict one; keep the per-address limit
generous, because a school or a library puts a whole room of people behind one address.

Counters live in the "throttle" cache (settings.CACHES), city-wide: a scope is limited
across every host. Name the tenant in the scope for a per-tenant limit.

A window opens at the first attempt and lasts its given seconds (as allauth's limits
do); the attempts in it are counted with Redis INCR, so concurrent requests all count.
"""

from __future__ import annotations

import ipaddress
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext

CACHE_ALIAS = "throttle"


@dataclass(frozen=True)
class Throttled:
    """An attempt over a limit: wait `retry_after` seconds (at least 1) and try again."""

    retry_after: int
    scope: str
    keyed_on: str  # "user" or "ip": which limit was reached

    @property
    def message(self) -> str:
        """Say so to the person, in minutes."""
        return gettext("Too many tries. Wait %(minutes)d minutes and try again.") % {
            "minutes": max(1, self.retry_after // 60)
        }


def hit(
    scope: str,
    *,
    user_id: int | None,
    ip: str | None,
    per_user: tuple[int, int],
    per_ip: tuple[int, int],
) -> Throttled | None:
    """Count one attempt; return Throttled if it is over a limit, else None.

    `per_user` and `per_ip` are (attempts, seconds). A missing `user_id` or `ip` skips
    that limit. Refused attempts count too (a refused guess is still a guess); the window
    ends when it would have. When both limits are reached the longer wait is returned.
    """
    now = time.time()
    worst: Throttled | None = None
    for keyed_on, identity, (limit, seconds) in (
        ("user", user_id, per_user),
        ("ip", ip, per_ip),
    ):
        if identity is None or identity == "":
            continue
        if limit < 1 or seconds < 1:
            raise ValueError(f"{scope}: a limit needs at least 1 attempt and 1 second")
        count, retry_after = _count(f"{scope}:{keyed_on}:{identity}", seconds, now)
        if count > limit and (worst is None or retry_after > worst.retry_after):
            worst = Throttled(retry_after=retry_after, scope=scope, keyed_on=keyed_on)
    return worst


def reset(scope: str, *, user_id: int | None = None, ip: str | None = None) -> None:
    """Forget the counters of an account and/or an address, e.g. after a right answer."""
    keys = [
        f"throttle:{scope}:{keyed_on}:{identity}{suffix}"
        for keyed_on, identity in (("user", user_id), ("ip", ip))
        if identity is not None and identity != ""
        for suffix in ("", ":ends")
    ]
    if keys:
        caches[CACHE_ALIAS].delete_many(keys)


def _count(key: str, seconds: int, now: float) -> tuple[int, int]:
    """Add one to the counter of the window that the key's first attempt opened;
    return the count and the seconds until that window ends."""
    cache = caches[CACHE_ALIAS]
    counter = f"throttle:{key}"
    ends = f"{counter}:ends"
    # add() creates a key only if it is missing, so the first attempt of a window sets
    # its expiry and end; incr() is atomic in Redis, so concurrent attempts all count.
    cache.add(counter, 0, timeout=seconds)
    cache.add(ends, now + seconds, timeout=seconds)
    window_end = float(cache.get(ends) or 0)
    if window_end <= now:
        # The window is over though Redis has not expired its keys yet: open a new one.
        window_end = now + seconds
        cache.set_many({counter: 0, ends: window_end}, timeout=seconds)
    try:
        count = cache.incr(counter)
    except ValueError:  # expired between add() and incr(): this attempt opens a new window
        cache.add(counter, 1, timeout=seconds)
        count = 1
    return int(count), max(1, math.ceil(window_end - now))


def client_ip(request: HttpRequest) -> str:
    """Return the client's address, from settings.CLIENT_IP_HEADER only when set.

    Without the setting the header is never read (a client could write any value), and
    the address is REMOTE_ADDR. With it (behind our nginx), the last entry of a
    comma-separated header is used: entries before it came from the client and can be
    forged; the last one is what our proxy saw.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        value = request.headers.get(header, "").rsplit(",", 1)[-1].strip()
        if _is_ip(value):
            return value
    remote = str(request.META.get("REMOTE_ADDR", "")).strip()
    return remote if _is_ip(remote) else "unknown"


def _is_ip(value: str) -> bool:
    try:
        ipaddress.ip_address(value)
    except ValueError:
        return False
    return True
