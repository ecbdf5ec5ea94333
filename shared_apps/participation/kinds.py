"""The kinds of participation the portal's page lists, in the order it lists them.

Adding a kind (meetings' registrations, surveys' answers, ...) is one call, from the tenant
app's AppConfig.ready():

    kinds.registry.register(
        Kind("registration", _("Your registrations"), position=50, rows=registration_rows)
    )

Positions so far: proposals 10, supports 20, ballots 30, comments 40; follows are always
shown last (they come from notifications.Follow). `rows()` runs inside a tenant schema
and returns the kind's `Row`s recomputed from that tenant's tables (for `manage.py
rebuild_participation`). The app's action functions keep the index current with
`actions.record` / `actions.forget` in their transactions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class Row:
    """One participation as a kind's `rows()` recomputes it (the tenant is implied)."""

    user_id: int
    key: str
    title_sv: str
    title_en: str
    path: str
    created: datetime


@dataclass(frozen=True)
class Kind:
    name: str
    # The section heading on the page ("Your proposals").
    label: str | _StrPromise
    # Sections are shown by position (apps load in INSTALLED_APPS order, not page order).
    position: int
    # Recompute the kind's rows in the current tenant schema, for the rebuild command.
    rows: Callable[[], Iterable[Row]] = field(compare=False)


class KindRegistry:
    def __init__(self) -> None:
        self._kinds: dict[str, Kind] = {}

    def register(self, kind: Kind) -> Kind:
        if len(kind.name) > 30:
            raise ValueError(f"{kind.name!r}: use at most 30 characters")
        if kind.name in self._kinds:
            raise ValueError(f"{kind.name!r} is already a participation kind")
        self._kinds[kind.name] = kind
        return kind

    def get(self, name: str) -> Kind:
        try:
            return self._kinds[name]
        except KeyError:
            raise LookupError(f"{name!r} is not a participation kind") from None

    def __contains__(self, name: object) -> bool:
        return name in self._kinds

    def unregister(self, name: str) -> None:
        """Remove a kind (for tests that register a stand-in)."""
        self._kinds.pop(name, None)

    def all(self) -> list[Kind]:
        """Return the kinds in page order."""
        return sorted(self._kinds.values(), key=lambda kind: (kind.position, kind.name))


registry = KindRegistry()
