"""Budget projects in the tenant API (/api/v1/projects/): the projects of published
budgets with their cost, status and, once selected, their delivery progress."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from rest_framework import serializers

from tenant_apps.budgets.models import Budget, Project
from tenant_apps.spaces.api import TextField
from tenant_apps.spaces.api_public import PublicResourceViewSet


class BudgetRef(serializers.ModelSerializer):
    title = TextField("title")

    class Meta:
        model = Budget
        fields = ["id", "component", "title", "amount"]


class ProjectSerializer(serializers.ModelSerializer):
    title = TextField("title")
    description = TextField("description")
    budget = BudgetRef(read_only=True)
    area = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Project
        fields = [
            "id", "budget", "title", "description", "cost", "status", "progress", "area",
            "category", "address", "latitude", "longitude", "url",
        ]  # fmt: skip

    def get_url(self, project: Project) -> str:
        component: Any = self.context["components"][project.budget.component_id]
        return f"{component.get_absolute_url()}{project.budget_id}/projects/{project.pk}/"


class ProjectViewSet(PublicResourceViewSet):
    """Projects of the budgets in published budget components; `?component=<id>` for
    one component."""

    serializer_class = ProjectSerializer
    component_type = "budgets"

    def get_queryset(self) -> QuerySet[Project]:
        return (
            Project.objects.filter(budget__component_id__in=list(self.visible_components()))
            .select_related("budget", "area", "category")
            .order_by("budget__position", "budget_id", "position", "pk")
        )
