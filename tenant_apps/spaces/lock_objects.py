"""Row locks for spaces.

Every change that touches a space's phases, components or catalog rows locks the space
row first, so concurrent admin actions on one space are applied one after the other and
the catalog is always written from the space's current state.
"""

from __future__ import annotations

from typing import TypeVar

from tenant_apps.spaces.models import Assembly, Process

SpaceT = TypeVar("SpaceT", bound=Process | Assembly)


def lock_space(space: SpaceT) -> SpaceT:
    """Re-read the space under a row lock (call inside transaction.atomic())."""
    return type(space).objects.select_for_update().get(pk=space.pk)  # type: ignore[return-value]
