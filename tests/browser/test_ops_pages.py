"""The ops pages pass axe in Swedish and English, and onboarding works in a browser
without JavaScript (the job page has a link to check again) and with it (the status
block refreshes itself)."""

from __future__ import annotations

import time

import pytest
from django.db import connection

from tenants import audit, onboarding
from tenants.models import ProvisioningJob, Tenant
from tenants.onboarding import provision, request_onboarding
from tests.conftest import (
    LIVE_DB,
    activate_totp,
    assert_accessible,
    make_user,
    sign_in_with_two_factor,
)

pytestmark = [LIVE_DB, pytest.mark.browser]


@pytest.fixture
def ops_cookies(client, live_server, portal):
    operator = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(operator)
    sign_in_with_two_factor(client, operator)
    return operator, [
        {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    ]


@pytest.fixture
def drop_idrott():
    yield
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS t_idrott CASCADE")


def test_the_ops_pages_pass_axe(
    live_server, browser, ops_cookies, tenant_a, drop_idrott, monkeypatch
):
    operator, cookies = ops_cookies
    # The job is worked here, not by a worker that may be running for other tests.
    monkeypatch.setattr(onboarding, "queue_job", lambda job: None)
    queued = request_onboarding(
        {"slug": "idrott", "name_sv": "Idrott", "name_en": "Sports", "kind": "forvaltning",
         "admin_email": "anna@example.org", "domain": "", "primary_color": ""},
        by=operator, channel="page",
    )  # fmt: skip
    failed = ProvisioningJob.objects.create(
        channel="api", request={}, slug="trasig", status="failed", step="failed",
        progress=20, error="RuntimeError: the template schema is missing",
    )  # fmt: skip
    done = provision(queued.pk)
    waiting = ProvisioningJob.objects.create(channel="page", request={}, slug="vantar")
    audit.record("tenant.suspended", by=operator, tenant=tenant_a, reason="Underhåll")
    Tenant.objects.filter(pk=tenant_a.pk).update(status=Tenant.Status.SUSPENDED)
    pages = [
        "/ops/", "/ops/tenants/new/", f"/ops/jobs/{done.pk}/", f"/ops/jobs/{failed.pk}/",
        f"/ops/jobs/{waiting.pk}/", "/ops/tenants/alfa/", "/ops/tenants/idrott/",
        "/ops/audit/", "/ops/audit/?tenant=alfa", "/ops/tenants/alfa/branding/",
    ]  # fmt: skip
    for language in ("sv", "en"):
        for path in pages:
            assert_accessible(browser, live_server.url + path, cookies=cookies, language=language)


@pytest.mark.parametrize("javascript", [False, True])
def test_onboarding_in_a_browser(
    live_server, browser, ops_cookies, drop_idrott, celery_worker, javascript
):
    """Fill in the form and follow the job that the real worker works: after "check
    again" without script, by itself with script."""
    _operator, cookies = ops_cookies
    context = browser.new_context(java_script_enabled=javascript, locale="sv-SE")
    context.add_cookies(cookies)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/ops/tenants/new/")
        page.get_by_label("Kortnamn (underdomän)").fill("idrott")
        page.get_by_label("Namn på svenska").fill("Idrotts- och föreningsförvaltningen")
        page.get_by_label("Namn på engelska").fill("Sports and Associations")
        page.get_by_label("Första administratörens e-post").fill("anna@example.org")
        page.get_by_role("button", name="Anslut").click()
        page.wait_for_url("**/ops/jobs/*/")
        assert "Anslutning av idrott" in page.content()
        if javascript:
            page.get_by_text("Klart: organisationen är öppen").wait_for(timeout=10_000)
        else:
            job = ProvisioningJob.objects.get(slug="idrott")
            deadline = time.monotonic() + 60
            while job.status != "done" and time.monotonic() < deadline:
                time.sleep(0.2)
                job.refresh_from_db()
            page.get_by_role("link", name="Se hur det går nu").click()
            assert "Klart: organisationen är öppen" in page.content()
        page.get_by_role("link", name="Gå till Idrotts- och föreningsförvaltningen").click()
        assert "idrott.localhost" in page.content()
    finally:
        context.close()
