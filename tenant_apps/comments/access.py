"""Access helpers: fetch a commented resource or a comment for the user, or answer 404
(for missing, for another tenant's ids and for what the user may not see alike)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from tenant_apps.comments.models import Comment
from tenant_apps.comments.registry import action_for, resolve_target
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm


def _visible_component(
    request: HttpRequest, component: Component | None, target_type: str
) -> Component:
    if component is None or not component.type_is_registered:
        raise Http404
    if action_for(target_type) not in component.component_type.actions:
        raise Http404
    if not has_perm(request.user, "spaces.view_component", component):
        raise Http404
    return component


def get_target_for_user(
    request: HttpRequest, component_id: int, target_type: str, target_id: int
) -> tuple[Component, Any]:
    """Return the component and the resource in it that the user may comment on."""
    component = Component.objects.select_related("process", "assembly").filter(pk=component_id)
    visible = _visible_component(request, component.first(), target_type)
    target = resolve_target(visible, target_type, target_id)
    if target is None:
        raise Http404
    return visible, target


def get_comment_for_user(request: HttpRequest, comment_id: int) -> tuple[Comment, Any]:
    """Return a comment the user may see and the resource it is on."""
    comment = (
        Comment.objects.select_related("component__process", "component__assembly", "author")
        .filter(pk=comment_id)
        .first()
    )
    if comment is None:
        raise Http404
    _visible_component(request, comment.component, comment.target_type)
    target = resolve_target(comment.component, comment.target_type, comment.target_id)
    if target is None:
        raise Http404
    return comment, target
