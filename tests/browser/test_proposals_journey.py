"""The proposals journey in Chromium with JavaScript off: a resident proposes, another
comments and supports, the author reports the comment, a moderator hides it with a
reason; both residents find it in their city-wide inbox and get the daily digest e-mail
through the real worker and SMTP sink."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from shared_apps.mail.models import OutgoingMail
from shared_apps.notifications.tasks import send_digests
from tenant_apps.comments.models import Comment
from tenant_apps.proposals.models import Proposal
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, assert_accessible, make_user, sign_in, wait_for_mail
from tests.proposals.factories import make_proposals_component

pytestmark = [LIVE_DB, pytest.mark.browser, pytest.mark.worker]


def resident_page(browser, live_server, user, *, staff: bool = False):
    client = Client()
    sign_in(client, user)
    context = browser.new_context(java_script_enabled=False)
    session = client.cookies["sessionid"].value
    for site in (tenant_url(live_server, "alfa", "/"), live_server.url + "/"):
        context.add_cookies([
            {"name": "sessionid", "value": session, "url": site},
            {"name": "django_language", "value": "en", "url": site},
        ])  # fmt: skip
    return context.new_page()


def test_propose_discuss_support_moderate_and_hear_of_it(
    live_server, browser, celery_worker, mail_sink, tenant_a, alice, bob
):
    mail_sink.messages.clear()
    berit = make_user("berit@example.org", "Berit Bengtsson", preferred_language="en")
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component(settings={"support_limit": 3})
    listing = tenant_url(live_server, "alfa", component.get_absolute_url())

    # Alice proposes.
    author = resident_page(browser, live_server, alice)
    author.goto(listing)
    author.click("main a.button")
    author.fill("input[name=title]", "Fler bänkar vid dammen")
    author.fill("textarea[name=body]", "Det behövs fler **bänkar** längs gångvägen vid dammen.")
    author.fill("input[name=address]", "Slottsskogen")
    author.click("main form button[type=submit]")
    with schema_context(tenant_a.schema_name):
        proposal = Proposal.objects.get(title="Fler bänkar vid dammen")
        proposal_url = tenant_url(live_server, "alfa", proposal.get_absolute_url())
    assert author.url == proposal_url
    assert author.locator("main h1").inner_text() == "Fler bänkar vid dammen"

    # Berit comments and supports.
    supporter = resident_page(browser, live_server, berit)
    supporter.goto(proposal_url)
    supporter.fill("#comment-body", "Köp billiga solglasögon på example.com!")
    supporter.click("main form:has(#comment-body) button[type=submit]")
    supporter.click("#support form button[type=submit]")
    assert "Thank you for your support." in supporter.content()
    assert "You have used 1 of your 3 supports." in supporter.content()
    with schema_context(tenant_a.schema_name):
        comment = Comment.objects.get()
        assert Proposal.objects.get(pk=proposal.pk).supports_count == 1

    # Alice reports the comment.
    author.goto(proposal_url)
    author.click(f"#comment-{comment.pk} a.report-link")
    author.check("input[name=reason][value=spam]")
    author.fill("textarea[name=details]", "Reklam")
    author.click("main form button[type=submit]")

    # The moderator hides it with a reason.
    moderator = resident_page(browser, live_server, bob, staff=True)
    queue_url = tenant_url(live_server, "alfa", "/manage/moderation/")
    moderator.goto(queue_url)
    moderator.fill(f"#hide-comment-{comment.pk}", "Reklam hör inte hemma här.")
    moderator.click(f"form:has(#hide-comment-{comment.pk}) button[type=submit]")
    author.goto(proposal_url)
    assert "Reklam hör inte hemma här." in author.content()
    assert "solglasögon" not in author.content()

    # Both hear of it in the inbox on the portal...
    inbox = resident_page(browser, live_server, alice)
    inbox.goto(live_server.url + "/notifications/")
    assert "Fler bänkar vid dammen" in inbox.content()
    for user, url in ((alice, "/notifications/"), (berit, "/notifications/")):
        client = Client()
        sign_in(client, user)
        cookies = [{"name": "sessionid", "value": client.cookies["sessionid"].value,
                    "url": live_server.url + "/"}]  # fmt: skip
        assert_accessible(browser, live_server.url + url, cookies=cookies, language="en")

    # ...and in the daily digest, one e-mail each, sent by the worker.
    send_digests.delay("daily")
    to_alice = wait_for_mail(mail_sink, alice.email)
    text = to_alice.get_body(preferencelist=("plain",)).get_content()
    assert "Fler bänkar vid dammen" in text
    to_berit = wait_for_mail(mail_sink, berit.email)
    assert (
        "Reklam hör inte hemma här." in to_berit.get_body(preferencelist=("plain",)).get_content()
    )
    assert OutgoingMail.objects.filter(kind__contains="digest").count() == 2
