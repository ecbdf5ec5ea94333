"""Script and markup payloads in residents' text never run: proposals, comments and report
details are shown in Chromium with JavaScript on, and nothing executes."""

from __future__ import annotations

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from tenant_apps.comments.actions import post_comment
from tenant_apps.proposals.actions import create_proposal
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, make_user, sign_in
from tests.proposals.factories import make_proposals_component

pytestmark = [LIVE_DB, pytest.mark.browser]

PAYLOADS = [
    "<script>window.__xss = 1</script>",
    '<img src="x" onerror="window.__xss = 2">',
    "<svg onload=window.__xss=3>",
    '"><script>window.__xss = 4</script>',
    "[klicka](javascript:window.__xss=5)",
    "[klicka](JaVaScRiPt:window.__xss=6)",
    '<a href="javascript:window.__xss=7">länk</a>',
    '<iframe src="javascript:parent.__xss=8"></iframe>',
    "<body onload=window.__xss=9>",
    '<details open ontoggle="window.__xss=10">',
    '![bild](x" onerror="window.__xss=11)',
    "`<script>window.__xss = 12</script>`",
]


def test_no_payload_executes_on_the_proposal_page(live_server, browser, tenant_a, alice):
    berit = make_user("berit@example.org", "Berit")
    with schema_context(tenant_a.schema_name):
        component = make_proposals_component()
        proposal = create_proposal(
            alice, component,
            {"title": "<script>window.__xss = 99</script> Bänkar",
             "body": "Inledning.\n\n" + "\n\n".join(PAYLOADS),
             "address": '<img src=x onerror="window.__xss=98">'},
        )  # fmt: skip
        for number, payload in enumerate(PAYLOADS):
            # Different authors keep the comment rate limit out of the way.
            author = berit if number % 2 else alice
            if number in (4, 5):
                author = make_user(f"x{number}@example.org", f"X {number}")
            post_comment(author, component, "proposal", proposal.pk, body=payload)
        url = tenant_url(live_server, "alfa", proposal.get_absolute_url())
        listing = tenant_url(live_server, "alfa", component.get_absolute_url())
    client = Client()
    sign_in(client, berit)
    context = browser.new_context()  # JavaScript on: a payload would run
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                          "url": tenant_url(live_server, "alfa", "/")}])  # fmt: skip
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for address in (url, listing):
        page.goto(address)
        page.wait_for_load_state("load")
        # Click every link in the texts, in case one carries a javascript: URL.
        for link in page.locator("main .rich-text a").all():
            link.click(modifiers=["Control"], no_wait_after=True)
        assert page.evaluate("window.__xss") is None, address
        assert page.locator("main script, main img[onerror], main iframe, main svg").count() == 0
    assert dialogs == []
    page.goto(url)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in page.content()  # shown as typed
    context.close()
