"""E-proposals in the portal's open API: published ones only, with routing, answer and
follow-up but never the proposer; strict about bad input; the statistics; a fixed
number of queries; a schema that validates."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.eproposals.models import EProposal
from tests.conftest import host_of
from tests.eproposals.factories import make_eproposal
from tests.eproposals.test_stats import (
    ALFA,
    BETA,
    CITY,
    CITY_MEDIAN,
    a_city_of_eproposals,
    decided,
)

pytestmark = pytest.mark.django_db

S = EProposal.Status
PORTAL = "localhost"


def get(client, path, **params):
    client.cookies["django_language"] = "en"  # messages in English
    return client.get(path, params, HTTP_HOST=PORTAL)


def test_only_published_eproposals_are_listed_with_their_whole_public_life(
    client, tenant_a, tenant_b
):
    made = a_city_of_eproposals(tenant_a, tenant_b)
    response = get(client, "/api/v1/e-proposals/")
    assert response.status_code == 200
    data = response.json()
    ids = {row["id"] for row in data["results"]}
    assert data["count"] == 9
    for hidden in ("pending", "declined", "withdrawn_early"):
        assert made[hidden].pk not in ids
    rows = {row["id"]: row for row in data["results"]}
    partly = rows[made["partly"].pk]
    assert partly["url"] == f"http://localhost/e-proposals/{made['partly'].pk}/"
    assert partly["title"] == "Delvis"
    assert partly["body"].startswith("Det behövs fler bänkar")
    assert partly["area"] == {"slug": "centrum", "name": partly["area"]["name"]}
    assert set(partly["area"]["name"]) == {"sv", "en"}
    assert partly["category"]["slug"] == "parker"
    assert partly["status"] == "decided" and partly["supports"] == 200
    assert partly["tenant"] == {
        "slug": "beta",
        "name": {"sv": "Förvaltning beta", "en": "Administration beta"},
    }
    assert partly["decision"] == {
        "outcome": "partly",
        "text": "Beslut om Delvis",
        "date": str(made["partly"].decision_date),
        "minutes_url": "https://example.org/protokoll.pdf",
    }
    assert partly["carried_out_at"] is not None and partly["overdue"] is False
    assert partly["follow_ups"] == [
        {
            "kind": "project",
            "tenant": {
                "slug": "beta",
                "name": {"sv": "Förvaltning beta", "en": "Administration beta"},
            },
            "title": {"sv": "Ny lekplats", "en": "New playground"},
            "url": "http://beta.localhost/budgets/projects/7/",
            "status": "delivered",
        }
    ]
    late = rows[made["late"].pk]
    assert late["overdue"] is True and late["decision"] is None and late["follow_ups"] == []
    assert late["answer_due"] == str(made["late"].answer_due)
    closed = rows[made["closed"].pk]
    assert closed["supports"] == 12 and closed["final_count"] == 12 and closed["tenant"] is None
    # Nobody's name or account: not the proposer, not a staff member.
    text = response.content.decode()
    assert "Petra" not in text and "proposer@example.org" not in text
    assert "author" not in partly and "proposer" not in partly


def test_the_filters_combine(client, tenant_a, tenant_b):
    made = a_city_of_eproposals(tenant_a, tenant_b)

    def ids(**params):
        return {
            row["id"] for row in get(client, "/api/v1/e-proposals/", **params).json()["results"]
        }

    assert ids(status="decided") == {
        made[k].pk for k in ("carried", "rejected", "partly", "approved")
    }
    assert ids(status="decided", tenant="alfa") == {made["carried"].pk, made["rejected"].pk}
    assert ids(tenant="beta", status="investigating") == {made["late"].pk}
    assert ids(year=str(timezone.localdate().year - 1)) == {made["closed"].pk}
    assert ids(q="bifallet") == {made["approved"].pk}
    assert ids(area="centrum", category="parker") == ids()
    assert ids(tenant="finns-inte") == set()
    assert ids(status="closed", fields="id") == {made["closed"].pk}
    only = get(client, "/api/v1/e-proposals/", fields="title,status", status="closed").json()
    assert only["results"] == [{"title": "Stängt förslag", "status": "closed"}]


def test_one_eproposal_and_404_for_one_never_published(client, tenant_a, tenant_b):
    made = a_city_of_eproposals(tenant_a, tenant_b)
    detail = get(client, f"/api/v1/e-proposals/{made['open'].pk}/")
    assert detail.status_code == 200 and detail.json()["title"] == "Öppet förslag"
    for hidden in ("pending", "declined", "withdrawn_early"):
        assert get(client, f"/api/v1/e-proposals/{made[hidden].pk}/").status_code == 404
    assert get(client, "/api/v1/e-proposals/999999/").status_code == 404


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"colour": "red"}, "detail", "Unknown parameter: colour"),
        ({"status": "pending"}, "status", "Choose one of: open, closed"),
        ({"status": "declined"}, "status", "Choose one of"),
        ({"area": "atlantis"}, "area", "There is no such area."),
        ({"category": "x"}, "category", "There is no such category."),
        ({"year": "20x5"}, "year", "Give the year as a number from 2000 to 2100."),
        ({"year": "1800"}, "year", "Give the year as a number from 2000 to 2100."),
        ({"q": " "}, "q", "Give 1 to 200 characters to search for."),
        ({"q": "x" * 201}, "q", "Give 1 to 200 characters to search for."),
        ({"q": "a\x00b"}, "detail", "NUL"),
        ({"fields": "title,author"}, "fields", "Unknown field: author"),
        ({"page": "0"}, "page", "Give the page as a whole number from 1."),
    ],
)
def test_bad_input_is_a_400_that_names_the_problem(client, portal, params, field, words):
    response = get(client, "/api/v1/e-proposals/", **params)
    assert response.status_code == 400
    message = response.json()[field]
    assert words in (message if isinstance(message, str) else " ".join(message))


def test_the_statistics_are_the_figures_of_the_page(client, tenant_a, tenant_b):
    a_city_of_eproposals(tenant_a, tenant_b)
    data = get(client, "/api/v1/e-proposals/statistics/").json()
    assert data["year"] is None
    assert data["city"] == {**CITY, "median_days_to_decision": CITY_MEDIAN}
    alfa = {"slug": "alfa", "name": {"sv": "Förvaltning alfa", "en": "Administration alfa"}}
    beta = {"slug": "beta", "name": {"sv": "Förvaltning beta", "en": "Administration beta"}}
    assert data["tenants"] == [
        {"tenant": alfa, **ALFA, "median_days_to_decision": 12.5},
        {"tenant": beta, **BETA, "median_days_to_decision": 16.0},
    ]
    last_year = timezone.localdate().year - 1
    old = get(client, "/api/v1/e-proposals/statistics/", year=str(last_year)).json()
    assert old["year"] == last_year and old["city"]["submitted"] == 1 and old["tenants"] == []
    assert get(client, "/api/v1/e-proposals/statistics/", year="x").status_code == 400
    assert get(client, "/api/v1/e-proposals/statistics/", page="2").status_code == 400


def test_lists_cost_the_same_queries_for_1_and_50_eproposals(
    client, tenant_a, tenant_b, make_tenant
):
    from shared_apps.eproposals.models import FollowUp

    tenants = [tenant_a, tenant_b, make_tenant("gamma")]
    counts = []
    for size in (1, 50):
        while EProposal.objects.count() < size:
            number = EProposal.objects.count()
            tenant = tenants[number % 3]
            if number % 2:
                made = make_eproposal(title=f"Förslag {number}", tenant=tenant)
            else:
                made = decided(tenant, f"Beslut {number}", EProposal.Decision.APPROVED, 5, 10)
                FollowUp.objects.create(
                    eproposal=made, tenant=tenant, kind="process", object_id=number,
                    title_sv="Process", path="/processes/x/",
                )  # fmt: skip
        for path in ("/api/v1/e-proposals/", "/api/v1/e-proposals/statistics/"):
            get(client, path)  # warm up
            with CaptureQueriesContext(connection) as queries:
                response = get(client, path)
                assert response.status_code == 200
            counts.append((path, len(queries)))
    assert counts[:2] == counts[2:], counts
    assert all(number <= 4 for _path, number in counts), counts


def test_the_eproposal_api_is_not_on_tenant_hosts(client, tenant_a):
    for path in ("/api/v1/e-proposals/", "/api/v1/e-proposals/statistics/"):
        assert client.get(path, HTTP_HOST=host_of(tenant_a)).status_code == 404


def test_the_schema_lists_the_eproposal_endpoints_and_validates(client, portal):
    from drf_spectacular.validation import validate_schema

    schema = client.get("/api/schema/?format=json", HTTP_HOST=PORTAL).json()
    validate_schema(schema)
    for path in (
        "/api/v1/e-proposals/",
        "/api/v1/e-proposals/{id}/",
        "/api/v1/e-proposals/statistics/",
    ):
        assert path in schema["paths"], path
    fields = schema["components"]["schemas"]["EProposal"]["properties"]
    assert "author" not in fields and "proposer" not in fields
