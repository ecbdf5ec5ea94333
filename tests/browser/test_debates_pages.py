"""Debates in Chromium: every public and staff page passes axe in Swedish and English,
and a resident argues with JavaScript off (the form needs no script)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tenants.utils import schema_context

from tenant_apps.comments.models import Comment
from tenant_apps.debates.actions import close_debate
from tests.browser.test_journeys import tenant_url
from tests.conftest import LIVE_DB, assert_accessible, make_user, sign_in, sign_in_with_two_factor
from tests.debates.factories import make_argument, make_debate, make_debates_component

pytestmark = [LIVE_DB, pytest.mark.browser]


def _cookies(client: Client, live_server) -> list[dict]:
    return [
        {
            "name": "sessionid",
            "value": client.cookies["sessionid"].value,
            "url": tenant_url(live_server, "alfa", "/"),
        }
    ]


def test_the_debate_pages_pass_axe(live_server, browser, client, tenant_a, bob, alice):
    eva = make_user("eva@example.org", "Eva Ek")
    with schema_context(tenant_a.schema_name):
        component = make_debates_component()
        debate = make_debate(component, closes_at=timezone.now() + timedelta(days=5))
        reply_to = make_argument(debate, eva, 1, body="Fler **timmar** för alla.")
        make_argument(debate, alice, -1, body="Det kostar för mycket.")
        make_argument(debate, alice, 0, body="Prova först.", parent=reply_to)
        make_debate(
            component, title_sv="Kommande fråga", opens_at=timezone.now() + timedelta(days=2)
        )
        closed = make_debate(component, title_sv="Avgjord fråga")
        make_argument(closed, eva, -1)
        close_debate(bob, closed, conclusion_sv="Vi gör så här.", conclusion_en="We do this.")
        manage = component.get_content_manage_url()
    resident = Client()
    sign_in(resident, alice)
    sign_in_with_two_factor(client, bob)
    public_pages = [
        component.get_absolute_url(), debate.get_absolute_url(), closed.get_absolute_url(),
        f"{debate.get_absolute_url()}?position=against",
    ]  # fmt: skip
    staff_pages = [
        manage, f"{manage}new/", f"{manage}{debate.pk}/", f"{manage}{debate.pk}/close/",
        f"{manage}{closed.pk}/close/",
    ]  # fmt: skip
    for language in ("sv", "en"):
        for path in public_pages:
            url = tenant_url(live_server, "alfa", path)
            assert_accessible(browser, url, language=language)
            # Signed in: the argument form, reply forms and vote buttons are on the page.
            assert_accessible(
                browser, url, cookies=_cookies(resident, live_server), language=language
            )
        for path in staff_pages:
            assert_accessible(
                browser,
                tenant_url(live_server, "alfa", path),
                cookies=_cookies(client, live_server),
                language=language,
            )


def test_a_resident_argues_without_javascript(live_server, browser, tenant_a, alice):
    with schema_context(tenant_a.schema_name):
        debate = make_debate(make_debates_component())
    client = Client()
    sign_in(client, alice)
    context = browser.new_context(java_script_enabled=False)
    url = tenant_url(live_server, "alfa", debate.get_absolute_url())
    site = tenant_url(live_server, "alfa", "/")
    context.add_cookies(
        [
            {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": site},
            {"name": "django_language", "value": "en", "url": site},
        ]
    )
    page = context.new_page()
    try:
        page.goto(url)
        page.fill("textarea[name=body]", "Biblioteket är **allas** vardagsrum.")
        page.check("input[name=alignment][value='1']")
        page.click("form[aria-labelledby=comment-form-heading] button[type=submit]")
        with schema_context(tenant_a.schema_name):
            argument = Comment.objects.get()
        assert argument.alignment == 1 and argument.author_id == alice.pk
        assert page.url == f"{url}#comment-{argument.pk}"
        assert "Arguments: 1 in favour, 0 against, 0 neutral" in page.inner_text("main")
        assert page.locator(f"#comment-{argument.pk} strong").nth(1).inner_text() == "allas"
    finally:
        context.close()
