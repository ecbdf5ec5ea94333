"""Ballot writes sent in parallel on PostgreSQL: the ballot keeps to the rules, a person
submits once, and two accounts of one person end with one ballot."""

from __future__ import annotations

from functools import partial

import pytest
from django_tenants.utils import schema_context

from tenant_apps.budgets import voting
from tenant_apps.budgets.models import Ballot, BallotChoice
from tenant_apps.budgets.voting import VoteRefused, add_project, submit_ballot
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.concurrency import run_together as run_concurrently
from tests.conftest import LIVE_DB, make_user

pytestmark = [LIVE_DB]

# Refusals count as "refused" outcomes; anything else shows as its repr.
run_together = partial(run_concurrently, refused=VoteRefused)


def in_tenant(tenant, function, *args):
    def task() -> None:
        with schema_context(tenant.schema_name):
            function(*args)

    return task


def test_parallel_adds_beyond_the_amount_stay_within_the_budget(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), amount=1_000_000)
        projects = [make_project(budget, f"Projekt {n}", 300_000) for n in range(8)]
    outcomes = run_together(
        [in_tenant(tenant_a, add_project, alice, budget, p.pk) for p in projects]
    )
    assert sorted(outcomes) == ["ok"] * 3 + ["refused"] * 5
    with schema_context(tenant_a.schema_name):
        assert Ballot.objects.filter(budget=budget).count() == 1
        choices = BallotChoice.objects.filter(ballot__budget=budget).select_related("project")
        assert sum(choice.project.cost for choice in choices) == 900_000


def test_two_parallel_submits_make_one_ballot_and_one_receipt(tenant_a, alice):
    from shared_apps.mail.models import OutgoingMail

    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), min_share=0)
        add_project(alice, budget, make_project(budget, "Parken", 100).pk)
    outcomes = run_together([in_tenant(tenant_a, submit_ballot, alice, budget) for _ in range(4)])
    assert sorted(outcomes) == ["ok"] + ["refused"] * 3
    with schema_context(tenant_a.schema_name):
        submitted = Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED)
        assert submitted.count() == 1 and submitted.get().receipt_code
    assert OutgoingMail.objects.filter(kind="budget_receipt").count() == 1


@pytest.mark.parametrize("lock", [True, False], ids=["advisory-lock", "constraint-only"])
def test_two_accounts_of_one_person_submitting_in_parallel_make_one_ballot(
    tenant_a, alice, monkeypatch, lock
):
    """The same voter key on two accounts (as when a person's identity moves to a new
    account); without the advisory lock the database constraint still decides."""
    second = make_user("alice2@example.org", "Alice again")
    monkeypatch.setattr(voting, "voter_key", lambda user: "person:alice")
    if not lock:
        monkeypatch.setattr(voting, "_lock_voter", lambda budget, key: None)
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component(), min_share=0)
        park = make_project(budget, "Parken", 100)
        add_project(alice, budget, park.pk)
        add_project(second, budget, park.pk)
    outcomes = run_together(
        [in_tenant(tenant_a, submit_ballot, user, budget) for user in (alice, second)]
    )
    assert sorted(outcomes) == ["ok", "refused"]
    with schema_context(tenant_a.schema_name):
        submitted = Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED)
        assert list(submitted.values_list("voter_key", flat=True)) == ["person:alice"]


def test_parallel_submits_in_two_budgets_keep_to_any_one(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"budget_mode": "any_one"})
        budgets = [make_budget(component, title_sv=f"B{n}", min_share=0) for n in range(3)]
        for budget in budgets:
            add_project(alice, budget, make_project(budget, "Parken", 100).pk)
    outcomes = run_together([in_tenant(tenant_a, submit_ballot, alice, b) for b in budgets])
    assert sorted(outcomes) == ["ok", "refused", "refused"]
    with schema_context(tenant_a.schema_name):
        assert Ballot.objects.filter(status=Ballot.Status.SUBMITTED).count() == 1
