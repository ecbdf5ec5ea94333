"""The API's documentation page passes axe in Swedish and English."""

from __future__ import annotations

import pytest

from tests.conftest import LIVE_DB, assert_accessible

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_the_api_docs_pass_axe(live_server, browser, portal):
    for language in ("sv", "en"):
        assert_accessible(browser, f"{live_server.url}/api/docs/", language=language)
