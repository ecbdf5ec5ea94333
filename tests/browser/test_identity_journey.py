"""The identity journey in Chromium (JavaScript off): a resident tries to vote, is told a
verification is needed, verifies with the test e-ID and lands back on the ballot; a
second account with the same person is refused. Every verification page passes axe in
Swedish and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership
from shared_apps.identity.models import IdentityConflict, Verification
from shared_apps.vocabularies.city import ensure_city_vocabularies
from tenants.roles import grant_role
from tests.browser.test_journeys import tenant_url
from tests.conftest import (
    EID_CALLBACK,
    LIVE_DB,
    activate_totp,
    assert_accessible,
    make_user,
    running_oidc_provider,
    sign_in,
)
from tests.spaces.factories import make_component, make_process

pytestmark = [LIVE_DB, pytest.mark.browser]

CENTRUM = "198003142398"  # a demo person of the test e-ID, living in Centrum


@pytest.fixture
def live_oidc_provider(live_server: Any) -> Iterator[Any]:
    with running_oidc_provider([live_server.url + EID_CALLBACK]) as provider:
        yield provider


def signed_in(client: Any, user: Any, *urls: str) -> list[dict[str, Any]]:
    """Cookies for one shared session on each host (what the sign-in hand-off sets up)."""
    sign_in(client, user)
    key = client.cookies["sessionid"].value
    return [{"name": "sessionid", "value": key, "url": url} for url in urls]


def a_ballot(tenant: Any) -> Any:
    """A published vote open to e-ID-verified residents of the city."""
    ensure_city_vocabularies()
    with schema_context(tenant.schema_name):
        process = make_process("budget", published=True, title_sv="Medborgarbudget")
        return make_component(
            process,
            "testballot",
            name_sv="Omröstning",
            name_en="Vote",
            permissions={
                "vote": {"verifications": ["eid"], "options": {"eid": {"resident": True}}}
            },
        )


def verify_with_e_id(page: Any, provider: Any, person: str) -> None:
    """On our e-ID start page: go to the provider, sign in as `person`, come back."""
    page.click("main button[type=submit]")
    assert page.url.startswith(provider.issuer + "/interaction/")
    page.fill("input[name=login]", person)
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")
    if page.url.startswith(provider.issuer + "/interaction/"):
        page.click("button[type=submit]")  # the provider's consent page


def test_a_resident_is_sent_to_verify_and_lands_back_on_the_ballot(
    live_server, browser, client, tenant_a, alice, ballot_type, live_oidc_provider
):
    component = a_ballot(tenant_a)
    ballot_url = tenant_url(live_server, "alfa", component.get_absolute_url())
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    context.add_cookies(signed_in(client, alice, live_server.url, ballot_url))
    page = context.new_page()

    page.goto(ballot_url)
    assert page.locator("#ballot-open").count() == 0
    assert "Du behöver" in page.locator(".notice").inner_text()
    page.click(".notice a")
    assert "/take-part/" in page.url
    page.click("main a.button")  # Verify with e-ID: on the portal
    assert page.url.startswith(live_server.url + "/account/verify/eid/")
    verify_with_e_id(page, live_oidc_provider, CENTRUM)

    # Back through the take-part page, which now lets the resident on to the ballot.
    assert page.url == ballot_url
    assert page.locator("#ballot-open").count() == 1
    verification = Verification.objects.get(user=alice, handler="eid")
    assert verification.attributes["area"] == "centrum"
    context.close()

    # A second account signing in with the same person's e-ID is refused, clearly.
    mallory = make_user("mallory@example.org", "Mallory")
    context = browser.new_context(java_script_enabled=False, locale="sv-SE")
    context.add_cookies(signed_in(client, mallory, live_server.url, ballot_url))
    page = context.new_page()
    page.goto(ballot_url)
    page.click(".notice a")
    page.click("main a.button")
    verify_with_e_id(page, live_oidc_provider, CENTRUM)
    assert "ett annat konto" in page.locator("main").inner_text()
    assert not Verification.objects.filter(user=mallory).exists()
    assert IdentityConflict.objects.filter(attempted_by=mallory).count() == 1
    page.goto(ballot_url)
    assert page.locator("#ballot-open").count() == 0
    context.close()


def test_every_verification_page_passes_axe(
    live_server, browser, client, tenant_a, alice, bob, ballot_type
):
    component = a_ballot(tenant_a)
    vera = make_user("vera@example.org", "Vera")
    grant_role(tenant_a, vera, Membership.Role.VERIFIER, by=bob)
    activate_totp(vera)
    home = tenant_url(live_server, "alfa")
    resident = signed_in(client, alice, live_server.url, home)
    resident_pages = [
        f"{live_server.url}/account/verifications/",
        f"{live_server.url}/account/verify/postal-code/",
        tenant_url(live_server, "alfa", f"/take-part/{component.pk}/vote/"),
        tenant_url(live_server, "alfa", "/verify/code/"),
        tenant_url(live_server, "alfa", component.get_absolute_url()),
    ]
    staff = signed_in(client, bob, home)
    staff_pages = [
        tenant_url(live_server, "alfa", "/manage/verify/"),
        tenant_url(live_server, "alfa", "/manage/processes/budget/voting-codes/"),
        tenant_url(live_server, "alfa", f"/manage/processes/budget/components/{component.pk}/"),
    ]
    for language in ("sv", "en"):
        for url in resident_pages:
            assert_accessible(browser, url, cookies=resident, language=language)
        for url in staff_pages:
            assert_accessible(browser, url, cookies=staff, language=language)


def test_bad_input_and_the_printed_code_sheet_pass_axe(
    live_server, browser, client, tenant_a, alice, bob
):
    """Pages with error messages, and the sheet of new codes, in both languages."""
    ensure_city_vocabularies()
    with schema_context(tenant_a.schema_name):
        make_process("budget", published=True)
    for language in ("sv", "en"):
        context = browser.new_context(locale="sv-SE" if language == "sv" else "en-GB")
        context.add_cookies(
            [
                *signed_in(client, bob, live_server.url, tenant_url(live_server, "alfa")),
                {"name": "django_language", "value": language, "url": live_server.url},
                {
                    "name": "django_language",
                    "value": language,
                    "url": tenant_url(live_server, "alfa"),
                },
            ]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/account/verify/postal-code/")
        page.fill("input[name=postal_code]", "11122")
        page.click("main button[type=submit]")
        page.locator(".field--error").first.wait_for()
        assert page.locator(".field--error").count() == 1
        assert Axe().run(page).violations_count == 0
        page.goto(tenant_url(live_server, "alfa", "/manage/verify/"))
        page.fill("input[name=email]", "nobody@example.org")
        page.click("main button[type=submit]")
        # Wait for the answer to the POST, not the page it was sent from.
        page.locator(".field--error").first.wait_for()
        assert page.locator(".field--error").count() >= 2
        assert Axe().run(page).violations_count == 0
        page.goto(tenant_url(live_server, "alfa", "/manage/processes/budget/voting-codes/"))
        page.fill("input[name=size]", "4")
        page.click("form:has(input[name=size]) button[type=submit]")
        assert page.locator(".code-sheet__code").count() == 4
        assert Axe().run(page).violations_count == 0
        context.close()
