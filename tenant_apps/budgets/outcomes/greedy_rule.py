"""The greedy rule: fund projects in order of votes, skipping any that no longer fit."""

from __future__ import annotations

from tenant_apps.budgets.outcomes.election import (
    Election,
    Money,
    scores_per_project,
    votes_per_project,
)


def greedy_order(election: Election) -> list[str]:
    """Return the projects with at least one point, in the greedy rule's order.

    Most points first; ties go to the cheaper project, then to the one on more ballots
    (it differs from the points for cumulative and ordinal ballots), then to the id in
    natural order (`natural_key`).
    """
    scores = scores_per_project(election)
    votes = votes_per_project(election)
    return sorted(
        (p for p in election.projects if scores[p] > 0),
        key=lambda p: (-scores[p], election.projects[p], -votes[p], election.id_key(p)),
    )


def greedy(election: Election) -> list[str]:
    """Return the projects the greedy rule funds, in the order it picks them.

    Walk the projects in `greedy_order` and fund each one whose cost fits in what is left
    of the budget; a project that does not fit is skipped and the walk goes on, so a
    cheaper project further down may still be funded. Projects nobody voted for are not.
    """
    return fill_greedily(election, [], election.budget)


def fill_greedily(election: Election, selected: list[str], budget: Money) -> list[str]:
    """Return `selected` extended by the greedy rule with what is left of `budget`."""
    chosen = list(selected)
    already = set(selected)
    left = budget - election.cost(chosen)
    for project_id in greedy_order(election):
        cost = election.projects[project_id]
        if project_id not in already and cost <= left:
            chosen.append(project_id)
            left -= cost
    return chosen
