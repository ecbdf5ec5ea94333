"""The inbox and the settings page pass axe in Swedish and English."""

from __future__ import annotations

import pytest
from django.test import Client

from shared_apps.notifications.actions import follow
from tests.conftest import LIVE_DB, assert_accessible
from tests.notifications.factories import make_notification

pytestmark = [LIVE_DB, pytest.mark.browser]


def test_it_has_accessible_inbox_and_settings_pages(live_server, browser, tenant_a, alice):
    make_notification(alice, tenant_a, title_sv="Parken har fått en kommentar")
    make_notification(alice, None, title_sv="Allt är läst", read_at="2030-01-01T12:00:00Z")
    follow(alice, "process:1", title_sv="Parken", path="/processes/parken/", tenant=tenant_a)
    client = Client()
    client.force_login(alice)
    for language in ("sv", "en"):
        for path in ("/notifications/", "/notifications/settings/"):
            url = live_server.url + path
            cookies = [
                {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}
            ]
            assert_accessible(browser, url, cookies=cookies, language=language)
