"""A new tenant admin's first visit to /manage/ in Chromium, with JavaScript off: sign
in, set up the authenticator app, keep the recovery codes, reach the admin; then sign in
again with a code. Every two-factor page passes axe, in Swedish and in English."""

from __future__ import annotations

import pytest

from shared_apps.accounts.models import Membership
from tenants.roles import grant_role
from tests.conftest import LIVE_DB, PASSWORD, assert_accessible, make_user, totp_code

pytestmark = [LIVE_DB, pytest.mark.browser]


def tenant_url(live_server, slug: str, path: str = "/") -> str:
    return live_server.url.replace("//localhost", f"//{slug}.localhost") + path


def new_context(browser, live_server, language: str):
    context = browser.new_context(
        java_script_enabled=False, locale="sv-SE" if language == "sv" else "en-GB"
    )
    context.set_default_timeout(10_000)
    context.add_cookies(
        [
            {"name": "django_language", "value": language, "url": url}
            for url in (live_server.url, tenant_url(live_server, "alfa"))
        ]
    )
    return context


def check(browser, context, url: str, language: str) -> None:
    """Run axe on `url` in this browser's session (a separate, JavaScript-on context)."""
    assert_accessible(browser, url, cookies=context.cookies(url), language=language)


@pytest.mark.parametrize("language", ["sv", "en"])
def test_a_new_admin_sets_up_two_factor_and_reaches_manage(
    live_server, browser, tenant_a, language
):
    adam = make_user("adam@example.org", "Adam Admin")
    grant_role(tenant_a, adam, Membership.Role.ADMIN)
    context = new_context(browser, live_server, language)
    page = context.new_page()

    # Sign in on the portal on the way to the tenant admin.
    page.goto(tenant_url(live_server, "alfa", "/manage/"))
    assert page.url.startswith(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", adam.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")

    # Staff without an authenticator app land on its set-up (after allauth has the
    # password typed once more, as it does before any two-factor change).
    assert page.url.startswith(live_server.url + "/accounts/reauthenticate/")
    check(browser, context, page.url, language)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url.startswith(live_server.url + "/accounts/2fa/totp/activate/")
    check(browser, context, page.url, language)
    page.reload()  # axe's visit drew a new secret for this session: show the current one
    assert page.locator("main .notice").count() == 1
    assert page.locator("main img[alt]").count() == 1
    secret = page.locator("#totp-secret").inner_text().strip()

    page.fill("input[name=code]", "000000")
    page.click("main button[type=submit]")
    assert page.locator("main .field--error").count() == 1
    secret = page.locator("#totp-secret").inner_text().strip() or secret
    page.fill("input[name=code]", totp_code(secret))
    page.click("main button[type=submit]")

    # The recovery codes are shown, can be downloaded, and the way back is offered.
    assert page.url == live_server.url + "/accounts/2fa/recovery-codes/"
    assert page.locator("ul.recovery-codes li").count() == 10
    assert page.locator("main a[href='/accounts/2fa/recovery-codes/download/']").count() == 1
    check(browser, context, page.url, language)
    for path in ("/accounts/2fa/", "/accounts/2fa/reauthenticate/"):
        check(browser, context, live_server.url + path, language)
    page.click("main a.button")
    assert page.url == tenant_url(live_server, "alfa", "/manage/")
    assert page.locator("h1").count() == 1
    assert page.locator("nav.manage-nav").count() == 1
    context.close()

    # Signing in again asks for the code.
    context = new_context(browser, live_server, language)
    page = context.new_page()
    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", adam.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url == live_server.url + "/accounts/2fa/authenticate/"
    check(browser, context, page.url, language)
    page.fill("input[name=code]", totp_code(secret))
    page.click("main button[type=submit]")
    assert "Adam Admin" in page.locator(".signed-in-as").inner_text()
    page.goto(tenant_url(live_server, "alfa", "/manage/"))
    assert page.url == tenant_url(live_server, "alfa", "/manage/")
    context.close()
