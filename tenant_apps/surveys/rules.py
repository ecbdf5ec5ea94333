"""Permission rules for surveys (registered with tenant_apps.spaces.permissions)."""

from __future__ import annotations

from typing import Any

from tenant_apps.spaces.permissions import ADMIN, PROCESS_ADMIN, Who, rule


@rule("surveys.manage_surveys")
def _manage_surveys(who: Who, obj: Any) -> bool:
    """Edit questions, read every answer, download the CSV and the files."""
    return who.has_role(ADMIN, PROCESS_ADMIN)
