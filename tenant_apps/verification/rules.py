"""Who may verify residents in person, and who may make voting codes."""

from __future__ import annotations

from typing import Any

from shared_apps.accounts.models import Membership
from tenant_apps.spaces.permissions import ADMIN, PROCESS_ADMIN, Who, rule

VERIFIER = Membership.Role.VERIFIER


@rule("verification.verify_in_person")
def _verify_in_person(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, VERIFIER)


@rule("verification.manage_codes")
def _manage_codes(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, PROCESS_ADMIN)
