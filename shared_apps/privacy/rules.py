"""Named permission rules of the privacy app (see tenant_apps/spaces/permissions.py)."""

from __future__ import annotations

from typing import Any

from tenant_apps.spaces.permissions import ADMIN, Who, rule


@rule("privacy.change_terms")
def _change_terms(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN)
