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


def test_runs_learning_from_runs_above_fund_what_they_fund_alone():
    # A run learns lower bounds of keys from a run with more money per voter (while both
    # fund the same projects in the same order); it must fund exactly what it funds alone.
    for seed in range(300):
        election = random_election(seed)
        groups = equal_shares_rule._Groups(election)
        start = Fraction(election.budget) / len(election.ballots)
        for step in range(4):
            alone = equal_shares_rule._Run(groups, start + step)
            expected = alone.select()
            for distance in (1, 3):
                above = equal_shares_rule._Run(groups, start + step + distance)
                above.select()
                run = equal_shares_rule._Run(groups, start + step, above)
                assert run.select() == expected, (seed, step, distance)
                assert [key for key, _ in run.trace] == [key for key, _ in alone.trace]


@pytest.mark.parametrize("completion", ["none", "exhaustive"])
def test_it_gives_the_same_outcome_when_floats_decide_nothing(monkeypatch, completion):
    # The float walk is checked exactly; where the check fails, the exact walk decides.
    # Failing every check must change nothing, nor must the purses' floats being made
    # from integer division (as for purses too large for floats).
    monkeypatch.setattr(equal_shares_rule._Run, "_splits", lambda *args: False)
    monkeypatch.setattr(equal_shares_rule, "_FLOAT_BITS", 0)
    for seed in range(300):
        election = random_election(seed)
        assert equal_shares(election, completion=completion) == reference(election, completion), (
            seed
        )


def test_float_bounds_are_below_the_exact_keys(monkeypatch):
    # Every lower bound taken from a float walk is at most the exact key, and a walk
    # said to prove a project unaffordable does.
    bound = equal_shares_rule._Run._bound
    checked = 0

    def checked_bound(run, project, walk):
        nonlocal checked
        result = bound(run, project, walk)
        exact = run._exact(project, walk)
        if result is None:
            assert exact is None
        elif exact is not None:
            rest, voters = exact[0], exact[1]
            groups = run.groups
            key = run._key(
                project,
                rest * groups.cost_denominator,
                voters * run.scale * groups.cost_units[project],
            )
            assert not key < result
            checked += 1
        return result

    monkeypatch.setattr(equal_shares_rule._Run, "_bound", checked_bound)
    for seed in range(300):
        equal_shares(random_election(seed), completion="exhaustive")
    for name in SMALL_FILES:
        equal_shares(
            election_from_pabulib(pabulib.read(pabulib_file(name))), completion="exhaustive"
        )
    assert checked > 1000
