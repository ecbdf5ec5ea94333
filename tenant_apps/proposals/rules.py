"""Permission rules for proposals (registered with tenant_apps.spaces.permissions)."""

from __future__ import annotations

from typing import Any

from tenant_apps.spaces.permissions import ADMIN, EVALUATOR, PROCESS_ADMIN, Who, rule


@rule("proposals.manage_proposals")
def _manage_proposals(who: Who, obj: Any) -> bool:
    """Change states, assign evaluators, turn proposals into projects."""
    return who.has_role(ADMIN, PROCESS_ADMIN)


@rule("proposals.evaluate_proposals")
def _evaluate_proposals(who: Who, obj: Any) -> bool:
    """Open the evaluation pages (evaluators see only the proposals given to them)."""
    return who.has_role(ADMIN, PROCESS_ADMIN, EVALUATOR)


@rule("proposals.answer_proposal")
def _answer_proposal(who: Who, proposal: Any) -> bool:
    if who.has_role(ADMIN, PROCESS_ADMIN):
        return True
    if not who.has_role(EVALUATOR) or proposal is None:
        return False
    return proposal.evaluatorassignment_set.filter(user=who.user).exists()
