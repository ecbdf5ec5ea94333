"""Permission rules for meetings (registered with tenant_apps.spaces.permissions)."""

from __future__ import annotations

from typing import Any

from shared_apps.accounts.models import Membership
from tenant_apps.spaces.permissions import ADMIN, PROCESS_ADMIN, Who, rule


@rule("meetings.manage_meetings")
def _manage_meetings(who: Who, obj: Any) -> bool:
    """Create and change meetings, their agenda and report; see and export registrations."""
    return who.has_role(ADMIN, PROCESS_ADMIN)


@rule("meetings.check_in")
def _check_in(who: Who, obj: Any) -> bool:
    """Mark attendance by entry code at the door (verifiers staff the door too)."""
    return who.has_role(ADMIN, PROCESS_ADMIN, Membership.Role.VERIFIER)
