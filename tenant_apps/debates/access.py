"""Access helpers for debates: scoped to their component, 404 for missing and forbidden
alike (the component itself comes from tenant_apps.spaces.access)."""

from __future__ import annotations

from typing import Any

from django.http import Http404

from tenant_apps.debates.models import Debate
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm


def get_debate_for_user(user: Any, component: Component, debate_id: int) -> Debate:
    """Return a published debate of the component; staff who manage debates also open
    unpublished ones (to check them before publishing)."""
    debate = Debate.objects.filter(component=component, pk=debate_id).first()
    if debate is None:
        raise Http404
    if not debate.published and not has_perm(user, "debates.manage_debates", component):
        raise Http404
    debate.component = component
    return debate


def get_debate_for_manage(component: Component, debate_id: int) -> Debate:
    """Return any debate of the component (the caller has checked the staff rule)."""
    debate = Debate.objects.filter(component=component, pk=debate_id).first()
    if debate is None:
        raise Http404
    debate.component = component
    return debate
