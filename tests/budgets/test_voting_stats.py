"""Participation figures of a budget for the staff pages, in a fixed number of queries."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenant_apps.budgets.models import Ballot
from tenant_apps.budgets.stats import completion
from tests.budgets.factories import make_budget, make_budgets_component
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def ballots(budget, specs) -> None:
    for number, (status, channel, area) in enumerate(specs):
        user = make_user(f"v{budget.pk}-{number}@example.org", "Väljare")
        Ballot.objects.create(
            budget=budget,
            user=user,
            status=status,
            channel=channel,
            area_slug=area,
            voter_key=f"account:{user.pk}" if status == "submitted" else "",
        )


def test_it_counts_drafts_channels_and_areas(tenant_a, django_assert_num_queries):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component())
        empty = completion(budget)
        assert empty["drafts"] == empty["submitted"] == 0 and empty["completion_rate"] is None
        assert empty["by_area"] == []
        ballots(
            budget,
            [
                ("draft", "online", ""),
                ("submitted", "online", "centrum"),
                ("submitted", "online", "centrum"),
                ("submitted", "online", ""),
                ("submitted", "paper", "angered"),
                ("submitted", "assisted", "angered"),
                ("submitted", "paper", "angered"),
            ],
        )
        with django_assert_num_queries(3):
            figures = completion(budget)
    assert figures["drafts"] == 1 and figures["submitted"] == 6
    assert (figures["online"], figures["paper"], figures["assisted"]) == (3, 2, 1)
    assert figures["completion_rate"] == 0.75
    assert [(row["slug"], row["submitted"]) for row in figures["by_area"]] == [
        ("angered", 3),
        ("centrum", 2),
        ("", 1),
    ]
    assert figures["by_area"][0]["name"] == "Angered"


def test_the_query_count_does_not_grow(tenant_a, django_assert_num_queries):
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        budget = make_budget(make_budgets_component())
        areas = ["centrum", "angered", "lundby", "majorna-linne", ""]
        ballots(budget, [("submitted", "online", areas[n % 5]) for n in range(25)])
        with django_assert_num_queries(3):
            figures = completion(budget)
    assert len(figures["by_area"]) == 5
