"""The e-proposal archive: filters, sort, pages, cards, and a query budget that does not
grow with the number of e-proposals."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from shared_apps.eproposals.models import EProposal
from tests.eproposals.factories import make_eproposal
from tests.eproposals.pages import get, text

pytestmark = pytest.mark.django_db
S = EProposal.Status


def titles(response) -> list[str]:
    return [eproposal.title for eproposal in response.context["page"].object_list]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_it_lists_public_eproposals_only_with_their_cards(client, portal, tenant_a, language):
    make_eproposal(title="Öppet förslag om bänkar", threshold=200, supports_count=50)
    make_eproposal(title="Väntar på granskning", status=S.PENDING)
    make_eproposal(title="Inte publicerat", status=S.DECLINED)
    make_eproposal(
        title="Sent svar",
        status=S.FORWARDED,
        tenant=tenant_a,
        answer_due=timezone.localdate() - timedelta(days=3),
        final_count=200,
        supports_count=200,
    )
    response = get(client, "/e-proposals/", language)
    assert response.status_code == 200
    body = text(response)
    assert sorted(titles(response)) == ["Sent svar", "Öppet förslag om bänkar"]
    assert "Väntar på granskning" not in body
    assert '<progress max="200" value="50"' in body
    if language == "sv":
        assert "Lämna ett e-förslag" in body or "Submit an e-proposal" in body
    assert ("Answer overdue" in body) or ("försenat" in body.lower())
    assert tenant_a.name in body
    assert "/e-proposals/rules/" in body
    assert "/e-proposals/new/" in body


def test_it_filters_by_status_group_area_category_tenant_year_and_text(
    client, portal, tenant_a, tenant_b
):
    make_eproposal(title="Öppen i centrum", area="centrum", category="parker")
    make_eproposal(
        title="Besvarad",
        status=S.DECIDED,
        decision="approved",
        decision_text="Ja.",
        tenant=tenant_a,
        area="angered",
    )
    make_eproposal(title="Väntar på svar", status=S.RECEIVED, tenant=tenant_b, category=None)
    make_eproposal(title="Stängd", status=S.CLOSED, final_count=12)
    make_eproposal(title="Utgången men öppen", days_left=-1)
    assert titles(get(client, "/e-proposals/?status=open")) == ["Öppen i centrum"]
    assert titles(get(client, "/e-proposals/?status=awaiting")) == ["Väntar på svar"]
    assert titles(get(client, "/e-proposals/?status=answered")) == ["Besvarad"]
    assert sorted(titles(get(client, "/e-proposals/?status=closed"))) == [
        "Stängd",
        "Utgången men öppen",
    ]
    assert titles(get(client, "/e-proposals/?area=angered")) == ["Besvarad"]
    assert "Väntar på svar" not in titles(get(client, "/e-proposals/?category=parker"))
    assert titles(get(client, "/e-proposals/?tenant=beta")) == ["Väntar på svar"]
    assert titles(get(client, "/e-proposals/?q=besvar")) == ["Besvarad"]
    year = timezone.now().year
    assert len(titles(get(client, f"/e-proposals/?year={year}"))) == 5
    assert titles(get(client, f"/e-proposals/?year={year - 3}")) == []
    # Unknown values match nothing or are ignored, never an error.
    assert get(client, "/e-proposals/?status=nej&sort=nej&year=x&page=nej").status_code == 200


def test_it_sorts_by_newest_most_supported_and_closing_soon(client, portal):
    make_eproposal(title="A", supports_count=5, days_left=50)
    make_eproposal(title="B", supports_count=80, days_left=10)
    make_eproposal(title="C", status=S.CLOSED, final_count=40, days_left=-5)
    EProposal.objects.filter(title="A").update(published_at=timezone.now())
    assert titles(get(client, "/e-proposals/?sort=supported")) == ["B", "C", "A"]
    assert titles(get(client, "/e-proposals/?sort=closing")) == ["B", "A", "C"]
    assert titles(get(client, "/e-proposals/"))[0] == "A"


def test_it_pages_with_the_filters_kept(client, portal):
    for number in range(25):
        make_eproposal(title=f"Förslag {number}")
    first = get(client, "/e-proposals/?status=open")
    assert len(titles(first)) == 20
    assert "status=open&amp;sort=newest&amp;page=2" in text(first)
    assert len(titles(get(client, "/e-proposals/?status=open&page=2"))) == 5


def test_its_query_budget_does_not_grow_with_eproposals(
    client, portal, tenant_a, django_assert_max_num_queries
):
    make_eproposal(title="Ett", tenant=tenant_a)
    get(client, "/e-proposals/")
    with CaptureQueriesContext(connection) as few:
        get(client, "/e-proposals/")
    budget = len(few)
    for number in range(29):
        make_eproposal(
            title=f"Förslag {number}", tenant=tenant_a, status=S.FORWARDED if number % 2 else S.OPEN
        )
    get(client, "/e-proposals/")
    with django_assert_max_num_queries(budget):
        response = get(client, "/e-proposals/")
    assert len(titles(response)) == 20


def test_the_list_is_not_on_a_tenant_host(client, tenant_a):
    make_eproposal()
    assert client.get("/e-proposals/", HTTP_HOST="alfa.localhost").status_code == 404
    assert client.get("/e-proposals/rules/", HTTP_HOST="alfa.localhost").status_code == 404
    assert client.get("/e-proposals/new/", HTTP_HOST="alfa.localhost").status_code == 404
