"""No non-essential cookies: a visit to the portal and a tenant, anonymous or signed in,
sets only the cookies on docs/privacy.md's list (checked in Chromium, JavaScript on, so
a script setting a cookie would count too)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from shared_apps.accounts.middleware import CHECKED_COOKIE
from tests.conftest import LIVE_DB, PASSWORD

pytestmark = [LIVE_DB, pytest.mark.browser]

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
# Each one is essential; docs/privacy.md says why.
ALLOWED = {
    settings.SESSION_COOKIE_NAME,  # sessionid
    settings.CSRF_COOKIE_NAME,  # csrftoken
    settings.LANGUAGE_COOKIE_NAME,  # django_language
    CHECKED_COOKIE,  # torget_signin_checked
    "messages",  # django.contrib.messages' cookie storage
}


def tenant_url(live_server, slug: str, path: str = "/") -> str:
    return live_server.url.replace("//localhost", f"//{slug}.localhost") + path


def cookie_names(context) -> set[str]:
    return {cookie["name"] for cookie in context.cookies()}


def test_the_documented_list_is_the_allowed_list():
    documented = set(re.findall(r"^\| `([a-z_]+)` \|", DOC.read_text(), flags=re.MULTILINE))
    assert documented == ALLOWED


def test_an_anonymous_visit_sets_only_essential_cookies(live_server, browser, tenant_a):
    context = browser.new_context(locale="sv-SE")  # JavaScript on
    try:
        page = context.new_page()
        for url in (
            live_server.url + "/",
            live_server.url + "/accounts/login/",
            tenant_url(live_server, "alfa"),
            tenant_url(live_server, "alfa", "/processes/"),
        ):
            page.goto(url)
        page.click("text=In English")
        anonymous = cookie_names(context)
        assert anonymous <= ALLOWED, anonymous - ALLOWED
        assert CHECKED_COOKIE in anonymous  # the tenant host asked the portal once
        assert settings.SESSION_COOKIE_NAME not in anonymous
    finally:
        context.close()


def test_a_signed_in_visit_sets_only_essential_cookies(live_server, browser, tenant_a, alice):
    context = browser.new_context(locale="sv-SE")  # JavaScript on
    try:
        page = context.new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=login]", alice.email)
        page.fill("input[name=password]", PASSWORD)
        page.click("main button[type=submit]")
        for url in (
            live_server.url + "/",
            live_server.url + "/account/profile/",
            live_server.url + "/account/data/",
            tenant_url(live_server, "alfa"),
            tenant_url(live_server, "alfa", "/processes/"),
        ):
            page.goto(url)
        assert "Alice Andersson" in page.locator(".signed-in-as").inner_text()
        signed_in = cookie_names(context)
        assert signed_in <= ALLOWED, signed_in - ALLOWED
        assert settings.SESSION_COOKIE_NAME in signed_in
        for cookie in context.cookies():
            if cookie["name"] in (settings.SESSION_COOKIE_NAME, CHECKED_COOKIE):
                assert cookie["httpOnly"], cookie["name"]
            assert cookie["sameSite"] in ("Lax", "Strict"), cookie["name"]
    finally:
        context.close()
