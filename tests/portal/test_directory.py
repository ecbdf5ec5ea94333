"""The directory of administrations and companies with what is open in each."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tenants.models import Tenant
from tests.portal.factories import make_entry

pytestmark = pytest.mark.django_db


def test_it_lists_ready_tenants_with_their_open_counts_in_one_query(
    client, make_tenant, django_assert_max_num_queries
):
    alfa = make_tenant("alfa")
    beta = make_tenant("beta", kind=Tenant.Kind.COMPANY, name_sv="Bolaget")
    gamma = make_tenant("gamma", name_sv="Vilande")
    Tenant.objects.filter(pk=gamma.pk).update(status=Tenant.Status.SUSPENDED)
    make_entry(alfa, "one")
    make_entry(alfa, "two", kind="vote")
    make_entry(alfa, "old", ends=date.today() - timedelta(days=1))
    make_entry(alfa, "council", kind="assembly", starts=None, ends=None)
    client.get("/administrations/", HTTP_HOST="localhost")
    with django_assert_max_num_queries(3):
        response = client.get("/administrations/", HTTP_HOST="localhost")
    counts = {tenant.slug: tenant.open_count for tenant, _url in response.context["rows"]}
    assert counts == {"alfa": 2, "beta": 0}
    body = response.content.decode()
    assert "Bolaget" in body and "Vilande" not in body
    assert "http://beta.localhost/" in body
    assert beta.kind == Tenant.Kind.COMPANY
