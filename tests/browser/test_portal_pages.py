"""Every portal page passes axe in Swedish and English, and works without JavaScript."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import override_settings

from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.conftest import LIVE_DB, assert_accessible
from tests.portal.factories import make_entry

pytestmark = [LIVE_DB, pytest.mark.browser]

PAGES = [
    "/", "/processes/", "/processes/?type=process&status=active&sort=ending",
    "/processes/?area=mars", "/administrations/", "/calendar/", "/calendar/?month=nej",
    "/map/",
]  # fmt: skip


def _city(tenant_a, tenant_b):
    ensure_city_vocabularies()
    today = date.today()
    make_entry(tenant_a, "v", kind="vote", title_sv="Rösta om parken", title_en="Vote")
    make_entry(tenant_a, "c", kind="call_for_ideas", title_sv="Idéer för torget")
    make_entry(
        tenant_a, "p", title_sv="Parken", phase_sv="Idéer", phase_en="Ideas",
        phase_starts=today, phase_ends=today + timedelta(days=9), areas=["angered"],
        latitude=57.78, longitude=12.0,
    )  # fmt: skip
    make_entry(tenant_b, "m", kind="meeting", title_sv="Dialogmöte", starts=today, ends=today)
    make_entry(tenant_b, "s", title_sv="Snart", starts=today + timedelta(days=4), title_en="")


def test_the_portal_pages_pass_axe(live_server, browser, tenant_a, tenant_b):
    _city(tenant_a, tenant_b)
    for language in ("sv", "en"):
        for path in PAGES:
            assert_accessible(browser, live_server.url + path, language=language)


def test_the_map_with_tiles_passes_axe(live_server, browser, tenant_a, tenant_b):
    _city(tenant_a, tenant_b)
    # Tiles from the live server itself (404 images): nothing is fetched from outside.
    with override_settings(PORTAL_MAP_TILE_URL=live_server.url + "/static/tiles/{z}/{x}/{y}.png"):
        for language in ("sv", "en"):
            assert_accessible(browser, live_server.url + "/map/", language=language)


def test_the_filters_work_without_javascript(live_server, page, tenant_a, tenant_b):
    _city(tenant_a, tenant_b)
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Huvudmeny").get_by_role("link").first.click()
    page.select_option("#filter-administration", "beta")
    page.select_option("#filter-sort", "title")
    page.get_by_role("button", name="Visa").click()
    assert "administration=beta" in page.url
    titles = page.locator(".card-list h2").all_inner_texts()
    assert titles == ["Dialogmöte", "Snart"]
