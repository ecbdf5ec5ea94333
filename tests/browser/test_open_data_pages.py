"""The open-data page (with archives) and the API docs (the portal's and a tenant's)
pass axe in Swedish and English."""

from __future__ import annotations

import pytest

from shared_apps.opendata.actions import build_city_archive, build_tenant_archive
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, assert_accessible

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_the_open_data_and_api_pages_pass_axe(live_server, browser, tenant_a):
    build_tenant_archive(tenant_a)
    build_city_archive()
    pages = [
        f"{live_server.url}/open-data/",
        f"{live_server.url}/api/docs/",
        tenant_url(live_server, "alfa", "/api/docs/"),
    ]
    for language in ("sv", "en"):
        for url in pages:
            assert_accessible(browser, url, language=language)
