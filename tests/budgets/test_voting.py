"""A resident's knapsack ballot: adding within the budget, removing, submitting with a
receipt, the freeze, changing a vote, and refusals that change nothing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.mail.models import OutgoingMail
from tenant_apps.actionlog.models import Action
from tenant_apps.budgets.models import Ballot, BallotChoice, Budget, Project
from tenant_apps.budgets.voting import (
    VoteRefused,
    add_project,
    current_ballot,
    remove_project,
    reopen_ballot,
    submit_ballot,
)
from tenants.models import Tenant
from tests.budgets.factories import make_budget, make_budgets_component, make_project
from tests.conftest import make_user, tenant_for_module

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def chosen(user, budget) -> list[str]:
    ballot = current_ballot(user, budget)
    if ballot is None:
        return []
    return [c.project.title_sv for c in ballot.choices.select_related("project").order_by("pk")]


def knapsack(component=None, amount=1_000_000, **fields) -> Budget:
    return make_budget(component or make_budgets_component(), amount=amount, **fields)


def test_it_keeps_a_draft_within_the_budget(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = knapsack()
        park = make_project(budget, "Parken", 600_000)
        lights = make_project(budget, "Belysning", 300_000)
        bridge = make_project(budget, "Bron", 450_000)
        add_project(alice, budget, park.pk)
        add_project(alice, budget, lights.pk)
        with pytest.raises(VoteRefused) as refused:
            add_project(alice, budget, bridge.pk)
        assert "costs 450,000\u00a0kr and you have 100,000\u00a0kr left" in str(refused.value)
        assert chosen(alice, budget) == ["Parken", "Belysning"]
        assert Ballot.objects.filter(budget=budget, user=alice).count() == 1
        remove_project(alice, budget, park.pk)
        add_project(alice, budget, bridge.pk)
        assert chosen(alice, budget) == ["Belysning", "Bron"]


def test_it_refuses_unknown_projects_other_budgets_and_repeats(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        budget, other = knapsack(component), knapsack(component, title_sv="Norr")
        mine = make_project(budget, "Parken", 100_000)
        theirs = make_project(other, "Torget", 100_000)
        withdrawn = make_project(budget, "Dragen", 100, status=Project.Status.CANCELLED)
        for bad in (theirs.pk, withdrawn.pk, 10**9, "x", None, -1, "1e3"):
            with pytest.raises(VoteRefused, match="not on this ballot"):
                add_project(alice, budget, bad)
        add_project(alice, budget, mine.pk)
        with pytest.raises(VoteRefused, match="already on your ballot"):
            add_project(alice, budget, mine.pk)
        with pytest.raises(VoteRefused, match="not on your ballot"):
            remove_project(alice, budget, theirs.pk)
        assert chosen(alice, budget) == ["Parken"]
        assert not Ballot.objects.filter(budget=other).exists()


def test_submitting_gives_a_receipt_freezes_the_budget_and_mails_it(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = knapsack(min_share=50)
        park = make_project(budget, "Parken", 600_000)
        assert budget.frozen_at is None
        add_project(alice, budget, park.pk)
        ballot = submit_ballot(alice, budget)
        ballot.refresh_from_db()
        budget.refresh_from_db()
        assert ballot.status == Ballot.Status.SUBMITTED
        assert len(ballot.receipt_code) == 14 and ballot.submitted_at is not None
        assert ballot.voter_key == f"account:{alice.pk}"
        assert budget.frozen_at is not None
        action = Action.objects.get(verb="budgets.ballot_submitted")
        # The log names who voted where, never what they chose.
        assert action.data == {"budget": budget.pk} and action.actor_id == alice.pk
        mail = OutgoingMail.objects.get(kind="budget_receipt")
        assert mail.to == [alice.email] and ballot.receipt_code in mail.body_text
        assert "Parken" not in mail.body_text
        with pytest.raises(VoteRefused, match="already voted"):
            submit_ballot(alice, budget)
        with pytest.raises(VoteRefused, match="already voted"):
            add_project(alice, budget, make_project(budget, "Mer", 1).pk)


def test_the_receipt_mail_is_in_the_residents_language(tenant_a):
    swede = make_user("sven@example.org", "Sven", preferred_language="sv")
    with schema_context(tenant_a.schema_name):
        budget = knapsack(min_share=0)
        add_project(swede, budget, make_project(budget, "Parken", 10).pk)
        submit_ballot(swede, budget)
    mail = OutgoingMail.objects.get(kind="budget_receipt")
    # The request's language (English here) does not decide: the resident's does.
    assert mail.body_text.startswith("Hej Sven,")


def test_it_refuses_a_ballot_below_the_least_share(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = knapsack(min_share=70)
        add_project(alice, budget, make_project(budget, "Parken", 100_000).pk)
        with pytest.raises(VoteRefused, match="Spend at least 700,000\u00a0kr"):
            submit_ballot(alice, budget)
        assert current_ballot(alice, budget).status == Ballot.Status.DRAFT
        budget.refresh_from_db()
        assert budget.frozen_at is None
        assert not OutgoingMail.objects.filter(kind="budget_receipt").exists()


def test_an_empty_ballot_cannot_be_submitted(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = knapsack(min_share=0)
        with pytest.raises(VoteRefused, match="Choose at least one project"):
            submit_ballot(alice, budget)
        project = make_project(budget, "Parken", 100)
        add_project(alice, budget, project.pk)
        remove_project(alice, budget, project.pk)
        with pytest.raises(VoteRefused, match="Choose at least one project"):
            submit_ballot(alice, budget)


def test_a_vote_can_be_changed_until_voting_closes(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = knapsack(min_share=0)
        park, lights = make_project(budget, "Parken", 100), make_project(budget, "Ljus", 200)
        add_project(alice, budget, park.pk)
        first = submit_ballot(alice, budget)
        first_code = first.receipt_code
        reopened = reopen_ballot(alice, budget)
        assert reopened.pk == first.pk and reopened.status == Ballot.Status.DRAFT
        assert reopened.receipt_code == ""
        add_project(alice, budget, lights.pk)
        again = submit_ballot(alice, budget)
        assert again.pk == first.pk and again.receipt_code != first_code
        assert chosen(alice, budget) == ["Parken", "Ljus"]
        assert Ballot.objects.filter(budget=budget).count() == 1
        assert OutgoingMail.objects.filter(kind="budget_receipt").count() == 2


def test_a_final_vote_cannot_be_reopened(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"allow_vote_change": False})
        budget = knapsack(component, min_share=0)
        park = make_project(budget, "Parken", 100)
        add_project(alice, budget, park.pk)
        submit_ballot(alice, budget)
        with pytest.raises(VoteRefused, match="final"):
            reopen_ballot(alice, budget)
        with pytest.raises(VoteRefused, match="votes here are final"):
            remove_project(alice, budget, park.pk)
        assert current_ballot(alice, budget).status == Ballot.Status.SUBMITTED


def test_nothing_changes_when_voting_is_closed(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(votes_enabled=False)
        budget = knapsack(component, min_share=0)
        park = make_project(budget, "Parken", 100)
        for action in (add_project, remove_project):
            with pytest.raises(VoteRefused, match="not open in the current phase"):
                action(alice, budget, park.pk)
        with pytest.raises(VoteRefused, match="not open in the current phase"):
            submit_ballot(alice, budget)
        assert not Ballot.objects.exists()
        assert not BallotChoice.objects.exists()


def test_anonymous_visitors_are_asked_to_sign_in(tenant_a):
    from django.contrib.auth.models import AnonymousUser

    with schema_context(tenant_a.schema_name):
        budget = knapsack()
        park = make_project(budget, "Parken", 100)
        with pytest.raises(VoteRefused, match="Sign in"):
            add_project(AnonymousUser(), budget, park.pk)


def test_a_project_withdrawn_after_it_was_added_blocks_submission(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budget = knapsack(min_share=0)
        park = make_project(budget, "Parken", 100)
        add_project(alice, budget, park.pk)
        Project.objects.filter(pk=park.pk).update(status=Project.Status.CANCELLED)
        with pytest.raises(VoteRefused, match="“Parken” is no longer on the ballot"):
            submit_ballot(alice, budget)
        remove_project(alice, budget, park.pk)
