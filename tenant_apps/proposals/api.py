"""Proposals in the tenant API (/api/v1/proposals/): what residents see in the lists,
without authors (open data carries no personal data) and with the official answer only
where the component publishes answers."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.api_public import PublicResourceViewSet


class ProposalSerializer(serializers.ModelSerializer):
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    state = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = Proposal
        fields = [
            "id", "component", "title", "body", "area", "category", "address", "latitude",
            "longitude", "supports_count", "state", "created", "url",
        ]  # fmt: skip

    def _component(self, proposal: Proposal) -> Any:
        return self.context["components"][proposal.component_id]

    @extend_schema_field({"type": "string", "nullable": True})
    def get_state(self, proposal: Proposal) -> str | None:
        settings = self._component(proposal).current_settings()
        return proposal.state if settings.get("answers_published") else None

    def get_url(self, proposal: Proposal) -> str:
        return f"{self._component(proposal).get_absolute_url()}{proposal.pk}/"


class ProposalViewSet(PublicResourceViewSet):
    """Proposals of published proposal components (not withdrawn, not hidden by the
    moderators); `?component=<id>` for one component. Answers (`state`) only where the
    component has published them."""

    serializer_class = ProposalSerializer
    component_type = "proposals"

    def get_queryset(self) -> QuerySet[Proposal]:
        return (
            Proposal.objects.listed()
            .filter(component_id__in=list(self.visible_components()))
            .select_related("area", "category")
            .order_by("-created", "-pk")
        )
