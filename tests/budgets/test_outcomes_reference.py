"""Equal shares against a plain, literal implementation of its definition.

The engine groups voters, keeps purses as integers over a common denominator and
recomputes a project's cap lazily; the reference below does none of that: one exact
Fraction purse per voter, every project's cap recomputed every round, the completion
step by step (docs/budget-outcomes.md). Both must fund the same projects in the same
order, on random small elections and on the small shared pabulib files. And the
completion that skips the steps it proves unchanged gives the same outcome as going
step by step.
"""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from tenant_apps.budgets import pabulib
from tenant_apps.budgets.outcomes import (
    Election,
    election_from_pabulib,
    equal_shares,
    equal_shares_rule,
)
from tests.budgets.data import pabulib_file


def reference_run(election: Election, per_voter: Fraction) -> list[str]:
    """Return what one run of the method funds, in order, the slow and obvious way."""
    approvals = [{p for p, points in ballot.items() if points > 0} for ballot in election.ballots]
    purses = [per_voter] * len(approvals)
    votes = {p: sum(p in approved for approved in approvals) for p in election.projects}
    funded: list[str] = []
    while True:
        best = None
        for project, cost in election.projects.items():
            if project in funded or not votes[project]:
                continue
            supporters = sorted(
                purses[v] for v, approved in enumerate(approvals) if project in approved
            )
            if sum(supporters) < cost:
                continue
            # The smallest cap t with sum(min(purse, t)) = cost: the poorest pay all they have.
            paid, left = Fraction(0), len(supporters)
            for purse in supporters:
                cap = (cost - paid) / left
                if purse >= cap:
                    break
                paid, left = paid + purse, left - 1
            key = (cap / cost, cost, -votes[project], election.id_key(project))
            if best is None or key < best[0]:
                best = (key, project, cap)
        if best is None:
            return funded
        _, project, cap = best
        for v, approved in enumerate(approvals):
            if project in approved:
                purses[v] -= min(purses[v], cap)
        funded.append(project)


def reference(election: Election, completion: str) -> list[str]:
    """Return the outcome of a completion, one +1 step at a time."""
    start = Fraction(election.budget) / len(election.ballots)
    outcome = reference_run(election, start)
    if completion == "none":
        return outcome
    voted = [p for p in election.projects if any(b.get(p, 0) > 0 for b in election.ballots)]
    step = 0
    while len(outcome) < len(voted):
        left = election.budget - election.cost(outcome)
        if completion == "exhaustive" and not any(
            p not in outcome and election.projects[p] <= left for p in voted
        ):
            break
        step += 1
        candidate = reference_run(election, start + step)
        if election.cost(candidate) > election.budget:
            break
        outcome = candidate
    return outcome


def random_election(seed: int) -> Election:
    rng = random.Random(seed)
    names = [f"p{i}" for i in range(rng.randint(2, 7))]
    # Some costs in grosze, as in the Warsaw files.
    projects = {
        name: rng.randint(1, 40) if rng.random() < 0.8 else Fraction(rng.randint(100, 4000), 100)
        for name in names
    }
    ballots = [{name: 1 for name in names if rng.random() < 0.4} for _ in range(rng.randint(1, 12))]
    return Election(budget=rng.randint(5, 80), projects=projects, ballots=ballots)


@pytest.mark.parametrize("completion", ["none", "add1", "exhaustive"])
def test_it_matches_the_reference_on_random_elections(completion):
    for seed in range(300):
        election = random_election(seed)
        assert equal_shares(election, completion=completion) == reference(election, completion), (
            seed
        )


SMALL_FILES = [
    "poland_warszawa_2019_radosc.pb",
    "poland_warszawa_2018_czyste-mirow.pb",
    "poland_katowice_2021_dab.pb",
]


@pytest.mark.parametrize("name", SMALL_FILES)
@pytest.mark.parametrize("completion", ["none", "exhaustive"])
def test_it_matches_the_reference_on_small_files(name, completion):
    election = election_from_pabulib(pabulib.read(pabulib_file(name)))
    assert equal_shares(election, completion=completion) == reference(election, completion)


def _plain_and_skipping(election: Election, completion: str) -> tuple[list[int], list[int]]:
    groups = equal_shares_rule._Groups(election)
    start = Fraction(election.budget) / len(election.ballots)
    return tuple(  # type: ignore[return-value]
        equal_shares_rule._complete(election, groups, start, completion, 1, skip=skip)
        for skip in (False, True)
    )


@pytest.mark.parametrize("completion", ["add1", "exhaustive"])
def test_it_skips_only_steps_that_fund_the_same_projects(completion):
    for seed in range(300):
        plain, skipping = _plain_and_skipping(random_election(seed), completion)
        assert skipping == plain, seed


# The shared files that take under a second step by step (the others: PABULIB_ALL=1).
QUICK_FILES = [
    "poland_gdansk_2020_brzezno.pb",
    "poland_katowice_2020_bogucice.pb",
    "poland_katowice_2020_giszowiec.pb",
    "poland_katowice_2021_dab.pb",
    "poland_krakow_2019_zwierzyniec.pb",
    "poland_warszawa_2018_czyste-mirow.pb",
    "poland_warszawa_2018_grochow-centrum.pb",
    "poland_warszawa_2018_kamionek.pb",
    "poland_warszawa_2019_radosc.pb",
]


@pytest.mark.parametrize("name", QUICK_FILES)
@pytest.mark.parametrize("completion", ["add1", "exhaustive"])
def test_it_skips_the_same_way_on_the_shared_files(name, completion):
    election = election_from_pabulib(pabulib.read(pabulib_file(name)))
    plain, skipping = _plain_and_skipping(election, completion)
    assert skipping == plain
