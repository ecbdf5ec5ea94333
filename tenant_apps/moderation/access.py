"""Access helpers for reported content: 404 for an unknown type, a missing item and an
item the user may not see, alike."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest

from tenant_apps.moderation.registry import ModeratedType, registry
from tenant_apps.spaces.permissions import has_perm, require


def _get(type_name: str, object_id: int) -> tuple[ModeratedType, Any]:
    if type_name not in registry:
        raise Http404
    moderated_type = registry.get(type_name)
    obj = (
        moderated_type.model._default_manager.select_related(*moderated_type.select_related)
        .filter(pk=object_id)
        .first()
    )
    if obj is None:
        raise Http404
    return moderated_type, obj


def get_moderated_for_user(
    request: HttpRequest, type_name: str, object_id: int
) -> tuple[ModeratedType, Any]:
    """Return the type and the item a resident may report: one in a component they see."""
    moderated_type, obj = _get(type_name, object_id)
    if not has_perm(request.user, "spaces.view_component", obj.component):
        raise Http404
    return moderated_type, obj


def get_moderated_for_manage(
    request: HttpRequest, type_name: str, object_id: int
) -> tuple[ModeratedType, Any]:
    """Return the type and the item for the tenant's moderators; 404 for everyone else."""
    require(request.user, "moderation.moderate")
    return _get(type_name, object_id)
