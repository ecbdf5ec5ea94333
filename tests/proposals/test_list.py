"""The proposals list: filters, search, orders (a stable random one), pagination and a
query count that does not grow with the number of proposals."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.proposals.models import Proposal
from tenant_apps.proposals.supports import support
from tenants.models import Tenant
from tests.conftest import host_of, make_user, sign_in, tenant_for_module
from tests.proposals.factories import make_proposal, make_proposals_component

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def titles(response) -> list[str]:
    return [proposal.title for proposal in response.context["page"].object_list]


def listing(client, tenant, component, **params):
    return client.get(component.get_absolute_url(), params, HTTP_HOST=host_of(tenant))


def test_it_filters_by_area_category_state_and_mine(client, tenant_a, alice):
    ensure_city_vocabularies()
    area, other_area = Area.objects.all()[:2]
    category = Category.objects.first()
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        make_proposal(component, alice, "Bänkar vid dammen", area=area, category=category)
        make_proposal(component, None, "Träd på torget", area=other_area, state="accepted")
        make_proposal(component, None, "Dold text", hidden=True)
    sign_in(client, alice)
    assert titles(listing(client, tenant_a, component, area=area.slug)) == ["Bänkar vid dammen"]
    assert titles(listing(client, tenant_a, component, category=category.slug)) == [
        "Bänkar vid dammen"
    ]
    assert titles(listing(client, tenant_a, component, state="accepted")) == ["Träd på torget"]
    assert titles(listing(client, tenant_a, component, state="not_answered")) == [
        "Bänkar vid dammen"
    ]
    assert titles(listing(client, tenant_a, component, mine="1")) == ["Bänkar vid dammen"]
    everything = listing(client, tenant_a, component)
    assert sorted(titles(everything)) == ["Bänkar vid dammen", "Träd på torget"]
    junk = listing(client, tenant_a, component, area="x\x00y", sort="drop table", page="zz")
    assert junk.status_code == 200


def test_it_searches_with_swedish_stemming_and_partial_words(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        from tenant_apps.proposals.actions import _index

        for title, body in [
            ("Cykelbanor längs älven", "Säkrare cykling till jobbet."),
            ("Fler parkbänkar", "Bänkarna vid dammen räcker inte."),
        ]:
            _index(make_proposal(component, None, title, body=body))
    assert titles(listing(client, tenant_a, component, q="bänken")) == ["Fler parkbänkar"]
    assert titles(listing(client, tenant_a, component, q="cykel")) == ["Cykelbanor längs älven"]
    assert titles(listing(client, tenant_a, component, q="nothing-like-it")) == []


def test_it_sorts_by_supports_and_newest(client, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        old = make_proposal(component, None, "Äldst")
        popular = make_proposal(component, None, "Populär")
        make_proposal(component, None, "Nyast")
        support(alice, popular)
        Proposal.objects.filter(pk=old.pk).update(created="2020-01-01T00:00Z")
    assert titles(listing(client, tenant_a, component, sort="supported"))[0] == "Populär"
    assert titles(listing(client, tenant_a, component, sort="newest"))[-1] == "Äldst"


def test_the_random_order_is_stable_per_visitor_across_pages(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"per_page": 5})
        for number in range(12):
            make_proposal(component, None, f"Förslag {number:02}")
    first = [titles(listing(client, tenant_a, component, page=n)) for n in (1, 2, 3)]
    again = [titles(listing(client, tenant_a, component, page=n)) for n in (1, 2, 3)]
    assert first == again
    seen = [title for page in first for title in page]
    assert sorted(seen) == [f"Förslag {n:02}" for n in range(12)]
    other_orders = {tuple(titles(listing(Client(), tenant_a, component))) for _ in range(4)}
    assert len(other_orders) > 1


@pytest.mark.parametrize("sort", ["random", "supported", "newest", "commented"])
def test_the_list_costs_the_same_queries_for_5_or_60_proposals(
    client, tenant_a, django_assert_max_num_queries, sort
):
    ensure_city_vocabularies()
    area = Area.objects.first()
    resident = make_user("berit@example.com", "Berit")
    sign_in(client, resident)
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"per_page": 100})
        for number in range(5):
            make_proposal(component, resident, f"Förslag {number}", area=area)
    listing(client, tenant_a, component, sort=sort)  # warm the session and caches
    with django_assert_max_num_queries(24) as small:
        listing(client, tenant_a, component, sort=sort)
    with schema_context(tenant_a.schema_name):
        for number in range(55):
            proposal = make_proposal(component, resident, f"Mer {number}", area=area)
            if number % 5 == 0:
                support(resident, proposal)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = listing(client, tenant_a, component, sort=sort)
    assert len(response.context["page"].object_list) == 60
