"""Residents' journeys in Chromium, with JavaScript off, and axe on every page."""

from __future__ import annotations

import re

import pytest

from tenants.models import Domain, Tenant
from tests.conftest import (
    LIVE_DB,
    PASSWORD,
    assert_accessible,
    sign_in_with_two_factor,
    wait_for_mail,
)

pytestmark = [LIVE_DB, pytest.mark.browser]


def tenant_url(live_server, slug: str, path: str = "/") -> str:
    return live_server.url.replace("//localhost", f"//{slug}.localhost") + path


def test_sign_up_confirm_sign_in_and_be_signed_in_on_every_tenant_host(
    live_server, page, celery_worker, mail_sink, tenant_a, tenant_b
):
    Domain.objects.create(domain="deltagande.alfa.test", tenant=tenant_a, is_primary=False)

    page.goto(live_server.url + "/accounts/signup/")
    page.fill("input[name=email]", "dana@example.org")
    page.fill("input[name=display_name]", "Dana Dahl")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.click("main button[type=submit]")
    assert "/accounts/confirm-email/" in page.url

    mail = wait_for_mail(mail_sink, "dana@example.org")
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost:\d+/accounts/confirm-email/\S+/", body)
    assert link, body
    page.goto(link.group(0))
    page.click("main button[type=submit]")

    page.goto(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", "dana@example.org")
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    assert page.locator(".signed-in-as").inner_text().endswith("Dana Dahl")

    # Another host, never visited: signed in without seeing a sign-in page.
    page.goto(tenant_url(live_server, "alfa"))
    assert page.url == tenant_url(live_server, "alfa")
    assert "Dana Dahl" in page.locator(".signed-in-as").inner_text()
    assert page.locator("h1").inner_text() == tenant_a.name_sv
    port = live_server.url.rsplit(":", 1)[1]
    page.goto(f"http://deltagande.alfa.test:{port}/")
    assert "Dana Dahl" in page.locator(".signed-in-as").inner_text()
    page.goto(tenant_url(live_server, "beta"))
    assert "Dana Dahl" in page.locator(".signed-in-as").inner_text()

    # Signing out on one tenant host signs out everywhere.
    page.click("header form[action='/accounts/logout/'] button")
    assert page.locator(".signed-in-as").count() == 0
    page.goto(live_server.url + "/")
    assert page.locator(".signed-in-as").count() == 0
    page.goto(tenant_url(live_server, "alfa"))
    assert page.locator(".signed-in-as").count() == 0


def test_a_tenant_page_links_to_sign_in_on_the_portal_and_comes_back(
    live_server, page, tenant_a, alice
):
    page.goto(tenant_url(live_server, "alfa"))
    page.click("header nav a[href*='/sign-in/handoff/']")
    assert page.url.startswith(live_server.url + "/accounts/login/")
    page.fill("input[name=login]", alice.email)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url == tenant_url(live_server, "alfa")
    assert "Alice Andersson" in page.locator(".signed-in-as").inner_text()


def test_the_language_switch_works_without_javascript(live_server, page, tenant_a):
    page.goto(tenant_url(live_server, "alfa"))
    assert page.locator("html").get_attribute("lang") == "sv"
    page.click("text=In English")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == tenant_a.name_en


@pytest.mark.parametrize("language", ["sv", "en"])
def test_public_pages_have_no_axe_violations(live_server, browser, tenant_a, language):
    Tenant.objects.filter(pk=tenant_a.pk).update(contact_email="kontakt@alfa.example")
    for url in [
        live_server.url + "/",
        live_server.url + "/accounts/login/",
        live_server.url + "/accounts/signup/",
        live_server.url + "/accounts/password/reset/",
        tenant_url(live_server, "alfa"),
        live_server.url.replace("//localhost", "//okand.localhost") + "/",
    ]:
        assert_accessible(browser, url, language=language)


def test_pages_of_a_signed_in_admin_have_no_axe_violations(
    live_server, browser, client, tenant_a, bob
):
    sign_in_with_two_factor(client, bob)
    session = client.cookies["sessionid"].value
    for url in [live_server.url + "/account/profile/", tenant_url(live_server, "alfa", "/staff/")]:
        cookies = [{"name": "sessionid", "value": session, "url": url}]
        assert_accessible(browser, url, cookies=cookies, language="sv")
        assert_accessible(browser, url, cookies=cookies, language="en")


def test_closed_tenant_pages_have_no_axe_violations(
    live_server, browser, tenant_a, tenant_b, make_tenant
):
    """Read-only pages with their banner, and the page of a tenant being set up."""
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    Tenant.objects.filter(pk=tenant_b.pk).update(status=Tenant.Status.ARCHIVED)
    gamma = make_tenant("gamma")
    Tenant.objects.filter(pk=gamma.pk).update(status=Tenant.Status.PROVISIONING)
    for slug in ("alfa", "beta", "gamma"):
        assert_accessible(browser, tenant_url(live_server, slug), language="sv")
        assert_accessible(browser, tenant_url(live_server, slug), language="en")
