"""The portal's participation and alerts pages pass axe in Swedish and English, and work
without JavaScript."""

from __future__ import annotations

import pytest
from django.test import Client

from shared_apps.alerts.actions import set_subscriptions
from shared_apps.alerts.models import AlertSubscription
from shared_apps.notifications.actions import follow
from shared_apps.participation.actions import record
from tests.alerts.factories import make_area, make_category
from tests.conftest import LIVE_DB, assert_accessible

pytestmark = [LIVE_DB, pytest.mark.browser]


def session_cookie(client: Client, url: str) -> list[dict[str, str]]:
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]


def test_the_participation_and_alerts_pages_pass_axe(live_server, browser, tenant_a, alice):
    norr = make_area("alert-norr", "Norr", "North")
    make_category("alert-parker", "Parker", "Parks")
    set_subscriptions(alice, areas=[norr], categories=[], tenants=[tenant_a])
    for kind, key, title in (
        ("proposal", "proposal:1", "Fler bänkar"),
        ("support", "proposal:2", "Fler träd"),
        ("ballot", "budget:1", "Centrum"),
        ("comment", "comment:1", "Fler träd"),
    ):
        record(alice, kind, key, title_sv=title, path="/processes/p/", tenant=tenant_a)
    follow(alice, "process:1", title_sv="Parken", path="/processes/parken/", tenant=tenant_a)
    client = Client()
    client.force_login(alice)
    for language in ("sv", "en"):
        for path in ("/account/participation/", "/account/alerts/"):
            url = live_server.url + path
            assert_accessible(browser, url, cookies=session_cookie(client, url), language=language)


def test_a_resident_ticks_alerts_without_javascript(live_server, page, portal, alice):
    make_area("alert-norr", "Norr", "North")
    client = Client()
    client.force_login(alice)
    url = live_server.url + "/account/alerts/"
    page.context.add_cookies(session_cookie(client, url))
    page.goto(url)
    page.get_by_label("Norr").check()
    page.locator("main form button[type=submit]").first.click()
    assert page.get_by_label("Norr").is_checked()
    assert AlertSubscription.objects.filter(user=alice, area__slug="alert-norr").exists()
