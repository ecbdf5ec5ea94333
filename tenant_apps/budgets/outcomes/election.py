"""The election an outcome rule reads: budget, project costs and anonymous ballots.

Money is exact: an `int` or, for budgets and costs with decimals (some Warsaw files have
grosze), a `Fraction`; never a float, so every comparison with the budget is exact.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from fractions import Fraction

VOTE_TYPES = ("approval", "cumulative", "ordinal", "choose-1")

Money = int | Fraction
# A ballot maps a project id to its points: 1 for approval and choose-1, the voter's points
# for cumulative, the positional score for ordinal (see `ordinal_points`).
Ballot = dict[str, int]


class ElectionError(ValueError):
    """The election cannot be counted (an unknown project, a negative cost, ...)."""


@dataclass(frozen=True)
class Election:
    """Hold one budget's election, ready for `greedy` or `equal_shares`.

    `projects` maps each project id to its cost. `ballots` are the voters' ballots, one
    per voter, empty ones included: the Method of Equal Shares divides the budget by the
    number of voters, so an empty ballot still counts as a voter.
    """

    budget: Money
    projects: dict[str, Money]
    ballots: list[Ballot]
    vote_type: str = "approval"
    # Tie-break keys, made once: sorting 80,000 ballots' projects calls them often.
    _id_keys: dict[str, tuple[tuple[int, int, str], ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        if self.vote_type not in VOTE_TYPES:
            raise ElectionError(f"Unknown vote type {self.vote_type!r}.")
        if self.budget < 0:
            raise ElectionError("The budget is negative.")
        for project_id, cost in self.projects.items():
            if cost <= 0:
                raise ElectionError(f"Project {project_id!r} has a cost of {cost}, not > 0.")
        known = self.projects.keys()
        for ballot in self.ballots:
            if not ballot.keys() <= known:
                unknown = sorted(ballot.keys() - known)
                raise ElectionError(f"A ballot names unknown project(s) {unknown}.")
        object.__setattr__(self, "_id_keys", {p: natural_key(p) for p in self.projects})

    def id_key(self, project_id: str) -> tuple[tuple[int, int, str], ...]:
        """Return the project id's place in the last tie-break (see `natural_key`)."""
        return self._id_keys[project_id]

    def sorted_ids(self, project_ids: list[str]) -> list[str]:
        """Return the ids in natural order: how the command prints an outcome."""
        return sorted(project_ids, key=self.id_key)

    def cost(self, project_ids: list[str]) -> Money:
        """Return the total cost of the projects."""
        return sum((self.projects[p] for p in project_ids), 0)


def natural_key(project_id: str) -> tuple[tuple[int, int, str], ...]:
    """Return a sort key that orders ids naturally: "2" < "10" < "10a" < "L3/1".

    Runs of digits compare as numbers and come before text; other text compares by code
    point. Ids equal under that order ("01" and "1") fall back to their plain text.
    """
    parts = tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part)
        for part in re.split(r"(\d+)", project_id)
        if part
    )
    return (*parts, (2, 0, project_id))


def votes_per_project(election: Election) -> dict[str, int]:
    """Return, for every project, the number of ballots that name it."""
    counts: Counter[str] = Counter()
    for ballot in election.ballots:
        counts.update(p for p, points in ballot.items() if points > 0)
    return {p: counts[p] for p in election.projects}


def scores_per_project(election: Election) -> dict[str, int]:
    """Return, for every project, the sum of its points over all ballots.

    This is the greedy rule's score: the number of votes for approval and choose-1, the
    points for cumulative, the positional points for ordinal ballots.
    """
    scores: Counter[str] = Counter()
    for ballot in election.ballots:
        scores.update(ballot)
    return {p: scores[p] for p in election.projects}


def ordinal_points(ranking: list[str], max_length: int) -> Ballot:
    """Return the positional points of a ranking: `max_length - position` (0-based).

    This is how pabulib's ordinal files (Kraków) compute their `score` column: with three
    choices, the first gets 3 points, the second 2, the third 1.
    """
    if len(ranking) > max_length:
        raise ElectionError(f"A ranking has {len(ranking)} projects, more than {max_length}.")
    return {p: max_length - position for position, p in enumerate(ranking)}


def parse_money(text: str) -> Money:
    """Return an amount written in a pabulib file ("501200", "361677.8") exactly."""
    try:
        value = Fraction(Decimal(text.strip().replace(",", ".")))
    except (InvalidOperation, ValueError) as error:
        raise ElectionError(f"{text!r} is not an amount.") from error
    return value.numerator if value.denominator == 1 else value
