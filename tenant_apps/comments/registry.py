"""What can be commented on: each component type opts in by registering its targets.

A component type opts in twice, both in its AppConfig.ready():

1. it declares the action "comment", gated by a bool phase setting, so each phase can
   open or close the discussion (spaces.permissions.check_action also asks for sign-in,
   accepted terms and verification as the component requires):

       registry.register(ComponentType(
           name="proposals", ...,
           phase_settings=[Setting("comments_enabled", "bool", True)],
           actions={"comment": "comments_enabled"},
       ))

2. it registers each kind of object residents comment on:

       comments.registry.register(CommentableType(
           name="proposal", label=_("Proposal"),
           resolve=lambda component, pk: Proposal.objects.filter(
               component=component, pk=pk).first(),
       ))

`resolve(component, target_id)` returns the object inside that component, or None (the
comment pages then answer 404). Return None, too, for an object the public must not see
(a withdrawn draft...). The object provides `get_absolute_url()`, `__str__` (its title),
`author_id` (nullable) and `follow_key` (a str such as "proposal:12").

Three optional fields let a type set its own rules without the comments app knowing it
(debates use all three, tenant_apps/debates/registrations.py):

- `action`: the component action that gates posting, editing and voting (default
  "comment"); a debate's arguments are gated by "argue", with its own phase setting and
  verification requirements.
- `alignment_required`: a comment on the resource itself must state a position (against,
  neutral or in favour) chosen by the resident; replies may leave it out (neutral).
- `closed(target)`: return why the resource takes no comments now (a debate that has
  closed or not opened yet), or None. Asked before `check_action`, so every visitor sees
  this message in place of the comment form (not "Sign in" for a debate that is over),
  and posting, editing and voting are refused with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from tenant_apps.comments.models import Comment
    from tenant_apps.spaces.models import Component
    from tenant_apps.spaces.permissions import ActionCheck


@dataclass(frozen=True)
class CommentableType:
    name: str
    label: str | _StrPromise
    resolve: Callable[[Component, int], Any | None]
    action: str = "comment"
    alignment_required: bool = False
    closed: Callable[[Any], str | _StrPromise | None] | None = None


class CommentableRegistry:
    def __init__(self) -> None:
        self._types: dict[str, CommentableType] = {}

    def register(self, commentable: CommentableType) -> CommentableType:
        if commentable.name in self._types:
            raise ValueError(f"{commentable.name!r} is already commentable")
        if len(commentable.name) > 40:
            raise ValueError(f"{commentable.name!r}: use at most 40 characters")
        self._types[commentable.name] = commentable
        return commentable

    def unregister(self, name: str) -> None:
        """Remove a type (tests register stand-ins and remove them again)."""
        self._types.pop(name, None)

    def get(self, name: str) -> CommentableType | None:
        return self._types.get(name)

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def all(self) -> list[CommentableType]:
        return list(self._types.values())


registry = CommentableRegistry()


def register(commentable: CommentableType) -> CommentableType:
    """Register a commentable type in the one registry."""
    return registry.register(commentable)


def action_for(target_type: str) -> str:
    """Return the component action that gates comments on `target_type` ("comment" for
    types that do not say)."""
    commentable = registry.get(target_type)
    return commentable.action if commentable is not None else "comment"


def closed_reason(target_type: str, target: Any) -> str | _StrPromise | None:
    """Return why `target` takes no comments now, or None (the type's `closed` hook)."""
    commentable = registry.get(target_type)
    if commentable is None or commentable.closed is None:
        return None
    return commentable.closed(target)


def gate(user: Any, component: Component, target_type: str, target: Any = None) -> ActionCheck:
    """Return whether the user may comment on `target` now, and why not: the type's
    `closed` hook (when a target is given), then `check_action` with the type's action."""
    from tenant_apps.spaces.permissions import ActionCheck, check_action

    if target is not None:
        reason = closed_reason(target_type, target)
        if reason:
            return ActionCheck(False, reason)
    return check_action(user, component, action_for(target_type))


def resolve_target(component: Component, target_type: str, target_id: int) -> Any | None:
    """Return the object the comments are about, or None when it does not exist (here)."""
    commentable = registry.get(target_type)
    if commentable is None:
        return None
    return commentable.resolve(component, target_id)


def target_url(comment: Comment) -> str:
    """Return the page of the resource a comment is on (the component's page if it is
    gone or its type is no longer registered)."""
    target = resolve_target(comment.component, comment.target_type, comment.target_id)
    if target is None:
        return str(comment.component.get_absolute_url())
    return str(target.get_absolute_url())
