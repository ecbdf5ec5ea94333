"""The portal's open API: every tenant's processes in one list, strict about bad input,
a fixed number of queries, and nothing on tenant hosts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.actions import set_space_published
from tenants.models import Tenant
from tenants.roles import grant_role
from tests.conftest import host_of
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db

PORTAL = "localhost"


def publish(tenant, admin, slug, **fields):
    with schema_context(tenant.schema_name):
        process = make_process(slug, published=False, **fields)
        set_space_published(process, True, by=admin)
    return process


def get(client, path, **params):
    client.cookies["django_language"] = "en"  # messages in English
    return client.get(path, params, HTTP_HOST=PORTAL)


def test_active_processes_of_every_tenant_with_tenant_and_absolute_url(
    client, tenant_a, tenant_b, bob, charlie
):
    publish(tenant_a, bob, "parken")
    publish(tenant_b, charlie, "skolan")
    publish(tenant_b, charlie, "sedan", starts=date.today() + timedelta(days=30))
    publish(tenant_b, charlie, "forr", starts=date.today() - timedelta(days=400), days=30)
    response = get(client, "/api/v1/processes/", status="active")
    assert response.status_code == 200
    data = response.json()
    rows = {row["tenant"]["slug"]: row for row in data["results"]}
    assert data["count"] == 2 and set(rows) == {"alfa", "beta"}
    assert rows["alfa"]["tenant"]["name"] == {"sv": "Förvaltning alfa", "en": "Administration alfa"}
    assert rows["alfa"]["url"] == "http://alfa.localhost/processes/parken/"
    assert rows["alfa"]["title"] == {"sv": "Process parken", "en": "Process parken (en)"}
    assert rows["alfa"]["status"] == "active"
    assert rows["alfa"]["phase"]["title"] == {"sv": "Fas 1", "en": "Phase 1"}
    statuses = {
        status: [
            r["url"] for r in get(client, "/api/v1/processes/", status=status).json()["results"]
        ]
        for status in ("upcoming", "past")
    }
    assert statuses == {
        "upcoming": ["http://beta.localhost/processes/sedan/"],
        "past": ["http://beta.localhost/processes/forr/"],
    }
    assert get(client, "/api/v1/processes/").json()["count"] == 4
    only = get(client, "/api/v1/processes/", tenant="alfa", fields="title,url").json()
    assert only["results"] == [
        {"title": {"sv": "Process parken", "en": "Process parken (en)"},
         "url": "http://alfa.localhost/processes/parken/"}
    ]  # fmt: skip


def test_a_suspended_tenant_and_an_unpublished_process_are_not_listed(
    client, tenant_a, tenant_b, bob, charlie
):
    process = publish(tenant_a, bob, "parken")
    publish(tenant_b, charlie, "skolan")
    with schema_context(tenant_a.schema_name):
        set_space_published(process, False, by=bob)
    assert [r["tenant"]["slug"] for r in get(client, "/api/v1/processes/").json()["results"]] == [
        "beta"
    ]
    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.SUSPENDED)
    assert get(client, "/api/v1/processes/").json()["count"] == 0
    assert get(client, "/api/v1/tenants/").json()["results"][0]["slug"] == "alfa"


def test_tenants_with_their_active_process_counts(client, tenant_a, tenant_b, bob):
    publish(tenant_a, bob, "parken")
    publish(tenant_a, bob, "torget")
    publish(tenant_a, bob, "sedan", starts=date.today() + timedelta(days=30))
    data = get(client, "/api/v1/tenants/").json()
    counts = {row["slug"]: row["active_processes"] for row in data["results"]}
    assert counts == {"alfa": 2, "beta": 0}
    detail = get(client, "/api/v1/tenants/alfa/").json()
    assert detail["url"] == "http://alfa.localhost/" and detail["kind"] == "forvaltning"
    assert get(client, "/api/v1/tenants/finns-inte/").status_code == 404


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"colour": "red"}, "detail", "Unknown parameter: colour"),
        ({"status": "open"}, "status", "Choose active, upcoming or past."),
        ({"area": "atlantis"}, "area", "There is no such area."),
        ({"category": "x"}, "category", "There is no such category."),
        ({"fields": "title,secret"}, "fields", "Unknown field: secret"),
        ({"fields": ","}, "fields", "Unknown field"),
        ({"page": "abc"}, "page", "Give the page as a whole number from 1."),
        ({"page": "0"}, "page", "Give the page as a whole number from 1."),
        ({"page_size": "1000"}, "page_size", "Give a page size from 1 to 200."),
    ],
)
def test_bad_input_is_a_400_that_names_the_problem(client, portal, params, field, words):
    response = get(client, "/api/v1/processes/", **params)
    assert response.status_code == 400
    message = response.json()[field]
    assert words in (message if isinstance(message, str) else " ".join(message))


def test_a_page_past_the_end_is_empty(client, tenant_a, bob):
    publish(tenant_a, bob, "parken")
    data = get(client, "/api/v1/processes/", page="9").json()
    assert data["count"] == 1 and data["results"] == [] and data["next"] is None


def test_lists_cost_the_same_queries_for_few_and_many_rows(client, make_tenant, bob):
    counts = []
    for size in (1, 4):
        for number in range(len(counts) * 3, size):
            tenant = make_tenant(f"t{number}x")
            grant_role(tenant, bob, "admin")
            for index in range(3):
                publish(tenant, bob, f"p{index}")
        get(client, "/api/v1/tenants/")  # new tenants: the host is looked up again, once
        for path in ("/api/v1/processes/", "/api/v1/tenants/"):
            with CaptureQueriesContext(connection) as queries:
                assert get(client, path).status_code == 200
            counts.append((path, len(queries)))
    assert counts[:2] == counts[2:], counts
    assert all(number <= 4 for _path, number in counts), counts


def test_calls_votes_and_meetings_list_their_kinds(client, tenant_a):
    today = date.today()
    for kind, key in (("call_for_ideas", "c"), ("vote", "v"), ("meeting", "m")):
        CatalogEntry.objects.create(
            tenant=tenant_a, key=f"component:1:{key}", space_key="process:1", kind=kind,
            title_sv=f"Titel {kind}", path=f"/{key}/", starts=today, ends=today + timedelta(7),
        )  # fmt: skip
    for path, kind in (("calls", "call_for_ideas"), ("votes", "vote"), ("meetings", "meeting")):
        status = "active" if kind == "meeting" else None
        params = {"status": status} if status else {}
        rows = get(client, f"/api/v1/{path}/", **params).json()["results"]
        assert [row["kind"] for row in rows] == [kind], path


def test_the_portal_api_is_not_on_tenant_hosts(client, tenant_a):
    for path in ("/api/v1/tenants/", "/api/v1/calls/", "/api/v1/votes/", "/api/v1/meetings/"):
        assert client.get(path, HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_the_schema_is_valid_openapi_and_the_docs_page_lists_it(client, portal):
    from drf_spectacular.validation import validate_schema

    response = client.get("/api/schema/?format=json", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)
    assert "/api/v1/processes/" in schema["paths"]
    assert schema["info"]["title"] == "Torget city API"
    client.cookies["django_language"] = "en"
    page = client.get("/api/docs/", HTTP_HOST=PORTAL).content.decode()
    assert (
        "GET /api/v1/processes/" in page
        and "http://localhost/api/v1/processes/?status=active" in page
    )


def test_search_finds_stems_across_tenants_and_refuses_bad_input(
    client, tenant_a, tenant_b, bob, charlie
):
    publish(tenant_a, bob, "cykel", title_sv="Nya cykelbanor längs älven")
    publish(tenant_b, charlie, "skolan", title_sv="Skolgården")
    data = get(client, "/api/v1/search/", q="cykelbana").json()
    assert data["count"] == 1 and data["pages"] == 1
    hit = data["results"][0]
    assert hit["tenant"]["slug"] == "alfa" and hit["kind"] == "process"
    assert hit["url"] == "http://alfa.localhost/processes/cykel/"
    assert "<mark>" in hit["title"]
    assert get(client, "/api/v1/search/", q="cykelbana", tenant="beta").json()["count"] == 0
    for params, field in (
        ({}, "q"),
        ({"q": "x" * 201}, "q"),
        ({"q": "park", "kind": "secret"}, "kind"),
        ({"q": "park", "language": "fi"}, "language"),
        ({"q": "park", "page": "51"}, "page"),
        ({"q": "park", "page": "-1"}, "page"),
        ({"q": "park", "colour": "red"}, "detail"),
    ):
        response = get(client, "/api/v1/search/", **params)
        assert response.status_code == 400 and field in response.json(), params
    odd = get(client, "/api/v1/search/", q='"park" & !(x) \\ <script>')
    assert odd.status_code == 200
    assert client.get("/api/v1/search/?q=park", HTTP_HOST=host_of(tenant_a)).status_code == 404
