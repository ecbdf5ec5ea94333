"""Permission rules for the staff side of budgets (registered with spaces.permissions)."""

from __future__ import annotations

from typing import Any

from shared_apps.accounts.models import Membership
from tenant_apps.spaces.permissions import ADMIN, PROCESS_ADMIN, Who, rule

VERIFIER = Membership.Role.VERIFIER


@rule("budgets.manage_budgets")
def _manage_budgets(who: Who, obj: Any) -> bool:
    """Budgets, projects, results, delivery and the simulation of other elections."""
    return who.has_role(ADMIN, PROCESS_ADMIN)


@rule("budgets.enter_ballots")
def _enter_ballots(who: Who, obj: Any) -> bool:
    """Enter paper and assisted ballots.

    Verifiers too: they already check residents' identity documents in person at
    libraries and service points, which is exactly where an assisted ballot is taken or a
    paper ballot handed in. They see only the ballot entry pages, never the rules,
    the results or the log of who voted.
    """
    return who.has_role(ADMIN, PROCESS_ADMIN, VERIFIER)
