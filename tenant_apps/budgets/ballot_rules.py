"""The ballot rules of a budget, in one place for online, assisted and paper ballots.

`problems(budget, choices, final=...)` returns what is wrong with a ballot in the
resident's words; an empty list means it obeys the rules. While a ballot is being filled
(`final=False`) only limits that adding can break are checked (the amount, the most
projects, the points); on submission (`final=True`) the least amounts are checked too.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from config.money import kronor
from tenant_apps.budgets.models import Budget

Rule = Budget.BallotRule


@dataclass(frozen=True)
class Choice:
    project_id: int
    cost: int
    points: int = 1
    rank: int | None = None


def spends_money(budget: Budget) -> bool:
    return budget.ballot_rule in (Rule.KNAPSACK, Rule.MIN_PROJECTS)


def total_cost(choices: Sequence[Choice]) -> int:
    return sum(choice.cost for choice in choices)


def problems(budget: Budget, choices: Sequence[Choice], *, final: bool) -> list[str]:
    """Return the ways `choices` break the budget's rules (empty when it is valid)."""
    found: list[str] = []
    ids = [choice.project_id for choice in choices]
    if len(set(ids)) != len(ids):
        found.append(_("A project can be on the ballot only once."))
    count, total = len(choices), total_cost(choices)
    if spends_money(budget) and total > budget.amount:
        found.append(
            _("Your projects cost %(total)s, more than the budget of %(amount)s.")
            % {"total": kronor(total), "amount": kronor(budget.amount)}
        )
    most = budget.max_projects
    limited = budget.ballot_rule in (Rule.APPROVAL, Rule.RANKED, Rule.MIN_PROJECTS)
    if limited and most and count > most:
        found.append(
            ngettext(
                "Choose at most %(count)s project.", "Choose at most %(count)s projects.", most
            )
            % {"count": most}
        )
    if budget.ballot_rule == Rule.CUMULATIVE:
        given = sum(choice.points for choice in choices)
        if any(choice.points < 1 for choice in choices):
            found.append(_("Give each chosen project at least one point."))
        if given > budget.points:
            found.append(
                _("You have given %(given)s points; you have %(points)s to give.")
                % {"given": given, "points": budget.points}
            )
    if budget.ballot_rule == Rule.RANKED:
        ranks = sorted(choice.rank or 0 for choice in choices)
        if ranks != list(range(1, count + 1)):
            found.append(_("Number your choices 1, 2, 3… without gaps or repeats."))
    if not final:
        return found
    if count == 0:
        found.append(_("Choose at least one project before you submit."))
        return found
    if budget.ballot_rule == Rule.KNAPSACK and total < budget.min_spend:
        found.append(
            _("Spend at least %(least)s (%(share)s%% of the budget); your projects cost %(total)s.")
            % {"least": kronor(budget.min_spend), "share": budget.min_share, "total": kronor(total)}
        )
    if budget.ballot_rule in (Rule.MIN_PROJECTS, Rule.APPROVAL) and count < budget.min_projects:
        found.append(
            ngettext(
                "Choose at least %(count)s project.",
                "Choose at least %(count)s projects.",
                budget.min_projects,
            )
            % {"count": budget.min_projects}
        )
    return found


def why_not_add(budget: Budget, choices: Sequence[Choice], project: Choice) -> str:
    """Return why adding `project` would break the rules ("" when it fits), naming the
    cost and what is left, so the resident knows what to change."""
    if any(choice.project_id == project.project_id for choice in choices):
        return _("This project is already on your ballot.")
    if spends_money(budget):
        left = budget.amount - total_cost(choices)
        if project.cost > left:
            return _(
                "This project costs %(cost)s and you have %(left)s left. Remove a project "
                "first to make room."
            ) % {"cost": kronor(project.cost), "left": kronor(left)}
    most = budget.max_projects
    if most and budget.ballot_rule != Rule.CUMULATIVE and len(choices) >= most:
        return ngettext(
            "You have chosen %(count)s project, the most allowed.",
            "You have chosen %(count)s projects, the most allowed.",
            most,
        ) % {"count": most}
    if budget.ballot_rule == Rule.CUMULATIVE:
        given = sum(choice.points for choice in choices)
        if given + max(project.points, 1) > budget.points:
            return _("You have no points left. Take points from another project first.")
    return ""
