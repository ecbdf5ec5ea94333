"""A resident verifies with e-ID in Chromium (JavaScript off), through the real test
provider's sign-in pages, and our e-ID pages pass axe in Swedish and English."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shared_apps.identity.models import PersonIdentity, Verification
from tests.conftest import EID_CALLBACK, LIVE_DB, assert_accessible, running_oidc_provider

pytestmark = [LIVE_DB, pytest.mark.browser]

CENTRUM = "198003142398"
NEXT = "/account/verifications/"


@pytest.fixture
def live_oidc_provider(live_server: Any) -> Iterator[Any]:
    """The test e-ID, sending residents back to the live server's callback."""
    with running_oidc_provider([live_server.url + EID_CALLBACK]) as provider:
        yield provider


def _session_cookie(client: Any, user: Any, url: str) -> list[dict[str, Any]]:
    client.force_login(user)
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_resident_verifies_with_e_id_and_lands_back_verified(
    live_server, page, client, alice, live_oidc_provider, language
):
    start = f"{live_server.url}/account/verify/eid/?next={NEXT}"
    page.context.add_cookies(
        [
            *_session_cookie(client, alice, live_server.url),
            {"name": "django_language", "value": language, "url": live_server.url},
        ]
    )

    page.goto(start)
    assert page.locator("html").get_attribute("lang") == language
    page.click("main button[type=submit]")

    # On the provider's own sign-in page: the login name is the test person.
    assert page.url.startswith(live_oidc_provider.issuer + "/interaction/")
    page.fill("input[name=login]", CENTRUM)
    page.fill("input[name=password]", "any password")
    page.click("button[type=submit]")
    if page.url.startswith(live_oidc_provider.issuer + "/interaction/"):
        page.click("button[type=submit]")  # the provider's consent page

    assert page.url == live_server.url + NEXT
    assert page.locator(".message--success").count() == 1
    verification = Verification.objects.get(user=alice, handler="eid")
    assert verification.attributes["birth_date"] == "1980-03-14"
    assert verification.attributes["municipality"] == "1480"
    assert PersonIdentity.objects.filter(user=alice).exists()


def test_the_e_id_pages_have_no_axe_violations(
    live_server, browser, client, alice, live_oidc_provider
):
    cookies = _session_cookie(client, alice, live_server.url)
    for url in [
        f"{live_server.url}/account/verify/eid/?next={NEXT}",
        # A callback for a flow that was never started: the "not verified" page.
        f"{live_server.url}{EID_CALLBACK}?state=unknown&code=x",
    ]:
        for language in ("sv", "en"):
            assert_accessible(browser, url, cookies=cookies, language=language)
