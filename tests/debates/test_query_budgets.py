"""Query budgets: the debate list with 1 and 200 debates, and a debate page with 1 and 200
arguments, cost the same number of queries (tests/spaces/test_query_budgets.py)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tenant_apps.comments.models import Comment
from tenant_apps.debates.models import Debate
from tests.conftest import host_of, make_user, sign_in
from tests.debates.factories import make_argument, make_debate, make_debates_component

pytestmark = pytest.mark.django_db

LIST_CEILING = 12
DETAIL_CEILING = 16


def count_queries(client: Client, url: str, host: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, HTTP_HOST=host)
    assert response.status_code == 200, url
    return len(captured)


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_debate_list_costs_the_same_for_1_and_200_debates(client, tenant_a, alice, signed_in):
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        first = make_debate(component)
        make_argument(first, alice, 1)
    if signed_in:
        sign_in(client, alice)
    host = host_of(tenant_a)
    url = component.get_absolute_url()
    count_queries(client, url, host)  # warm the session and caches
    one = count_queries(client, url, host)
    with schema_context(tenant_a.schema_name):
        Debate.objects.bulk_create(
            Debate(component=component, title_sv=f"Fråga {n}", published=True, position=n)
            for n in range(199)
        )
        Comment.objects.bulk_create(
            Comment(
                component=component, target_type="debate", target_id=debate.pk,
                author=alice, body="Ja", alignment=(n % 3) - 1,
            )
            for n, debate in enumerate(Debate.objects.all())
        )  # fmt: skip
    many = count_queries(client, url, host)
    assert one == many <= LIST_CEILING, (one, many)


@pytest.mark.parametrize("signed_in", [False, True])
def test_a_debate_page_costs_the_same_for_1_and_200_arguments(client, tenant_a, alice, signed_in):
    people = [make_user(f"p{n}@example.org", f"P {n}") for n in range(20)]
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
        make_argument(debate, people[0], 1)
    if signed_in:
        sign_in(client, alice)
    host = host_of(tenant_a)
    url = debate.get_absolute_url()
    count_queries(client, url, host)
    one = count_queries(client, url, host)
    with schema_context(tenant_a.schema_name):
        arguments = Comment.objects.bulk_create(
            Comment(
                component=debate.component, target_type="debate", target_id=debate.pk,
                author=people[n % 20], body=f"Argument {n}", alignment=(n % 3) - 1,
            )
            for n in range(150)
        )  # fmt: skip
        Comment.objects.bulk_create(
            Comment(
                component=debate.component, target_type="debate", target_id=debate.pk,
                author=people[n % 20], body=f"Svar {n}", parent=arguments[n], depth=1,
            )
            for n in range(49)
        )  # fmt: skip
    many = count_queries(client, url, host)
    assert one == many <= DETAIL_CEILING, (one, many)
    filtered = count_queries(client, f"{url}?position=against", host)
    assert filtered == many
