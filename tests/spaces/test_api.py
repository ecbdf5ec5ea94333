"""The tenant's process API answers by the same rules as the pages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from tests.conftest import host_of, sign_in_with_two_factor
from tests.spaces.factories import make_component, make_process

pytestmark = pytest.mark.django_db


def test_it_lists_published_processes_with_phases_and_published_components(client, tenant_a):
    with schema_context(tenant_a.schema_name):
        process = make_process("parken")
        make_component(process, "pages", name_sv="Om parken")
        make_component(process, "news", published=False)
        make_process("utkast", published=False)
    response = client.get("/api/processes/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    row = data["results"][0]
    assert row["slug"] == "parken"
    assert row["title"] == {"sv": "Process parken", "en": "Process parken (en)"}
    assert row["status"] == "active"
    assert [phase["is_active"] for phase in row["phases"]] == [True, False]
    assert [component["name"]["sv"] for component in row["components"]] == ["Om parken"]
    assert row["components"][0]["url"].startswith("/processes/parken/pages/")


def test_unpublished_processes_are_404_except_for_the_tenants_staff(
    client, tenant_a, alice, bob, charlie
):
    with schema_context(tenant_a.schema_name):
        make_process("utkast", published=False)
    host = host_of(tenant_a)
    assert client.get("/api/processes/utkast/", HTTP_HOST=host).status_code == 404
    for outsider in (alice, charlie):
        client.force_login(outsider)
        assert client.get("/api/processes/utkast/", HTTP_HOST=host).status_code == 404
    sign_in_with_two_factor(client, bob)
    assert client.get("/api/processes/utkast/", HTTP_HOST=host).json()["published"] is False


def test_another_tenants_host_does_not_know_the_process(client, tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        make_process("parken")
    assert client.get("/api/processes/parken/", HTTP_HOST=host_of(tenant_b)).status_code == 404
    assert client.get("/api/processes/", HTTP_HOST=host_of(tenant_b)).json()["count"] == 0


def test_the_list_costs_the_same_for_1_and_40_processes(client, tenant_a):
    host = host_of(tenant_a)
    client.get("/api/processes/", HTTP_HOST=host)  # looks up the host once (tenants.routing)
    counts = []
    for size in (1, 40):
        with schema_context(tenant_a.schema_name):
            for number in range(size - len(counts) * 1):
                process = make_process(f"p-{size}-{number}")
                make_component(process, "pages")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/processes/", HTTP_HOST=host).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12


def test_it_publishes_an_openapi_schema(client, tenant_a):
    response = client.get("/api/schema/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    assert b"/api/processes/{slug}/" in response.content
