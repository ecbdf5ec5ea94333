"""The report form and the moderators' queue in Chromium: axe finds nothing in Swedish
or English; the report is sent with JavaScript off and reaches the queue."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import LIVE_DB, assert_accessible, make_user, sign_in
from tests.moderation.factories import make_comment, make_discussion

pytestmark = [LIVE_DB, pytest.mark.browser]


def tenant_url(live_server, slug: str, path: str = "/") -> str:
    return live_server.url.replace("//localhost", f"//{slug}.localhost") + path


def session_cookies(user, url: str) -> list[dict[str, str]]:
    client = Client()
    sign_in(client, user)  # staff sign in with two factors
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]


def test_a_resident_reports_a_comment_and_the_moderator_sees_it(
    live_server, browser, page, tenant_a, bob, alice
):
    with schema_context(tenant_a.schema_name):
        comment = make_comment(make_discussion(), make_user("dan@example.org", "Dan Dahl"))
    report_url = tenant_url(live_server, "alfa", f"/report/comment/{comment.pk}/")
    resident = session_cookies(alice, report_url)
    for language in ("sv", "en"):
        assert_accessible(browser, report_url, cookies=resident, language=language)

    page.context.add_cookies(resident)
    page.goto(report_url)
    page.check("input[name=reason][value=offensive]")
    page.fill("textarea[name=details]", "Personangrepp")
    page.click("main form button[type=submit]")
    assert page.locator(".messages").count() == 1

    queue_url = tenant_url(live_server, "alfa", "/manage/moderation/")
    staff = session_cookies(bob, queue_url)
    for language in ("sv", "en"):
        assert_accessible(browser, queue_url, cookies=staff, language=language)
    moderator = browser.new_context()
    moderator.add_cookies([*staff, {"name": "django_language", "value": "en", "url": queue_url}])
    queue = moderator.new_page()
    queue.goto(queue_url)
    assert "Personangrepp" in queue.content()
    moderator.close()
