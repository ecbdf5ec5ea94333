"""Permission rules for debates (registered with tenant_apps.spaces.permissions)."""

from __future__ import annotations

from typing import Any

from tenant_apps.spaces.permissions import ADMIN, PROCESS_ADMIN, Who, rule


@rule("debates.manage_debates")
def _manage_debates(who: Who, obj: Any) -> bool:
    """Create, change, publish, order, remove, close and reopen debates."""
    return who.has_role(ADMIN, PROCESS_ADMIN)
