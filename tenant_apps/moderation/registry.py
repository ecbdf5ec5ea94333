"""What can be reported: each content type registers itself once, in its AppConfig.ready().

    registry.register(ModeratedType(
        name="proposal", model=Proposal, label=_("Proposal"),
        title=lambda obj: obj.title, url=lambda obj: obj.get_absolute_url(),
    ))

The model must inherit `moderation.models.Moderated` and have `author` (a user foreign
key, nullable) and `component` (the spaces.Component it belongs to).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.db.models import Model
    from django.utils.functional import _StrPromise


@dataclass(frozen=True)
class ModeratedType:
    name: str
    model: type[Model]
    label: str | _StrPromise
    # A short text naming the item in the moderators' queue and in e-mails.
    title: Callable[[Any], str]
    url: Callable[[Any], str]
    # The resident's text, for the excerpt in the moderators' queue; the title if None.
    text: Callable[[Any], str] | None = None
    # Relations the queue loads with the items (one query per type), for title and url.
    select_related: tuple[str, ...] = ("author", "component")
    # Called with the locked row, inside the transaction, after `hidden` changed (hidden by
    # reports or a moderator, shown again): e.g. to update residents' participation index
    # and take hidden content out of the city-wide search index.
    visibility_changed: Callable[[Any], None] | None = None


class ModeratedRegistry:
    def __init__(self) -> None:
        self._types: dict[str, ModeratedType] = {}

    def register(self, moderated_type: ModeratedType) -> ModeratedType:
        if moderated_type.name in self._types:
            raise ValueError(f"{moderated_type.name!r} is already registered for moderation")
        self._types[moderated_type.name] = moderated_type
        return moderated_type

    def get(self, name: str) -> ModeratedType:
        try:
            return self._types[name]
        except KeyError:
            raise LookupError(f"{name!r} is not registered for moderation") from None

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def unregister(self, name: str) -> None:
        """Remove a type (for tests that register a stand-in)."""
        self._types.pop(name, None)

    def all(self) -> list[ModeratedType]:
        return list(self._types.values())


registry = ModeratedRegistry()
