"""Who may vote in which budget: the component's verifications, then its budget mode
(any one, all, own area plus one, only one's own area), each refusal saying why."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from shared_apps.identity.actions import grant_verification
from shared_apps.identity.keys import identity_key
from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area
from tenant_apps.budgets.eligibility import answer_for, user_area
from tenant_apps.budgets.models import Ballot
from tenant_apps.budgets.voting import VoteRefused, add_project, submit_ballot
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


def vote(user, budget) -> Ballot:
    project = budget.projects.first() or make_project(budget, "Parken", 100)
    add_project(user, budget, project.pk)
    return submit_ballot(user, budget)


def area_budgets(mode: str) -> dict[str, Any]:
    ensure_city_vocabularies()
    component = make_budgets_component(settings={"budget_mode": mode})
    budgets = {"city": make_budget(component, title_sv="Hela staden", min_share=0)}
    for slug in ("centrum", "angered", "lundby"):
        area = Area.objects.get(slug=slug)
        budgets[slug] = make_budget(component, title_sv=area.name_sv, area=area, min_share=0)
    return budgets


def test_the_components_verifications_come_first(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component()
        component.permissions = {"vote": {"verifications": ["eid"]}}
        component.save()
        budget = make_budget(component, min_share=0)
        answer = answer_for(alice, budget)
        assert not answer and answer.action.fix == "verify:eid"
        assert answer.reason == "You need to verify your identity first."
        with pytest.raises(VoteRefused, match="verify your identity"):
            add_project(alice, budget, make_project(budget, "Parken", 100).pk)
        grant_verification(alice, "eid", identifier=("se-pnr", "198001010019"))
        assert answer_for(alice, budget)
        ballot = vote(alice, budget)
        # A verified person votes by their identity, not their account.
        assert ballot.voter_key == identity_key("se-pnr", "198001010019")


def test_any_one_budget(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"budget_mode": "any_one"})
        north = make_budget(component, title_sv="Norr", min_share=0)
        south = make_budget(component, title_sv="Söder", min_share=0)
        add_project(alice, south, make_project(south, "Torget", 100).pk)  # a draft is fine
        vote(alice, north)
        answer = answer_for(alice, south)
        assert not answer
        assert answer.reason == (
            "You have already voted in “Norr”; here you vote in one budget only."
        )
        with pytest.raises(VoteRefused, match="one budget only"):
            submit_ballot(alice, south)
        assert answer_for(alice, north)  # its own budget is not "another"


def test_every_budget(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"budget_mode": "all"})
        for title in ("Norr", "Söder"):
            vote(alice, make_budget(component, title_sv=title, min_share=0))
        assert Ballot.objects.filter(status="submitted").count() == 2


def test_own_area_plus_one_other(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budgets = area_budgets("own_area_plus_one")
        grant_verification(alice, "postal_code", attributes={"area": "centrum"}, self_declared=True)
        vote(alice, budgets["angered"])
        answer = answer_for(alice, budgets["lundby"])
        assert not answer
        assert "already voted in “Angered”; besides your own area" in answer.reason
        assert answer_for(alice, budgets["centrum"]) and answer_for(alice, budgets["city"])
        vote(alice, budgets["centrum"])
        vote(alice, budgets["city"])
        with pytest.raises(VoteRefused, match="besides your own area"):
            vote(alice, budgets["lundby"])
        assert set(
            Ballot.objects.filter(status="submitted").values_list("area_slug", flat=True)
        ) == {"centrum"}


def test_only_ones_own_area(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budgets = area_budgets("assigned_area")
        grant_verification(
            alice, "eid", identifier=("se-pnr", "198001010019"), attributes={"area": "angered"}
        )
        answer = answer_for(alice, budgets["centrum"])
        assert not answer
        assert answer.reason == (
            "This budget is for residents of City Centre; you vote in the budget of your own area."
        )
        with pytest.raises(VoteRefused, match="residents of City Centre"):
            vote(alice, budgets["centrum"])
        vote(alice, budgets["angered"])
        vote(alice, budgets["city"])


def test_an_area_budget_needs_a_known_area(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        budgets = area_budgets("assigned_area")
        answer = answer_for(alice, budgets["lundby"])
        assert not answer and "We do not know where you live" in answer.reason
        assert answer_for(alice, budgets["city"])


def test_the_most_trusted_verification_gives_the_area(tenant_a, alice):
    grant_verification(alice, "postal_code", attributes={"area": "lundby"}, self_declared=True)
    assert user_area(alice) == "lundby"
    alice.__dict__.pop("_torget_verifications", None)
    grant_verification(
        alice, "eid", identifier=("se-pnr", "198001010019"), attributes={"area": "angered"}
    )
    assert user_area(alice) == "angered"


def test_a_second_account_of_a_person_who_voted_is_refused(tenant_a, alice, monkeypatch):
    """One person, two accounts (the key moved to a new account): one ballot."""
    from tenant_apps.budgets import eligibility, voting

    second = make_user("alice2@example.org", "Alice again")
    with schema_context(tenant_a.schema_name):
        component = make_budgets_component(settings={"budget_mode": "any_one"})
        budget = make_budget(component, min_share=0)
        other = make_budget(component, title_sv="Norr", min_share=0)
        monkeypatch.setattr(voting, "voter_key", lambda user: "person:alice")
        vote(alice, budget)
        with pytest.raises(VoteRefused, match="already voted in this budget"):
            vote(second, budget)
        # Another budget of an "any one" component is closed to the person too.
        assert not eligibility.answer_for(second, other, key="person:alice")
        assert Ballot.objects.filter(status="submitted").count() == 1
