"""Accepted proposals become projects in the budget of their area (else the city-wide
budget, else the first), never in a frozen budget."""

from __future__ import annotations

import pytest
from django.utils import timezone, translation
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.budgets.models import Budget, Project
from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.handover import hand_over, receiving_components
from tenant_apps.proposals.models import ProposalLink
from tests.budgets.factories import make_budget, make_budgets_component
from tests.proposals.factories import make_proposal, make_proposals_component
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def test_accepted_proposals_become_projects_in_the_budget_of_their_area(tenant_a, bob):
    ensure_city_vocabularies()
    north, south = Area.objects.order_by("pk")[:2]
    category = Category.objects.first()
    with schema_context(tenant_a.schema_name):
        process = make_process("budget")
        ideas = make_proposals_component(process)
        budgets = make_budgets_component(process)
        assert receiving_components(ideas) == [budgets]
        city = make_budget(budgets, title_sv="Hela staden")
        local = make_budget(budgets, title_sv="Norr", area=north)
        in_north = make_proposal(
            ideas, None, "Bänkar i norr", state="accepted", answer_cost=50_000, area=north,
            category=category, body="Fler **bänkar**.",
        )  # fmt: skip
        in_south = make_proposal(
            ideas, None, "Träd i söder", state="accepted", answer_cost=80_000, area=south
        )
        make_proposal(ideas, None, "Nej", state="rejected", answer_cost=1)
        links = hand_over(bob, ideas, budgets)
        assert len(links) == 2
        north_project = Project.objects.get(title_sv="Bänkar i norr")
        assert (north_project.budget, north_project.cost) == (local, 50_000)
        assert (north_project.area, north_project.category) == (north, category)
        assert "<strong>bänkar</strong>" in north_project.description_sv
        assert Project.objects.get(title_sv="Träd i söder").budget == city
        link = ProposalLink.objects.get(proposal=in_north)
        assert link.target_key == f"project:{north_project.pk}"
        assert link.path == north_project.get_absolute_url()
        # Twice creates nothing new.
        assert hand_over(bob, ideas, budgets) == []
        assert Project.objects.count() == 2
        assert in_south.links.count() == 1


def test_a_frozen_budget_or_a_missing_cost_refuses_the_whole_handover(tenant_a, bob):
    with schema_context(tenant_a.schema_name):
        process = make_process("budget")
        ideas = make_proposals_component(process)
        budgets = make_budgets_component(process)
        budget = make_budget(budgets)
        make_proposal(ideas, None, "Utan kostnad", state="accepted")
        with pytest.raises(ProposalRefused, match="cost in its answer"):
            hand_over(bob, ideas, budgets)
        ideas.proposals.update(answer_cost=10_000)
        Budget.objects.filter(pk=budget.pk).update(frozen_at=timezone.now())
        with pytest.raises(ProposalRefused, match="takes no new projects"):
            hand_over(bob, ideas, budgets)
        assert not Project.objects.exists() and not ProposalLink.objects.exists()
