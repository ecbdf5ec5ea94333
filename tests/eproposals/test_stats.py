"""Public statistics of e-proposals: every figure of a hand-made city checked exactly
(the medians with an even number of values, on PostgreSQL), the year filter, the page in
both languages, a fixed number of queries, and nothing on tenant hosts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.eproposals import stats
from shared_apps.eproposals.models import EProposal, Event, FollowUp
from tests.conftest import host_of, make_user
from tests.eproposals.factories import make_eproposal

pytestmark = pytest.mark.django_db

S = EProposal.Status
D = EProposal.Decision
PORTAL = "localhost"


def decided(tenant: Any, title: str, decision: str, days: int, ago: int, **fields: Any):
    """A decided e-proposal that took `days` from its threshold to the decision."""
    now = timezone.now()
    return make_eproposal(
        fields.pop("author", None),
        status=S.DECIDED,
        title=title,
        tenant=tenant,
        threshold_reached_at=now - timedelta(days=ago),
        decided_at=now - timedelta(days=ago - days),
        final_count=200,
        decision=decision,
        decision_text=f"Beslut om {title}",
        decision_date=timezone.localdate() - timedelta(days=ago - days),
        minutes_url="https://example.org/protokoll.pdf",
        forwarded_at=now - timedelta(days=ago),
        **fields,
    )


def a_city_of_eproposals(tenant_a: Any, tenant_b: Any) -> dict[str, EProposal]:
    """Twelve e-proposals in every state, across alfa and beta (see the figures below)."""
    author = make_user("proposer@example.org", "Petra Proposer")
    now, today = timezone.now(), timezone.localdate()
    made = {
        "pending": make_eproposal(author, status=S.PENDING, title="Väntar på granskning"),
        "declined": make_eproposal(author, status=S.DECLINED, title="Hemligt avböjt förslag"),
        "open": make_eproposal(author, title="Öppet förslag", tenant=tenant_a),
        # Submitted last year: left out of this year's figures.
        "closed": make_eproposal(
            author,
            status=S.CLOSED,
            title="Stängt förslag",
            final_count=12,
            closed_at=now - timedelta(days=300),
            created=now - timedelta(days=400),
        ),
        "carried": decided(
            tenant_a, "Genomfört", D.APPROVED, 10, 30, author=author, carried_out_at=now
        ),
        "rejected": decided(tenant_a, "Avslaget", D.REJECTED, 15, 40),
        "late": make_eproposal(
            status=S.INVESTIGATING,
            title="Sent svar",
            tenant=tenant_b,
            threshold_reached_at=now - timedelta(days=100),
            final_count=200,
            answer_due=today - timedelta(days=3),
        ),
        "waiting": make_eproposal(
            status=S.FORWARDED,
            title="Skickat vidare",
            tenant=tenant_b,
            threshold_reached_at=now - timedelta(days=5),
            final_count=200,
            answer_due=today + timedelta(days=10),
        ),
        "partly": decided(tenant_b, "Delvis", D.PARTLY, 20, 50, carried_out_at=now),
        "approved": decided(tenant_b, "Bifallet", D.APPROVED, 12, 20),
        "withdrawn_early": make_eproposal(
            author, status=S.WITHDRAWN, title="Tillbakadraget före granskning"
        ),
        "expired": make_eproposal(title="Utgånget men inte stängt", days_left=-1),
    }
    # make_eproposal publishes every status but pending and declined: unpublish the one
    # withdrawn while awaiting review.
    EProposal.objects.filter(pk=made["withdrawn_early"].pk).update(
        published_at=None, support_ends=None
    )
    Event.objects.create(
        eproposal=made["declined"], kind=Event.Kind.DECLINED, reason="Hemligt skäl"
    )
    Event.objects.create(
        eproposal=made["late"], kind=Event.Kind.REROUTED, tenant=tenant_b, reason="Fel förvaltning"
    )
    FollowUp.objects.create(
        eproposal=made["partly"],
        tenant=tenant_b,
        kind=FollowUp.Kind.PROJECT,
        object_id=7,
        title_sv="Ny lekplats",
        title_en="New playground",
        path="/budgets/projects/7/",
        status="delivered",
    )
    return made


CITY = {
    "submitted": 12,
    "published": 9,  # not pending, declined or withdrawn before review
    "over_threshold": 6,
    "decided": 4,
    "approved": 3,  # approved twice, partly once
    "carried_out": 2,
    "closed": 1,
    "open": 1,  # the expired one awaits the periodic close
    "awaiting": 2,
    "overdue": 1,
}
# Days from threshold to decision: alfa 10 and 15, beta 20 and 12; city 10, 12, 15, 20.
CITY_MEDIAN = 13.5
ALFA = {"routed": 3, "over_threshold": 2, "decided": 2, "carried_out": 1, "overdue": 0}
BETA = {"routed": 4, "over_threshold": 4, "decided": 2, "carried_out": 1, "overdue": 1}


def test_every_figure_of_the_city_and_each_administration_is_exact(tenant_a, tenant_b):
    a_city_of_eproposals(tenant_a, tenant_b)
    city = stats.city_figures()
    assert {name: city.figures[name] for name in stats.FIGURES} == CITY
    assert city.overdue == 1 and city.median_days == CITY_MEDIAN
    rows = stats.per_tenant()
    assert [row.tenant.slug for row in rows] == ["alfa", "beta"]
    alfa, beta = rows
    assert {name: alfa.figures[name] for name in stats.TENANT_FIGURES} == ALFA
    assert {name: beta.figures[name] for name in stats.TENANT_FIGURES} == BETA
    # percentile_cont: the mean of the two middle values.
    assert (alfa.median_days, beta.median_days) == (12.5, 16.0)
    assert alfa.figures["median_to_decision"] == timedelta(days=12, hours=12)


def test_a_year_counts_the_eproposals_submitted_that_year(tenant_a, tenant_b):
    a_city_of_eproposals(tenant_a, tenant_b)
    this_year = timezone.localdate().year
    city = stats.city_figures(year=this_year)
    assert city.figures["submitted"] == 11 and city.figures["closed"] == 0
    assert city.figures["published"] == 8
    assert stats.city_figures(year=this_year - 1).figures["submitted"] == 1
    assert stats.city_figures(year=1999).figures["submitted"] == 0
    assert stats.city_figures(year=1999).median_days is None
    assert stats.years() == [this_year, this_year - 1]
    # Or any queryset: the figures of the public ones only.
    assert stats.city_figures(stats.public_eproposals()).figures["submitted"] == 9
    assert [row.tenant.slug for row in stats.per_tenant(year=this_year - 1)] == []


def test_with_nothing_yet_every_figure_is_zero(portal):
    city = stats.city_figures()
    assert {name: city.figures[name] for name in stats.FIGURES} == dict.fromkeys(stats.FIGURES, 0)
    assert city.median_days is None and stats.per_tenant() == []


def figure(page: str, name: str) -> str:
    row = page.split(f'id="figure-{name}"', 1)[1].split("</tr>", 1)[0]
    return row.split("<td>", 1)[1].split("</td>", 1)[0]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_page_shows_the_figures_with_what_they_count(client, tenant_a, tenant_b, language):
    a_city_of_eproposals(tenant_a, tenant_b)
    client.cookies["django_language"] = language
    response = client.get("/e-proposals/statistics/", HTTP_HOST=PORTAL)
    assert response.status_code == 200
    page = response.content.decode()
    for name, value in CITY.items():
        assert figure(page, name) == str(value), name
    assert figure(page, "median") in ("13.5", "13,5")
    assert "<caption>" in page and 'scope="row"' in page and 'scope="col"' in page
    names = (
        ("Förvaltning alfa", "Förvaltning beta")
        if language == "sv"
        else ("Administration alfa", "Administration beta")
    )
    assert page.index(names[0]) < page.index(names[1])
    assert "/open-data/" in page and "/api/v1/e-proposals/statistics/" in page
    if language == "en":
        assert "Every e-proposal sent in, also those not published." in page
    # No proposer, and no title of an e-proposal never published.
    assert "Petra" not in page and "Hemligt" not in page


def test_the_page_filters_by_year_and_ignores_an_unknown_one(client, tenant_a, tenant_b):
    a_city_of_eproposals(tenant_a, tenant_b)
    year = timezone.localdate().year
    page = client.get(f"/e-proposals/statistics/?year={year}", HTTP_HOST=PORTAL).content.decode()
    assert figure(page, "submitted") == "11" and f'value="{year}" selected' in page
    for odd in ("1999", "abc", "", "2024x"):
        page = client.get("/e-proposals/statistics/", {"year": odd}, HTTP_HOST=PORTAL)
        assert page.status_code == 200 and figure(page.content.decode(), "submitted") == "12"


def test_the_page_costs_the_same_queries_for_1_and_50_eproposals(
    client, tenant_a, tenant_b, make_tenant
):
    tenants = [tenant_a, tenant_b, make_tenant("gamma")]
    counts = []
    for size in (1, 50):
        while EProposal.objects.count() < size:
            number = EProposal.objects.count()
            if number % 2:
                decided(tenants[number % 3], f"Beslut {number}", D.APPROVED, 5, 10)
            else:
                make_eproposal(title=f"Förslag {number}", tenant=tenants[number % 3])
        client.get("/e-proposals/statistics/", HTTP_HOST=PORTAL)  # warm up
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/e-proposals/statistics/", HTTP_HOST=PORTAL).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 6, counts


def test_the_page_is_only_on_the_portal(client, tenant_a):
    assert client.get("/e-proposals/statistics/", HTTP_HOST=host_of(tenant_a)).status_code == 404
