"""What residents can follow: each kind of thing registers a resolver under a key prefix.

    register("process", resolve_process)   # key "process:12"

A resolver runs in the tenant's schema and returns the thing's titles and path when the
user may see it, or None (the follow endpoint then answers 404, as for a missing thing).
Tenant apps register from their AppConfig.ready, so this shared app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Followable:
    title_sv: str
    title_en: str
    path: str


Resolver = Callable[[Any, int], Followable | None]
_RESOLVERS: dict[str, Resolver] = {}


def register(prefix: str, resolve: Resolver) -> None:
    """Register the resolver for keys "<prefix>:<id>"; re-registering replaces it."""
    if ":" in prefix or not prefix:
        raise ValueError(f"bad followable prefix {prefix!r}")
    _RESOLVERS[prefix] = resolve


def unregister(prefix: str) -> None:
    _RESOLVERS.pop(prefix, None)


def parse_key(key: str) -> tuple[str, int] | None:
    """Return (prefix, id) of a well-formed key with a registered prefix, else None."""
    prefix, _, number = key.partition(":")
    if prefix not in _RESOLVERS or not number.isdigit() or len(number) > 18:
        return None
    return prefix, int(number)


def resolve(user: Any, key: str) -> Followable | None:
    """Return what `key` names if the user may see it (in the current tenant), else None."""
    parsed = parse_key(key)
    if parsed is None:
        return None
    prefix, number = parsed
    return _RESOLVERS[prefix](user, number)
