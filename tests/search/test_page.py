"""The /search/ page on the portal host: results linked to the tenant hosts, escaped,
filtered and paged; bad input is a 400; tenant hosts do not have it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.vocabularies.models import Area
from tenants.models import Tenant
from tests.conftest import host_of, tenant_for_module
from tests.search.factories import add_document

pytestmark = pytest.mark.django_db
PORTAL = "localhost"


@pytest.fixture(scope="module")
def tenant_a(django_db_setup: None, django_db_blocker: Any) -> Iterator[Tenant]:
    with tenant_for_module(django_db_blocker) as tenant:
        yield tenant


def get(client, query: dict[str, Any] | str, host: str = PORTAL) -> Any:
    return client.get("/search/", query, HTTP_HOST=host)


def test_it_lists_results_with_links_to_the_tenant_host(client, tenant_a):
    add_document(
        tenant_a, "proposal:1", "Ny cykelbana", body_sv="Längs älven", kind="proposal", path="/p/1/"
    )
    response = get(client, {"q": "cykelbanor"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'href="http://alfa.localhost/p/1/"' in body
    assert "<mark>cykelbana</mark>" in body.lower()
    assert "1 result" in body or "1 träff" in body or "1 resultat" in body
    assert "Förvaltning alfa" in body


def test_a_script_in_a_document_is_shown_escaped(client, tenant_a):
    add_document(tenant_a, "proposal:1", "<script>alert(1)</script> Cykelbana", kind="proposal")
    body = get(client, {"q": "cykelbana"}).content.decode()
    assert "<script>alert(1)" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body


def test_english_visitors_get_english_titles_when_there_are_some(client, tenant_a):
    add_document(
        tenant_a, "process:1", "Lekplatser", title_en="Playgrounds", body_en="For children"
    )
    client.cookies["django_language"] = "en"
    body = get(client, {"q": "lekplats"}).content.decode()
    assert ">Playgrounds</a>" in body
    assert "1 result for" in body


def test_no_results_give_help_and_a_link_without_the_filters(client, tenant_a):
    add_document(tenant_a, "process:1", "Park", areas=["angered"])
    Area.objects.create(slug="majorna", name_sv="Majorna")
    client.cookies["django_language"] = "en"
    body = get(client, {"q": "park", "area": "majorna"}).content.decode()
    assert "0 results for" in body
    assert "Check the spelling" in body
    assert 'href="?q=park"' in body


def test_a_misspelt_query_is_answered_with_similar_titles(client, tenant_a):
    add_document(tenant_a, "process:1", "Ny cykelbana längs älven")
    client.cookies["django_language"] = "en"
    body = get(client, {"q": "cykelbna"}).content.decode()
    assert "No exact matches" in body and "Ny cykelbana" in body


def test_it_pages_and_keeps_the_filters(client, tenant_a):
    for number in range(23):
        add_document(tenant_a, f"process:{number}", f"Park {number}", kind="process")
    client.cookies["django_language"] = "en"
    first = get(client, {"q": "park", "type": "process"}).content.decode()
    assert 'href="?q=park&amp;type=process&amp;page=2"' in first
    second = get(client, {"q": "park", "type": "process", "page": 2}).content.decode()
    assert second.count('class="search-result"') == 3
    past = get(client, {"q": "park", "page": 7})
    assert past.status_code == 200 and "There are no more results" in past.content.decode()


def test_the_query_count_does_not_grow_with_rows(client, tenant_a, make_tenant):
    add_document(tenant_a, "process:0", "Park 0")
    get(client, {"q": "park"})  # the first request also looks up the host

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert get(client, {"q": "park", "tenant": "alfa"}).status_code == 200
        return len(captured)

    few = queries()
    for number in range(1, 40):
        add_document(tenant_a, f"process:{number}", f"Park {number}", areas=[f"a{number % 5}"])
    for slug in ("beta", "gamma"):
        add_document(make_tenant(slug), "process:1", "Park")
    get(client, {"q": "park"})  # new tenants made the host be looked up again
    # search_path, tenants and areas for the filters, the ranked page, its snippets.
    assert queries() == few <= 5


@pytest.mark.parametrize(
    "query",
    [
        {"q": "park", "tenant": "finns-inte"},
        {"q": "park", "area": "'; drop table x"},
        {"q": "park", "type": "ballot"},
        {"q": "park", "page": "0"},
        {"q": "park", "page": "-1"},
        {"q": "park", "page": "abc"},
        {"q": "park", "page": "99999999999999999999999"},
        {"q": "park", "page": "51"},
        {"q": "x" * 201},
        {"q": "park\x00"},
    ],
)
def test_bad_input_is_a_400_with_a_message(client, tenant_a, query):
    client.cookies["django_language"] = "en"
    response = get(client, query)
    assert response.status_code == 400
    assert "The search could not be made" in response.content.decode()


@pytest.mark.parametrize(
    "q", ["park & | !", "'park", '"park"', "park\\", "(park", "park:*", "<->", "☃", "och", ""]
)
def test_operators_quotes_and_backslashes_are_just_text(client, tenant_a, q):
    add_document(tenant_a, "process:1", "Park")
    assert get(client, {"q": q}).status_code == 200


def test_a_suspended_tenant_is_neither_found_nor_offered_as_a_filter(client, tenant_a):
    add_document(tenant_a, "process:1", "Park")
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    client.cookies["django_language"] = "en"
    assert "0 results" in get(client, {"q": "park"}).content.decode()
    assert get(client, {"q": "park", "tenant": "alfa"}).status_code == 400


def test_outsiders_on_a_tenant_host_get_404(client, tenant_a):
    assert get(client, {"q": "park"}, host=host_of(tenant_a)).status_code == 404
    assert get(client, {}, host=host_of(tenant_a)).status_code == 404


def test_the_portal_header_has_a_search_box(client, tenant_a):
    body = client.get("/", HTTP_HOST=PORTAL).content.decode()
    assert 'role="search"' in body and 'action="/search/"' in body
    assert 'action="/search/"' not in client.get("/", HTTP_HOST=host_of(tenant_a)).content.decode()
