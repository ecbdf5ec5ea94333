"""The e-proposal journey in Chromium, across the portal and a tenant host: a verified
resident submits an e-proposal and supports it, another resident's support takes it over
the threshold into the responsible tenant's queue, the tenant's admin (two-factor) records
it received and answers it, and the answer shows on the portal — with the inbox mail sent
by the real worker through SMTP."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.utils import timezone

from shared_apps.eproposals import actions
from shared_apps.eproposals.models import EProposal
from shared_apps.notifications.actions import set_email_choice
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, assert_accessible, sign_in, sign_in_with_two_factor
from tests.eproposals.factories import officer, settings_row, verified_resident

pytestmark = [LIVE_DB, pytest.mark.browser]

TITLE = "Bänkar längs kajen vid Stenpiren"


def signed_in(browser, live_server, user, *, staff: bool = False, language: str = "sv"):
    """Return a page in a new context with the user's session on the portal and alfa."""
    client = Client()
    (sign_in_with_two_factor if staff else sign_in)(client, user)
    context = browser.new_context()
    cookies = []
    for url in (live_server.url + "/", tenant_url(live_server, "alfa", "/")):
        cookies.append(
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}
        )
        cookies.append({"name": "django_language", "value": language, "url": url})
    context.add_cookies(cookies)
    return context.new_page(), cookies


def mail_about(mail_sink, address: str, text: str, timeout: float = 30) -> str:
    """Return the text of the first message to `address` that mentions `text`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in list(mail_sink.messages):
            if address in message.get("To", "") and text in (decoded := _decoded(message)):
                return decoded
        time.sleep(0.3)
    raise AssertionError(f"no mail to {address} about {text!r}")


def _decoded(message) -> str:
    from email.header import decode_header, make_header

    parts = [str(make_header(decode_header(message.get("Subject", ""))))]
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            parts.append(
                part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
            )
    return "\n".join(parts)


def test_a_resident_proposes_residents_support_the_tenant_answers_and_the_portal_shows_it(
    live_server, browser, tenant_a, bob, celery_worker, mail_sink
):
    ensure_city_vocabularies()
    settings_row(threshold=2, support_days=90, answer_days=30)
    dora = verified_resident("dora.journey@example.org", "Dora Dahl")
    erik = verified_resident("erik.journey@example.org", "Erik Ek")
    set_email_choice(dora, "immediate")

    # 1. Dora submits on the portal; no similar e-proposal exists, so one step is enough.
    page, dora_cookies = signed_in(browser, live_server, dora)
    page.goto(live_server.url + "/e-proposals/new/")
    page.locator("#id_title").fill(TITLE)
    page.locator("#id_body").fill(
        "På kajen vid Stenpiren finns inga bänkar. Ställ ut bänkar så att man kan sitta "
        "och vänta på färjan."
    )
    page.locator("select[name=area]").select_option("centrum")
    page.locator("select[name=category]").select_option("parker")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/e-proposals/*/")
    eproposal = EProposal.objects.get(title=TITLE)
    assert eproposal.author == dora and eproposal.status == "pending"
    assert "granskning" in page.locator("main").inner_text()

    # 2. A city officer publishes it, routed to alfa (the officers' pages have their own tests).
    actions.publish(officer(), eproposal, tenant=tenant_a)

    # 3. Dora supports it; Erik's support reaches the threshold of 2.
    page.goto(live_server.url + f"/e-proposals/{eproposal.pk}/")
    page.get_by_role("button", name="Stöd det här e-förslaget").click()
    page.wait_for_load_state()
    assert "1 av 2" in page.locator("main").inner_text()
    erik_page, _erik_cookies = signed_in(browser, live_server, erik, language="en")
    erik_page.goto(live_server.url + f"/e-proposals/{eproposal.pk}/")
    erik_page.get_by_role("button", name="Support this e-proposal").click()
    erik_page.wait_for_load_state()
    eproposal.refresh_from_db()
    assert eproposal.status == "forwarded" and eproposal.final_count == 2
    assert eproposal.tenant == tenant_a
    assert "2 of 2" in erik_page.locator("main").inner_text()

    # 4. Alfa's admin answers on alfa's own host, with two-factor authentication.
    staff, staff_cookies = signed_in(browser, live_server, bob, staff=True, language="en")
    staff.goto(tenant_url(live_server, "alfa", "/manage/e-proposals/"))
    staff.get_by_role("link", name=TITLE).click()
    staff.get_by_role("button", name="Mark received").click()
    staff.wait_for_load_state()
    staff.get_by_label("Approved", exact=True).check()
    staff.get_by_label("The decision in words").fill(
        "Nämnden beslutade att ställa ut sex bänkar på kajen under våren 2027."
    )
    staff.get_by_label("Date of the decision").fill(timezone.localdate().isoformat())
    staff.get_by_label("Link to the minutes").fill("https://example.org/protokoll/2026-11.pdf")
    staff.get_by_role("button", name="Publish the decision").click()
    staff.wait_for_load_state()
    eproposal.refresh_from_db()
    assert eproposal.status == "decided" and eproposal.decision == "approved"
    assert_accessible(
        browser,
        tenant_url(live_server, "alfa", f"/manage/e-proposals/{eproposal.pk}/"),
        cookies=staff_cookies,
        language="en",
    )

    # 5. The answer on the portal, for Dora and for anyone; and in Dora's mail.
    page.goto(live_server.url + f"/e-proposals/{eproposal.pk}/")
    main = page.locator("main").inner_text()
    assert "sex bänkar på kajen" in main and "Bifallet" in main
    assert page.locator("a[href='https://example.org/protokoll/2026-11.pdf']").count() == 1
    for language in ("sv", "en"):
        assert_accessible(
            browser, live_server.url + f"/e-proposals/{eproposal.pk}/", language=language
        )
    assert_accessible(
        browser, live_server.url + f"/e-proposals/{eproposal.pk}/", cookies=dora_cookies
    )
    mail = mail_about(mail_sink, dora.email, "har fått svar")
    assert TITLE in mail and f"/e-proposals/{eproposal.pk}/" in mail
