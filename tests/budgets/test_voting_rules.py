"""The other ballot rules: at least N projects, approval, points (cumulative) and ranks."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.budgets.models import Ballot, BallotChoice, Budget
from tenant_apps.budgets.voting import (
    VoteRefused,
    add_project,
    current_ballot,
    remove_project,
    set_allocation,
    submit_ballot,
)
from tenants.models import Tenant
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import tenant_for_module

pytestmark = pytest.mark.django_db
Rule = Budget.BallotRule


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def numbers(user, budget, field: str) -> dict[str, int]:
    ballot = current_ballot(user, budget)
    return {
        c.project.title_sv: getattr(c, field)
        for c in BallotChoice.objects.filter(ballot=ballot).select_related("project")
    }


def budget_with(rule: str, count: int = 4, cost: int = 100, **fields: Any):
    budget = make_budget(make_budgets_component(), ballot_rule=rule, **fields)
    return budget, [make_project(budget, f"P{n}", cost) for n in range(count)]


def test_min_projects_needs_enough_projects_within_the_amount(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget, projects = budget_with(
            Rule.MIN_PROJECTS, cost=300, amount=1000, min_projects=2, max_projects=3
        )
        add_project(alice, budget, projects[0].pk)
        with pytest.raises(VoteRefused, match="Choose at least 2 projects"):
            submit_ballot(alice, budget)
        add_project(alice, budget, projects[1].pk)
        add_project(alice, budget, projects[2].pk)
        with pytest.raises(VoteRefused, match="costs 300"):
            add_project(alice, budget, projects[3].pk)
        assert submit_ballot(alice, budget).status == Ballot.Status.SUBMITTED


def test_approval_keeps_between_the_least_and_the_most(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget, projects = budget_with(
            Rule.APPROVAL, cost=10**9, amount=1, min_projects=2, max_projects=3
        )
        # Approval ignores the money: any project can be approved.
        add_project(alice, budget, projects[0].pk)
        with pytest.raises(VoteRefused, match="Choose at least 2 projects"):
            submit_ballot(alice, budget)
        add_project(alice, budget, projects[1].pk)
        add_project(alice, budget, projects[2].pk)
        with pytest.raises(VoteRefused, match="3 projects, the most allowed"):
            add_project(alice, budget, projects[3].pk)
        submit_ballot(alice, budget)


def test_cumulative_points_are_saved_all_or_nothing(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget, projects = budget_with(Rule.CUMULATIVE, points=5)
        first, second, third = projects[:3]
        add_project(alice, budget, first.pk)
        add_project(alice, budget, second.pk)
        set_allocation(alice, budget, {first.pk: "3", second.pk: "2"})
        assert numbers(alice, budget, "points") == {"P0": 3, "P1": 2}
        with pytest.raises(VoteRefused, match="no points left"):
            add_project(alice, budget, third.pk)
        for bad, message in (
            ({first.pk: "-1"}, "whole numbers of 1 or more"),
            ({first.pk: "0"}, "whole numbers of 1 or more"),
            ({first.pk: "two"}, "whole numbers"),
            ({first.pk: "4"}, "given 6 points; you have 5"),
            ({first.pk: "1", third.pk: "1"}, "not on your ballot"),
            ({first.pk: "99999999999999999999"}, "given"),
        ):
            with pytest.raises(VoteRefused, match=message):
                set_allocation(alice, budget, bad)
            assert numbers(alice, budget, "points") == {"P0": 3, "P1": 2}
        submit_ballot(alice, budget)


def test_ranks_close_up_when_a_project_leaves(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget, projects = budget_with(Rule.RANKED, max_projects=3)
        for project in projects[:3]:
            add_project(alice, budget, project.pk)
        assert numbers(alice, budget, "rank") == {"P0": 1, "P1": 2, "P2": 3}
        with pytest.raises(VoteRefused, match="the most allowed"):
            add_project(alice, budget, projects[3].pk)
        set_allocation(alice, budget, {projects[0].pk: 3, projects[1].pk: 1, projects[2].pk: 2})
        assert numbers(alice, budget, "rank") == {"P0": 3, "P1": 1, "P2": 2}
        with pytest.raises(VoteRefused, match="without gaps or repeats"):
            set_allocation(alice, budget, {projects[0].pk: 1})
        assert numbers(alice, budget, "rank") == {"P0": 3, "P1": 1, "P2": 2}
        remove_project(alice, budget, projects[1].pk)
        assert numbers(alice, budget, "rank") == {"P0": 2, "P2": 1}
        submit_ballot(alice, budget)


def test_points_and_ranks_are_refused_on_other_ballots(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget, projects = budget_with(Rule.KNAPSACK)
        add_project(alice, budget, projects[0].pk)
        with pytest.raises(VoteRefused, match="no points or ranks"):
            set_allocation(alice, budget, {projects[0].pk: 2})


def test_an_empty_allocation_is_refused(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget, _projects = budget_with(Rule.CUMULATIVE)
        with pytest.raises(VoteRefused, match="ballot is empty"):
            set_allocation(alice, budget, {})
