"""The residents' e-proposal pages pass axe in Chromium, in Swedish and English: the
archive, an open, a decided (with follow-up) and a pending (as its proposer) e-proposal,
the submit form with its similar-list step, and the rules."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from shared_apps.eproposals import search
from shared_apps.eproposals.models import Comment, EProposal, Event, FollowUp
from tests.conftest import LIVE_DB, assert_accessible, make_user
from tests.eproposals.factories import make_eproposal, verified_resident

pytestmark = [LIVE_DB, pytest.mark.browser]
S = EProposal.Status


def session_cookies(user, url: str) -> list[dict[str, str]]:
    client = Client()
    client.force_login(user)
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]


def _city(tenant_a):
    proposer = verified_resident("pia@example.org", "Pia Persson")
    open_one = make_eproposal(proposer, title="Cykelbana längs Mölndalsån", supports_count=40)
    search.index(open_one)
    Comment.objects.create(eproposal=open_one, author=proposer, body="Första", alignment=1)
    decided = make_eproposal(
        status=S.DECIDED,
        tenant=tenant_a,
        final_count=200,
        decision="approved",
        decision_text="Vi bygger den.",
        decision_date=date(2025, 3, 4),
        minutes_url="https://example.org/protokoll.pdf",
    )
    Event.objects.create(
        eproposal=decided, kind=Event.Kind.DECIDED, tenant=tenant_a, reason="Approved"
    )
    FollowUp.objects.create(
        eproposal=decided,
        tenant=tenant_a,
        kind="project",
        object_id=1,
        title_sv="Bänkar",
        path="/budgets/1/",
        status="in_progress",
    )
    pending = make_eproposal(proposer, status=S.PENDING, title="Väntar på granskning")
    return proposer, open_one, decided, pending


def test_the_eproposal_pages_pass_axe(live_server, browser, tenant_a):
    proposer, open_one, decided, pending = _city(tenant_a)
    resident = session_cookies(verified_resident("vera@example.org"), live_server.url)
    mine = session_cookies(proposer, live_server.url)
    for language in ("sv", "en"):
        for path in (
            "/e-proposals/",
            "/e-proposals/?status=open&sort=supported",
            "/e-proposals/rules/",
            f"/e-proposals/{open_one.pk}/",
            f"/e-proposals/{decided.pk}/",
        ):
            assert_accessible(browser, live_server.url + path, language=language)
        for path in (f"/e-proposals/{open_one.pk}/", "/e-proposals/new/"):
            assert_accessible(browser, live_server.url + path, cookies=resident, language=language)
        assert_accessible(
            browser,
            live_server.url + f"/e-proposals/{pending.pk}/",
            cookies=mine,
            language=language,
        )
        assert_accessible(
            browser,
            live_server.url + f"/e-proposals/{open_one.pk}/withdraw/",
            cookies=mine,
            language=language,
        )
    unverified = session_cookies(make_user("ulf@example.org", "Ulf"), live_server.url)
    assert_accessible(browser, live_server.url + "/e-proposals/new/", cookies=unverified)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_similar_list_step_passes_axe_and_works_without_javascript(
    live_server, browser, tenant_a, language
):
    from axe_playwright_python.sync_playwright import Axe

    _city(tenant_a)
    user = verified_resident("vera@example.org")
    context = browser.new_context(
        locale="sv-SE" if language == "sv" else "en-GB", java_script_enabled=False
    )
    context.add_cookies(session_cookies(user, live_server.url))
    context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
    try:
        page = context.new_page()
        page.goto(live_server.url + "/e-proposals/new/")
        page.fill("#id_title", "Cykelbana längs Mölndalsån")
        page.fill("#id_body", "En cykelbana längs ån gör det säkrare att cykla till jobbet.")
        page.locator("form button[type=submit]").last.click()
        assert page.locator("#similar").count() == 1
        assert EProposal.objects.filter(status=S.PENDING).count() == 1
        page.close()
        # Axe needs JavaScript: the same step again in a context that runs it.
        checker_context = browser.new_context(locale="sv-SE" if language == "sv" else "en-GB")
        checker_context.add_cookies(session_cookies(user, live_server.url))
        checker_context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        checker = checker_context.new_page()
        checker.goto(live_server.url + "/e-proposals/new/")
        checker.fill("#id_title", "Cykelbana längs Mölndalsån")
        checker.fill("#id_body", "En cykelbana längs ån gör det säkrare att cykla till jobbet.")
        checker.locator("form button[type=submit]").last.click()
        checker.wait_for_selector("#similar")
        results = Axe().run(checker)
        assert results.violations_count == 0, results.generate_report()
        checker.check("#id_not_duplicate")
        checker.locator("form button[type=submit]").last.click()
        checker.wait_for_url("**/e-proposals/*/")
        assert EProposal.objects.filter(status=S.PENDING).count() == 2
        checker_context.close()
    finally:
        context.close()
