"""Supports and likes: limits, the minimum per resident, thresholds and closed phases."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.models import Proposal, Support
from tenant_apps.proposals.supports import support, toggle_like, withdraw_support
from tenants.models import Tenant
from tests.conftest import host_of, make_user, sign_in, tenant_for_module
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    with translation.override("en"):
        yield


def counts(*proposals: Proposal) -> list[int]:
    return [Proposal.objects.get(pk=p.pk).supports_count for p in proposals]


def test_it_counts_a_support_once_and_takes_it_back(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), None)
        support(alice, proposal)
        assert counts(proposal) == [1]
        with pytest.raises(ProposalRefused, match="already support"):
            support(alice, proposal)
        withdraw_support(alice, proposal)
        assert counts(proposal) == [0]
        with pytest.raises(ProposalRefused, match="do not support"):
            withdraw_support(alice, proposal)


def test_it_keeps_to_the_limit_per_resident(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"support_limit": 2})
        first, second, third = (make_proposal(component, None, f"Förslag {n}") for n in range(3))
        support(alice, first)
        support(alice, second)
        with pytest.raises(ProposalRefused, match="used all your 2 supports"):
            support(alice, third)
        withdraw_support(alice, first)
        support(alice, third)
        assert counts(first, second, third) == [0, 1, 1]


def test_supports_count_only_once_a_resident_reaches_the_minimum(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"minimum_supports": 3})
        proposals = [make_proposal(component, None, f"Förslag {n}") for n in range(3)]
        support(alice, proposals[0])
        support(alice, proposals[1])
        assert counts(*proposals) == [0, 0, 0]
        assert not Support.objects.filter(counted=True).exists()
        support(alice, proposals[2])
        assert counts(*proposals) == [1, 1, 1]
        # Falling below the minimum again takes all of them out of the count.
        withdraw_support(alice, proposals[0])
        assert counts(*proposals) == [0, 0, 0]
        assert Support.objects.filter(user=alice).count() == 2


def test_it_stops_at_the_threshold_when_told_to(tenant_a, alice):
    bob_resident = make_user("berit@example.com", "Berit")
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(
            settings={"support_threshold": 1, "supports_beyond_threshold": False}
        )
        proposal = make_proposal(component, None)
        support(alice, proposal)
        with pytest.raises(ProposalRefused, match="already reached"):
            support(bob_resident, proposal)


@pytest.mark.parametrize("gate", ["supports_enabled", "likes_enabled"])
def test_it_refuses_in_a_closed_phase(tenant_a, alice, gate):
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(**{gate: False}), None)
        act = support if gate == "supports_enabled" else toggle_like
        with pytest.raises(ProposalRefused, match="not open in the current phase"):
            act(alice, proposal)
        assert not Support.objects.exists()


def test_it_refuses_withdrawn_hidden_and_rejected_proposals(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        cases = {
            "withdrawn": make_proposal(component, None, "Ett", withdrawn_at="2026-01-01T00:00Z"),
            "hidden": make_proposal(component, None, "Två", hidden=True),
            "rejected": make_proposal(component, None, "Tre", state="rejected"),
        }
        for word, proposal in cases.items():
            with pytest.raises(ProposalRefused, match=word):
                support(alice, proposal)


def test_likes_toggle(tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        proposal = make_proposal(make_proposals_component(), None)
        assert toggle_like(alice, proposal) is True
        assert Proposal.objects.get(pk=proposal.pk).likes_count == 1
        assert toggle_like(alice, proposal) is False
        assert Proposal.objects.get(pk=proposal.pk).likes_count == 0


def test_the_support_form_works_without_javascript(client, tenant_a, alice):
    client.cookies["django_language"] = "en"
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"support_limit": 3})
        proposal = make_proposal(component, None)
    sign_in(client, alice)
    host = host_of(tenant_a)
    url = proposal.get_absolute_url()
    response = client.post(f"{url}support/", HTTP_HOST=host, follow=True)
    body = response.content.decode()
    assert "Thank you for your support." in body
    assert "Withdraw my support" in body
    assert "You have used 1 of your 3 supports." in body
    response = client.post(f"{url}support/", {"withdraw": "1"}, HTTP_HOST=host, follow=True)
    assert "Your support is withdrawn." in response.content.decode()
    response = client.post(f"{url}like/", HTTP_HOST=host, follow=True)
    assert "You like this proposal." in response.content.decode()
