"""The e-proposal staff pages pass axe in Swedish and English: the officers' queue,
review page (before and after publication), settings and officers on the portal, and
the responsible tenant's queue and handling page (before and after the decision)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from shared_apps.eproposals import comments
from shared_apps.eproposals.models import CommentReport, EProposal, RoutingRule
from shared_apps.vocabularies.models import Category
from tests.browser.test_journeys import tenant_url
from tests.conftest import (
    LIVE_DB,
    activate_totp,
    assert_accessible,
    make_user,
    sign_in_with_two_factor,
)
from tests.eproposals.factories import make_eproposal, verified_resident

pytestmark = [LIVE_DB, pytest.mark.browser]

S = EProposal.Status


def test_the_eproposal_staff_pages_pass_axe(live_server, browser, client, tenant_a, bob):
    operator = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(operator)
    author = verified_resident("dora@example.org", "Dora Dahl")
    pending = make_eproposal(author, status=S.PENDING, place_name="Slottsskogen")
    RoutingRule.objects.create(category=Category.objects.get(slug="parker"), tenant=tenant_a)
    open_one = make_eproposal(author, status=S.OPEN, tenant=tenant_a)
    comment = comments.add_comment(author, open_one, body="Bra idé, men dyr.")
    CommentReport.objects.create(comment=comment, user=author, reason="Osakligt")
    make_eproposal(status=S.FORWARDED, title="Väntar på mottagare")
    due = timezone.localdate() + timedelta(days=20)
    waiting = make_eproposal(
        status=S.FORWARDED, tenant=tenant_a, answer_due=due, forwarded_at=timezone.now()
    )
    decided = make_eproposal(
        status=S.DECIDED,
        tenant=tenant_a,
        answer_due=due,
        forwarded_at=timezone.now(),
        decision="partly",
        decision_text="Delvis bifall.",
        decision_date=timezone.localdate(),
    )
    make_eproposal(
        status=S.INVESTIGATING,
        tenant=tenant_a,
        answer_due=timezone.localdate() - timedelta(days=3),
        title="Försenat svar",
    )

    sign_in_with_two_factor(client, operator)
    ops_cookies = [
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    ]
    ops_pages = [
        "/ops/e-proposals/", f"/ops/e-proposals/{pending.pk}/",
        f"/ops/e-proposals/{open_one.pk}/", "/ops/e-proposals/settings/",
        "/ops/e-proposals/officers/",
    ]  # fmt: skip
    staff = Client()  # a session of its own: logging the first client out would end it
    sign_in_with_two_factor(staff, bob)
    manage_cookies = [
        {
            "name": "sessionid",
            "value": staff.cookies["sessionid"].value,
            "url": tenant_url(live_server, "alfa", "/"),
        }
    ]
    manage_pages = [
        "/manage/e-proposals/", f"/manage/e-proposals/{waiting.pk}/",
        f"/manage/e-proposals/{decided.pk}/",
    ]  # fmt: skip
    # The sessions reach the pages themselves (not a sign-in page that passes axe).
    for cookies, url, title in (
        (ops_cookies, live_server.url + ops_pages[1], pending.title),
        (manage_cookies, tenant_url(live_server, "alfa", manage_pages[1]), waiting.title),
    ):
        context = browser.new_context()
        context.add_cookies(cookies)
        try:
            page = context.new_page()
            page.goto(url)
            assert page.locator("h1").inner_text() == title
        finally:
            context.close()
    for language in ("sv", "en"):
        for path in ops_pages:
            assert_accessible(
                browser, live_server.url + path, cookies=ops_cookies, language=language
            )
        for path in manage_pages:
            assert_accessible(
                browser,
                tenant_url(live_server, "alfa", path),
                cookies=manage_cookies,
                language=language,
            )
