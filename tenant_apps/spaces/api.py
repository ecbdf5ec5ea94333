"""Read API for a tenant's processes (JSON, OpenAPI at /api/schema/).

The same named rules as the pages decide what is visible: published processes for
everyone, unpublished ones for the tenant's staff; anything else is a 404.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from shared_apps.portal.api import STATUSES, Pagination, PortalThrottle, StrictQuery
from tenant_apps.spaces.models import Component, Phase, Process
from tenant_apps.spaces.permissions import has_perm


class RulePermission(BasePermission):
    """Check the view's `object_rule` with the same rules the pages use."""

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        return has_perm(request.user, view.object_rule, obj)


def _both(obj: Any, field: str) -> dict[str, str]:
    return {"sv": getattr(obj, f"{field}_sv"), "en": getattr(obj, f"{field}_en")}


class TextField(serializers.Field):
    """A text in both languages: {"sv": "...", "en": "..."} (English may be empty)."""

    def __init__(self, field: str, **kwargs: Any) -> None:
        self.text_field = field
        super().__init__(source="*", read_only=True, **kwargs)

    def to_representation(self, value: Any) -> dict[str, str]:
        return _both(value, self.text_field)


extend_schema_field(
    {"type": "object", "properties": {"sv": {"type": "string"}, "en": {"type": "string"}}}
)(TextField)


class PhaseSerializer(serializers.ModelSerializer):
    title = TextField("title")

    class Meta:
        model = Phase
        fields = ["title", "starts", "ends", "is_active"]


class ComponentSerializer(serializers.ModelSerializer):
    name = TextField("name")
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Component
        fields = ["id", "type", "name", "url"]


class ProcessSerializer(serializers.ModelSerializer):
    title = TextField("title")
    subtitle = TextField("subtitle")
    summary = TextField("summary")
    status = serializers.SerializerMethodField()
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    areas = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    phases = PhaseSerializer(many=True, read_only=True)
    components = ComponentSerializer(many=True, read_only=True, source="published_components")

    class Meta:
        model = Process
        fields = [
            "slug", "url", "title", "subtitle", "summary", "starts", "ends", "status",
            "published", "promoted", "areas", "categories", "phases", "components",
        ]  # fmt: skip

    def get_status(self, process: Process) -> str:
        return process.status(self.context["today"])


class ProcessViewSet(StrictQuery, viewsets.ReadOnlyModelViewSet):
    """Processes of this tenant, newest dates last; `?status=active|upcoming|past`."""

    serializer_class = ProcessSerializer
    pagination_class = Pagination
    throttle_classes = [PortalThrottle]
    filters = ("status",)
    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    permission_classes = [RulePermission]
    object_rule = "spaces.view_space"

    def get_queryset(self) -> QuerySet[Process]:
        processes = Process.objects.prefetch_related(
            "areas",
            "categories",
            "phases",
            Prefetch(
                "components",
                queryset=Component.objects.filter(published=True),
                to_attr="published_components",
            ),
        )
        if not has_perm(self.request.user, "spaces.view_manage"):
            processes = processes.filter(published=True)
        status = self.request.query_params.get("status", "")
        if status and status not in STATUSES:
            raise ValidationError({"status": [_("Choose active, upcoming or past.")]})
        return processes.with_status(status)

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.check_query(request)

    def get_serializer_context(self) -> dict[str, Any]:
        return {**super().get_serializer_context(), "today": timezone.localdate()}
