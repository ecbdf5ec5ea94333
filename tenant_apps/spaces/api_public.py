"""What the tenant API's resource lists share: only content of published components in
published spaces, the same strict query checks as the portal API, pages of 50."""

from __future__ import annotations

from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request

from shared_apps.portal.api import Pagination, PortalThrottle, StrictQuery
from tenant_apps.spaces.models import ACTIVE_PHASE_PK, Component, Phase


def published_components(type_name: str) -> QuerySet[Component]:
    """The tenant's published components of a type in published spaces, each with its
    active phase's id (for current_settings() without a query per component)."""
    active = Phase.objects.filter(process=OuterRef("process"), is_active=True)
    return (
        Component.objects.filter(type=type_name, published=True)
        .filter(Q(process__published=True) | Q(assembly__published=True))
        .select_related("process", "assembly")
        .annotate(**{ACTIVE_PHASE_PK: Subquery(active.values("pk")[:1])})
    )


class PublicResourceViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """A read-only list of one kind of content, filterable by `component` (an id)."""

    authentication_classes: list[Any] = []
    pagination_class = Pagination
    throttle_classes = [PortalThrottle]
    filters: tuple[str, ...] = ("component",)
    component_type = ""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.check_query(request)

    def visible_components(self) -> dict[int, Component]:
        if not hasattr(self, "_components"):
            components = published_components(self.component_type)
            raw = self.request.query_params.get("component")
            if raw is not None:
                if not raw.isdigit():
                    raise ValidationError({"component": [_("Give a component id (a number).")]})
                components = components.filter(pk=int(raw))
            self._components = {component.pk: component for component in components}
        return self._components

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "components": self.visible_components(),
            "fields": None,
        }
