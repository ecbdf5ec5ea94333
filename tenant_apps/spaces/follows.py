"""Let residents follow processes and assemblies ("process:12", "assembly:3").

Registered from SpacesConfig.ready, so the shared notifications app never imports spaces.
"""

from __future__ import annotations

from typing import Any

from shared_apps.notifications.followables import Followable, register
from tenant_apps.spaces.models import Assembly, Process
from tenant_apps.spaces.permissions import has_perm


def _resolver(model: type[Process] | type[Assembly]) -> Any:
    def resolve(user: Any, pk: int) -> Followable | None:
        """Return a published space, or an unpublished one for staff; None otherwise."""
        space = model.objects.filter(pk=pk).first()
        if space is None or not has_perm(user, "spaces.view_space", space):
            return None
        return Followable(
            title_sv=space.title_sv, title_en=space.title_en, path=space.get_absolute_url()
        )

    return resolve


def register_followables() -> None:
    register("process", _resolver(Process))
    register("assembly", _resolver(Assembly))
