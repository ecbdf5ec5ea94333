"""Keep the `position` of a space's ordered rows (phases, components) as 0, 1, 2, ..."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def renumber(items: Iterable[Any]) -> None:
    """Save positions 0..n-1 in the given order, writing only the rows that change."""
    for position, item in enumerate(items):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])


def move(items: Iterable[Any], pk: int, offset: int) -> int | None:
    """Move the row with `pk` by `offset` (-1 up, +1 down) and renumber; return its new
    index, or None when it is already at that end."""
    ordered = list(items)
    index = next(i for i, item in enumerate(ordered) if item.pk == pk)
    target = index + offset
    if not 0 <= target < len(ordered):
        return None
    ordered[index], ordered[target] = ordered[target], ordered[index]
    renumber(ordered)
    return target
