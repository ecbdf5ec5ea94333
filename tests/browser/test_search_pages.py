"""City-wide search in Chromium: the form works without JavaScript, results lead to the
tenant host, and the page passes axe with results, without results and with bad input,
in Swedish and English."""

from __future__ import annotations

import pytest

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.conftest import LIVE_DB, assert_accessible
from tests.search.factories import add_document

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_searching_without_javascript_finds_and_links_to_the_tenant(live_server, page, tenant_a):
    add_document(
        tenant_a,
        "proposal:1",
        "Ny cykelbana längs älven",
        title_en="A new cycle path by the river",
        body_sv="Vi vill cykla tryggt <script>alert(1)</script> till skolan.",
        kind="proposal",
        path="/processes/parken/",
    )
    page.goto(live_server.url + "/")
    page.get_by_role("search").get_by_role("searchbox").fill("cykelbanor")
    page.get_by_role("search").get_by_role("button").click()
    assert page.url.startswith(live_server.url + "/search/?q=cykelbanor")
    link = page.get_by_role("link", name="Ny cykelbana längs älven")
    assert link.get_attribute("href").startswith("http://alfa.localhost:")
    assert page.locator("mark").first.inner_text().lower() == "cykelbana"
    assert page.locator("script", has_text="alert(1)").count() == 0


def test_the_search_page_passes_axe(live_server, browser, tenant_a):
    ensure_city_vocabularies()
    add_document(
        tenant_a,
        "process:1",
        "Parken vid dammen",
        title_en="The park by the pond",
        body_sv="Nya bänkar och träd",
        body_en="New benches and trees",
        areas=["angered"],
    )
    add_document(
        tenant_a, "proposal:2", "Fler bänkar", body_sv="Vid lekplatsen i parken", kind="proposal"
    )
    pages = [
        "/search/",
        "/search/?q=parken",
        "/search/?q=parken&type=proposal",
        "/search/?q=prken",
        "/search/?q=zzyzx",
        "/search/?q=parken&type=finns-inte",
    ]
    for language in ("sv", "en"):
        for path in pages:
            assert_accessible(browser, live_server.url + path, language=language)
