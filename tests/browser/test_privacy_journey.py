"""A resident's privacy journey in Chromium with JavaScript off: ask for their data, watch
it being prepared, download it from the e-mailed link, then delete the account. Every
new page is checked with axe in Swedish and English."""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest

from shared_apps.accounts.models import User
from shared_apps.privacy.actions import save_terms
from shared_apps.privacy.models import DataExport
from tests.conftest import LIVE_DB, PASSWORD, assert_accessible, wait_for_mail
from tests.privacy.factories import make_footprint

pytestmark = [LIVE_DB, pytest.mark.browser]


def tenant_url(live_server, slug: str, path: str = "/") -> str:
    return live_server.url.replace("//localhost", f"//{slug}.localhost") + path


def session_cookies(client, url: str) -> list[dict]:
    return [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}]


def test_a_resident_downloads_their_data_and_then_deletes_their_account(
    live_server, page, browser, client, celery_worker, mail_sink, tenant_a, tenant_b, alice
):
    make_footprint(tenant_a, alice)
    make_footprint(tenant_b, alice)
    # The sink lives for the session: forget earlier tests' mail to the same address.
    mail_sink.messages.clear()
    # Signed in earlier (no password typed in this session), so deleting asks again.
    client.force_login(alice)
    page.context.add_cookies(session_cookies(client, live_server.url))

    page.goto(live_server.url + "/account/profile/")
    page.click("main a[href='/account/data/']")
    page.click("main form button[type=submit]")
    assert page.url == live_server.url + "/account/data/"
    assert page.locator("main table .export-status").count() == 1

    mail = wait_for_mail(mail_sink, alice.email)
    body = mail.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost:\d+/account/data/[0-9a-f-]+/download/\?token=\S+", body)
    assert link, body
    deadline = time.monotonic() + 10
    while DataExport.objects.get(user=alice).status != "done" and time.monotonic() < deadline:
        time.sleep(0.1)
    page.reload()
    assert page.locator("main progress").get_attribute("value") == "4"
    assert page.locator("meta[http-equiv=refresh]").count() == 0

    download = page.request.get(link.group(0))
    assert download.status == 200
    assert download.headers["content-type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(download.body()))
    assert {"alfa/news.Post.json", "beta/news.Post.json", "README.txt"} <= set(archive.namelist())

    for language in ("sv", "en"):
        url = live_server.url + "/account/data/"
        assert_accessible(browser, url, cookies=session_cookies(client, url), language=language)

    # Deleting: first the password again, then the address typed out.
    page.goto(live_server.url + "/account/profile/")
    page.click("main a[href='/account/delete/']")
    assert "/accounts/reauthenticate/" in page.url
    for language in ("sv", "en"):
        assert_accessible(
            browser, page.url, cookies=session_cookies(client, page.url), language=language
        )
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    assert page.url == live_server.url + "/account/delete/"
    for language in ("sv", "en"):
        url = live_server.url + "/account/delete/"
        assert_accessible(browser, url, cookies=session_cookies(client, url), language=language)

    page.fill("input[name=confirmation]", "fel@example.org")
    page.click("main form button[type=submit]")
    assert page.locator("main .field--error .error").count() == 1
    page.fill("input[name=confirmation]", alice.email)
    page.click("main form button[type=submit]")
    assert page.url == live_server.url + "/"
    assert page.locator(".message--success").count() == 1
    assert page.locator(".signed-in-as").count() == 0
    assert not User.objects.filter(email=alice.email).exists()


def test_the_terms_pages_have_no_axe_violations(live_server, browser, client, tenant_a, alice, bob):
    save_terms(tenant_a, text_sv="Var schysst.", text_en="Be kind.", new_version=False, by=bob)
    for user, path in ((alice, "/terms/"), (bob, "/manage/terms/")):
        client.force_login(user)
        url = tenant_url(live_server, "alfa", path)
        for language in ("sv", "en"):
            assert_accessible(browser, url, cookies=session_cookies(client, url), language=language)
    assert_accessible(browser, tenant_url(live_server, "alfa", "/terms/"), language="sv")


def test_a_resident_accepts_the_terms_and_comes_back(
    live_server, page, client, tenant_a, alice, bob
):
    save_terms(tenant_a, text_sv="Var schysst.", text_en="Be kind.", new_version=False, by=bob)
    client.force_login(alice)
    url = tenant_url(live_server, "alfa", "/terms/?next=/processes/")
    page.context.add_cookies(session_cookies(client, url))
    page.goto(url)
    assert "Var schysst." in page.locator("main").inner_text()
    page.click("main form button[type=submit]")
    assert page.url == tenant_url(live_server, "alfa", "/processes/")
