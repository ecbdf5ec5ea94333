"""Access helpers for budgets and projects: scoped to their component, 404 otherwise
(the component itself comes from tenant_apps.spaces.access)."""

from __future__ import annotations

from django.http import Http404

from tenant_apps.budgets.models import Budget, Project
from tenant_apps.spaces.models import Component


def get_budget(component: Component, budget_id: int) -> Budget:
    """Return the component's budget, or 404 when it is not in this component."""
    budget = Budget.objects.filter(component=component, pk=budget_id).select_related("area").first()
    if budget is None:
        raise Http404
    budget.component = component
    return budget


def get_project(budget: Budget, project_id: int) -> Project:
    """Return the budget's project (any status: selected ones keep their page), or 404."""
    project = (
        Project.objects.filter(budget=budget, pk=project_id)
        .select_related("area", "category")
        .first()
    )
    if project is None:
        raise Http404
    project.budget = budget
    return project
