"""The portal's list of everything (/processes/): filters, sorting, pages, bad input and
a query budget that does not grow with entries or tenants."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.portal.factories import make_entry

pytestmark = pytest.mark.django_db


def _titles(client, query=""):
    response = client.get(f"/processes/{query}", HTTP_HOST="localhost")
    assert response.status_code == 200, response.content.decode()[:500]
    return [entry.title_sv for entry, _url in response.context["cards"]]


def test_it_filters_by_administration_area_category_type_and_status(client, tenant_a, tenant_b):
    ensure_city_vocabularies()
    today = date.today()
    make_entry(tenant_a, "a-park", title_sv="Parken", areas=["angered"], categories=["parker"])
    make_entry(tenant_a, "a-vote", title_sv="Omröstning", kind="vote")
    make_entry(
        tenant_b, "b-soon", title_sv="Snart", starts=today + timedelta(days=3), areas=["angered"]
    )
    make_entry(
        tenant_b,
        "b-done",
        title_sv="Klar",
        starts=today - timedelta(days=90),
        ends=today - timedelta(days=1),
    )
    assert set(_titles(client)) == {"Parken", "Omröstning", "Snart", "Klar"}
    assert set(_titles(client, "?administration=alfa")) == {"Parken", "Omröstning"}
    assert set(_titles(client, "?area=angered")) == {"Parken", "Snart"}
    assert _titles(client, "?category=parker") == ["Parken"]
    assert _titles(client, "?type=vote") == ["Omröstning"]
    assert set(_titles(client, "?status=active")) == {"Parken", "Omröstning"}
    assert _titles(client, "?status=upcoming") == ["Snart"]
    assert _titles(client, "?status=past") == ["Klar"]
    assert _titles(client, "?administration=beta&area=angered&status=upcoming") == ["Snart"]


def test_it_sorts_by_end_start_title_and_newest(client, tenant_a):
    today = date.today()
    make_entry(tenant_a, "one", title_sv="Björk", ends=today + timedelta(days=20))
    make_entry(tenant_a, "two", title_sv="Al", ends=today + timedelta(days=2))
    make_entry(tenant_a, "three", title_sv="Cypress", ends=today + timedelta(days=9))
    assert _titles(client, "?sort=ending") == ["Al", "Cypress", "Björk"]
    assert _titles(client, "?sort=title") == ["Al", "Björk", "Cypress"]
    assert _titles(client, "?sort=newest") == ["Cypress", "Al", "Björk"]
    assert _titles(client) == ["Cypress", "Al", "Björk"]  # newest is the default


def test_english_titles_sort_with_the_swedish_one_standing_in(client, tenant_a):
    make_entry(tenant_a, "one", title_sv="Ö", title_en="Zebra")
    make_entry(tenant_a, "two", title_sv="Bara svenska", title_en="")
    make_entry(tenant_a, "three", title_sv="Ä", title_en="Apple")
    client.cookies["django_language"] = "en"
    assert _titles(client, "?sort=title") == ["Ä", "Bara svenska", "Ö"]


def test_it_pages_and_a_page_past_the_end_shows_the_last(client, tenant_a):
    for number in range(45):
        make_entry(tenant_a, f"p{number:02d}", title_sv=f"P{number:02d}")
    assert len(_titles(client, "?sort=title")) == 20
    assert _titles(client, "?sort=title&page=3") == [f"P{n}" for n in range(40, 45)]
    assert _titles(client, "?sort=title&page=999") == [f"P{n}" for n in range(40, 45)]
    assert _titles(client, "?sort=title&page=abc")[0] == "P00"
    body = client.get("/processes/?sort=title&type=process", HTTP_HOST="localhost").content
    # The next page keeps the filters and the sort.
    assert b'href="?type=process&amp;sort=title&amp;page=2"' in body


@pytest.mark.parametrize(
    "query",
    [
        "?administration=finns-inte",
        "?area=mars",
        "?category=%00",
        "?type=party",
        "?status=forever",
        "?sort=random",
        "?status=active&sort=" + "x" * 5000,
        "?administration=%F0%9F%98%80",
    ],
)
def test_an_unknown_filter_value_is_a_400_with_a_message_and_no_rows(client, tenant_a, query):
    make_entry(tenant_a, "parken")
    response = client.get(f"/processes/{query}", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert response.context["cards"] == []
    assert "Länken frågar efter något som inte finns" in response.content.decode()
    client.cookies["django_language"] = "en"
    english = client.get(f"/processes/{query}", HTTP_HOST="localhost").content.decode()
    assert "The link asks for something that does not exist" in english


def test_the_query_budget_does_not_grow_with_entries_or_tenants(
    client, make_tenant, django_assert_max_num_queries
):
    ensure_city_vocabularies()
    first = make_tenant("alfa")
    make_entry(first, "one", areas=["angered"])
    client.get("/processes/", HTTP_HOST="localhost")  # looks up the host once
    with CaptureQueriesContext(connection) as few:
        client.get("/processes/?area=angered&sort=ending", HTTP_HOST="localhost")
    # Read at once: the next request empties the connection's query log.
    budget = len(few)
    assert budget <= 6
    for slug in ("beta", "gamma", "delta"):
        tenant = make_tenant(slug)
        for number in range(30):
            make_entry(tenant, f"e{number}", areas=["angered"])
    client.get("/processes/", HTTP_HOST="localhost")  # new tenants: the host is looked up
    with django_assert_max_num_queries(budget):
        response = client.get("/processes/?area=angered&sort=ending", HTTP_HOST="localhost")
    assert len(response.context["cards"]) == 20


def test_a_new_or_suspended_tenant_changes_the_administration_filter_at_once(
    client, make_tenant, django_capture_on_commit_callbacks
):
    from tenants.actions import set_tenant_status
    from tests.conftest import make_user

    alfa = make_tenant("alfa")
    make_entry(alfa, "one", title_sv="Alfas")
    assert _titles(client, "?administration=alfa") == ["Alfas"]  # the options are cached
    with django_capture_on_commit_callbacks(execute=True):
        beta = make_tenant("beta")
    make_entry(beta, "two", title_sv="Betas")
    assert _titles(client, "?administration=beta") == ["Betas"]
    operator = make_user("drift@torget.example", "Drift", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        set_tenant_status(alfa, "suspended", by=operator)
    response = client.get("/processes/?administration=alfa", HTTP_HOST="localhost")
    assert response.status_code == 400
    assert 'value="beta"' in response.content.decode()
