"""The e-proposal statistics page passes axe in Swedish and English, with figures and
a table per administration."""

from __future__ import annotations

import pytest

from tests.conftest import LIVE_DB, assert_accessible
from tests.eproposals.test_stats import a_city_of_eproposals

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_the_statistics_page_passes_axe(live_server, browser, tenant_a, tenant_b):
    a_city_of_eproposals(tenant_a, tenant_b)
    for language in ("sv", "en"):
        assert_accessible(browser, f"{live_server.url}/e-proposals/statistics/", language=language)
