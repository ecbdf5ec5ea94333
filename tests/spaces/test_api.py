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
    response = client.get("/api/v1/processes/", HTTP_HOST=host_of(tenant_a))
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
    assert client.get("/api/v1/processes/utkast/", HTTP_HOST=host).status_code == 404
    for outsider in (alice, charlie):
        client.force_login(outsider)
        assert client.get("/api/v1/processes/utkast/", HTTP_HOST=host).status_code == 404
    sign_in_with_two_factor(client, bob)
    assert client.get("/api/v1/processes/utkast/", HTTP_HOST=host).json()["published"] is False


def test_another_tenants_host_does_not_know_the_process(client, tenant_a, tenant_b):
    with schema_context(tenant_a.schema_name):
        make_process("parken")
    assert client.get("/api/v1/processes/parken/", HTTP_HOST=host_of(tenant_b)).status_code == 404
    assert client.get("/api/v1/processes/", HTTP_HOST=host_of(tenant_b)).json()["count"] == 0


def test_the_list_costs_the_same_for_1_and_40_processes(client, tenant_a):
    host = host_of(tenant_a)
    client.get("/api/v1/processes/", HTTP_HOST=host)  # looks up the host once (tenants.routing)
    counts = []
    for size in (1, 40):
        with schema_context(tenant_a.schema_name):
            for number in range(size - len(counts) * 1):
                process = make_process(f"p-{size}-{number}")
                make_component(process, "pages")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/processes/", HTTP_HOST=host).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[0] <= 12


def test_it_publishes_an_openapi_schema(client, tenant_a):
    response = client.get("/api/schema/", HTTP_HOST=host_of(tenant_a))
    assert response.status_code == 200
    assert b"/api/v1/processes/{slug}/" in response.content


def test_proposals_and_projects_of_published_components_only_without_authors(
    client, tenant_a, tenant_b, alice
):
    from tests.budgets.factories import make_budget, make_budgets_component, make_project
    from tests.proposals.factories import make_proposal, make_proposals_component

    with schema_context(tenant_a.schema_name):
        ideas = make_proposals_component(answers_published=False)
        shown = make_proposal(ideas, alice, "Fler bänkar", state="accepted")
        make_proposal(ideas, alice, "Dold", hidden=True)
        hidden_component = make_proposals_component(make_process("utkast"))
        hidden_component.published = False
        hidden_component.save()
        make_proposal(hidden_component, alice, "I ett opublicerat")
        budget = make_budget(make_budgets_component())
        project = make_project(budget, "Lekplats", 300_000)
    with schema_context(tenant_b.schema_name):
        others = make_proposals_component()
        for number in range(5):  # ids are per schema: past tenant A's
            make_proposal(others, alice, f"Betas förslag {number}")
    host = host_of(tenant_a)
    rows = client.get("/api/v1/proposals/", HTTP_HOST=host).json()["results"]
    assert [row["title"] for row in rows] == ["Fler bänkar"]
    assert rows[0]["state"] is None  # answers are not published in this component
    assert "author" not in rows[0] and "Alice" not in str(rows)
    assert rows[0]["url"] == f"{ideas.get_absolute_url()}{shown.pk}/"
    assert client.get(f"/api/v1/proposals/{shown.pk}/", HTTP_HOST=host).status_code == 200
    projects = client.get("/api/v1/projects/", HTTP_HOST=host).json()["results"]
    assert [(p["title"]["sv"], p["cost"], p["budget"]["id"]) for p in projects] == [
        ("Lekplats", 300_000, budget.pk)
    ]
    assert projects[0]["url"].endswith(f"/{budget.pk}/projects/{project.pk}/")
    # Another tenant's proposal is not found here; bad input is a 400.
    with schema_context(tenant_b.schema_name):
        from tenant_apps.proposals.models import Proposal

        beta = Proposal.objects.order_by("pk").last()
    assert client.get(f"/api/v1/proposals/{beta.pk}/", HTTP_HOST=host).status_code == 404
    assert client.get("/api/v1/proposals/?component=x", HTTP_HOST=host).status_code == 400
    assert client.get("/api/v1/projects/?colour=red", HTTP_HOST=host).status_code == 400


def test_published_answers_show_their_state(client, tenant_a, alice):
    from tests.proposals.factories import make_proposal, make_proposals_component

    with schema_context(tenant_a.schema_name):
        ideas = make_proposals_component(answers_published=True)
        make_proposal(ideas, alice, "Fler bänkar", state="accepted")
    rows = client.get(f"/api/v1/proposals/?component={ideas.pk}", HTTP_HOST=host_of(tenant_a))
    assert [row["state"] for row in rows.json()["results"]] == ["accepted"]


def test_resource_lists_cost_the_same_for_few_and_many_rows(client, tenant_a, alice):
    from tests.proposals.factories import make_proposal, make_proposals_component

    host = host_of(tenant_a)
    client.get("/api/v1/proposals/", HTTP_HOST=host)
    counts = []
    with schema_context(tenant_a.schema_name):
        components = [make_proposals_component(make_process(f"p{n}")) for n in range(3)]
    for size in (1, 8):
        with schema_context(tenant_a.schema_name):
            for component in components:
                for number in range(len(counts), size):
                    make_proposal(component, alice, f"Förslag {number}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/proposals/", HTTP_HOST=host).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_tenant_api_has_its_own_schema_and_docs(client, tenant_a):
    from drf_spectacular.validation import validate_schema

    host = host_of(tenant_a)
    schema = client.get("/api/schema/?format=json", HTTP_HOST=host).json()
    validate_schema(schema)
    assert {"/api/v1/processes/", "/api/v1/proposals/", "/api/v1/projects/"} <= set(schema["paths"])
    assert "/api/v1/tenants/" not in schema["paths"]
    page = client.get("/api/docs/", HTTP_HOST=host).content.decode()
    assert "GET /api/v1/proposals/" in page and "/api/v1/tenants/" not in page
