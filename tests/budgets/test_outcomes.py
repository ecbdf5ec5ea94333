"""The outcome rules on tiny elections whose outcomes are checked by hand."""

from __future__ import annotations

from fractions import Fraction

import pytest

from tenant_apps.budgets.outcomes import (
    Election,
    ElectionError,
    equal_shares,
    greedy,
    greedy_order,
    natural_key,
    ordinal_points,
    parse_money,
    scores_per_project,
    votes_per_project,
)


def approval(budget: int, costs: dict[str, int], *ballots: str) -> Election:
    """Return an approval election; each ballot is a string of one-letter project ids."""
    return Election(
        budget=budget,
        projects=costs,
        ballots=[dict.fromkeys(ballot, 1) for ballot in ballots],
    )


def test_it_funds_by_votes_and_skips_what_no_longer_fits():
    election = approval(10, {"a": 6, "b": 5, "c": 4}, "a", "a", "a", "ab", "b", "c")
    # a (4 votes) fits; b (2) no longer fits in 4; c (1) does.
    assert greedy(election) == ["a", "c"]


def test_it_breaks_greedy_ties_by_lower_cost():
    election = approval(5, {"a": 5, "b": 3}, "a", "a", "b", "b")
    assert greedy_order(election) == ["b", "a"]
    assert greedy(election) == ["b"]


def test_it_breaks_greedy_ties_by_votes_then_natural_id_order():
    cumulative = Election(
        budget=3,
        projects={"a": 3, "b": 3},
        ballots=[{"a": 2}, {"a": 2}, {"b": 1}, {"b": 1}, {"b": 1}, {"b": 1}],
        vote_type="cumulative",
    )
    # Both have 4 points and cost 3; b is on four ballots, a on two.
    assert greedy(cumulative) == ["b"]
    tied = Election(budget=9, projects={"10": 9, "9": 9}, ballots=[{"10": 1}, {"9": 1}])
    assert greedy(tied) == ["9"]


def test_it_does_not_fund_projects_nobody_voted_for():
    assert greedy(approval(100, {"a": 1, "b": 1}, "a")) == ["a"]


def test_it_scores_ordinal_ballots_by_position():
    assert ordinal_points(["x", "y"], 3) == {"x": 3, "y": 2}
    election = Election(
        budget=1,
        projects={"x": 1, "y": 1, "z": 1},
        ballots=[ordinal_points(["x", "y", "z"], 3), ordinal_points(["z", "y"], 3)],
        vote_type="ordinal",
    )
    assert scores_per_project(election) == {"x": 3, "y": 4, "z": 4}
    assert votes_per_project(election) == {"x": 1, "y": 2, "z": 2}
    # y and z tie on points, cost and votes: the id decides.
    assert greedy(election) == ["y"]


def test_it_orders_ids_naturally():
    ids = ["L10/2", "10", "9", "L9/12", "L9/2", "a"]
    assert sorted(ids, key=natural_key) == ["9", "10", "L9/2", "L9/12", "L10/2", "a"]


def test_it_reads_money_exactly():
    assert parse_money("501200") == 501200
    assert parse_money("361677.8") == Fraction(3616778, 10)
    with pytest.raises(ElectionError):
        parse_money("lots")


def test_it_refuses_ballots_for_unknown_projects_and_bad_costs():
    with pytest.raises(ElectionError, match="unknown"):
        approval(10, {"a": 1}, "b")
    with pytest.raises(ElectionError, match="cost"):
        approval(10, {"a": 0}, "a")


# Method of Equal Shares -----------------------------------------------------------------

# Budget 30, three voters with 10 each. a and b both start at rho = 1/2: b is cheaper and
# goes first (each of its voters pays 5); then a (cost 20) is out of reach of the 5 + 5
# they have left, and c costs its only voter 10 (rho = 1).
SHARED = approval(30, {"a": 20, "b": 10, "c": 10}, "ab", "ab", "c")


def test_it_runs_equal_shares_once_without_completion():
    assert equal_shares(SHARED, completion="none") == ["b", "c"]


def test_it_raises_the_per_voter_budget_while_the_outcome_fits():
    # With 15 each (step 5), a becomes affordable after b and the outcome costs 40 > 30,
    # so add1 keeps the outcome of 14 each, which is still [b, c].
    assert equal_shares(SHARED, completion="add1") == ["b", "c"]
    # Already exhaustive at 10 each: 10 left, and a costs 20.
    assert equal_shares(SHARED, completion="exhaustive") == ["b", "c"]


def test_it_completes_with_greedy_only_for_add1u():
    # 5 each buys nothing; 6 each buys a and b (12 > 10): add1 keeps the empty outcome,
    # and add1u fills it greedily (a and b tie on everything: a by id).
    election = approval(10, {"a": 6, "b": 6}, "a", "b")
    assert equal_shares(election, completion="add1") == []
    assert equal_shares(election, completion="exhaustive") == []
    assert equal_shares(election, completion="add1u") == ["a"]


def test_it_stops_add1_when_every_supported_project_is_funded():
    election = approval(100, {"a": 10, "b": 10, "c": 10}, "a", "b")
    assert equal_shares(election, completion="add1") == ["a", "b"]


@pytest.mark.parametrize(("cost_of_y", "funded"), [(8, ["x", "y"]), (9, ["x"])])
def test_it_splits_a_project_among_supporters_with_unequal_purses(cost_of_y, funded):
    # 5 each. x (cost 6, rho 1/3) goes first: v1, v2 and v3 pay 2 and keep 3. Then y
    # needs v1's 3 (all of it) and v4's 5: affordable at cost 8 exactly, not at 9.
    election = approval(20, {"x": 6, "y": cost_of_y}, "xy", "x", "x", "y")
    assert equal_shares(election, completion="none") == funded


def test_it_refuses_an_unknown_completion():
    with pytest.raises(ValueError, match="completion"):
        equal_shares(SHARED, completion="add2")
