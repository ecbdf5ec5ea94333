"""Budget projects as seen by the generic features: comments and following."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from shared_apps.notifications.followables import Followable
from tenant_apps.budgets.models import Project
from tenant_apps.comments.registry import CommentableType
from tenant_apps.comments.registry import registry as commentables
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm

_RELATED = ("budget__component__process", "budget__component__assembly")


def _commentable(component: Component, pk: int) -> Project | None:
    return (
        Project.objects.filter(budget__component=component, pk=pk).select_related(*_RELATED).first()
    )


def resolve_followable(user: Any, pk: int) -> Followable | None:
    """Return a project whose component the user may see, else None."""
    project = Project.objects.filter(pk=pk).select_related(*_RELATED).first()
    if project is None or not has_perm(user, "spaces.view_component", project.budget.component):
        return None
    return Followable(project.title_sv, project.title_en, project.get_absolute_url())


def register_all() -> None:
    from shared_apps.notifications import followables

    followables.register("project", resolve_followable)
    commentables.register(CommentableType(name="project", label=_("Project"), resolve=_commentable))
