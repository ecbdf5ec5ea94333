"""The staff side of budgets as seen by other features: the proposals handover and
following a project's delivery (key "project:<id>")."""

from __future__ import annotations

from typing import Any

from shared_apps.notifications.followables import Followable
from tenant_apps.budgets.models import Project
from tenant_apps.spaces.permissions import has_perm


def resolve_project(user: Any, pk: int) -> Followable | None:
    """Return a project a user may see (its component visible), else None."""
    project = Project.objects.filter(pk=pk).select_related("budget__component").first()
    if project is None or not has_perm(user, "spaces.view_component", project.budget.component):
        return None
    from tenant_apps.budgets.delivery import delivery_path

    return Followable(
        project.title_sv, project.title_en or project.title_sv, delivery_path(project)
    )


def register_all() -> None:
    from shared_apps.notifications import followables
    from tenant_apps.budgets.handover import register

    followables.register("project", resolve_project)
    register()
