"""A tenant's lifecycle on the ops pages: suspend, resume, archive (read-only), and the
dashboard and audit log that show it."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.actionlog.actions import log_action
from tenant_apps.spaces.catalog import rebuild_tenant_catalog
from tenants.models import PlatformEvent, Tenant
from tests.conftest import activate_totp, host_of, make_user, sign_in_with_two_factor
from tests.spaces.factories import make_process

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(portal):
    user = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(user)
    return user


@pytest.fixture
def ops_client(client, operator):
    sign_in_with_two_factor(client, operator)
    return client


def _status(client, tenant, action, reason="Planerat underhåll"):
    return client.post(
        f"/ops/tenants/{tenant.slug}/status/{action}/", {"reason": reason}, HTTP_HOST="localhost"
    )


def test_suspend_makes_the_site_read_only_and_resume_opens_it_again(
    ops_client, operator, tenant_a, alice
):
    response = _status(ops_client, tenant_a, "suspend")
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.SUSPENDED
    event = PlatformEvent.objects.get(verb="tenant.suspended")
    assert (event.actor, event.tenant_slug, event.details["reason"]) == (
        operator,
        "alfa",
        "Planerat underhåll",
    )

    visitor = ops_client.__class__()
    visitor.force_login(alice)
    page = visitor.get("/", HTTP_HOST=host_of(tenant_a))
    assert page.status_code == 200
    assert "har pausat sin webbplats" in page.content.decode()
    assert (
        visitor.post("/notifications/settings/", {}, HTTP_HOST=host_of(tenant_a)).status_code == 503
    )

    _status(ops_client, tenant_a, "resume")
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.READY
    assert "har pausat" not in visitor.get("/", HTTP_HOST=host_of(tenant_a)).content.decode()
    assert list(PlatformEvent.objects.values_list("verb", flat=True)[:2]) == [
        "tenant.resumed",
        "tenant.suspended",
    ]
    # The tenant's own log has both changes too.
    with schema_context(tenant_a.schema_name):
        from tenant_apps.actionlog.models import Action

        assert Action.objects.filter(verb="tenant.status_changed").count() == 2


def test_archive_takes_the_tenant_off_the_portal_but_keeps_its_pages(ops_client, tenant_a, client):
    with schema_context(tenant_a.schema_name):
        make_process(title_sv="Parkens framtid", published=True)
    rebuild_tenant_catalog(tenant_a)
    assert CatalogEntry.objects.filter(tenant=tenant_a).exists()
    _status(ops_client, tenant_a, "archive", reason="Nämnden är nedlagd")
    assert not CatalogEntry.objects.filter(tenant=tenant_a).exists()
    assert (
        "Parkens framtid"
        not in ops_client.get("/processes/", HTTP_HOST="localhost").content.decode()
    )
    page = ops_client.get("/", HTTP_HOST=host_of(tenant_a))
    assert page.status_code == 200
    assert "Parkens framtid" in page.content.decode()
    assert ops_client.post("/", HTTP_HOST=host_of(tenant_a)).status_code == 410


def test_a_status_change_needs_a_reason_and_a_known_action(ops_client, tenant_a):
    response = _status(ops_client, tenant_a, "suspend", reason="")
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.READY
    assert not PlatformEvent.objects.exists()
    assert _status(ops_client, tenant_a, "explode").status_code == 404


def test_only_operators_change_a_status(client, bob, tenant_a):
    sign_in_with_two_factor(client, bob)
    assert _status(client, tenant_a, "suspend").status_code == 404
    # Not even the method gives the page away.
    assert client.get("/ops/tenants/alfa/status/suspend/", HTTP_HOST="localhost").status_code == 404
    tenant_a.refresh_from_db()
    assert tenant_a.status == Tenant.Status.READY


def test_the_dashboard_shows_each_tenant_in_a_fixed_number_of_queries(
    ops_client, make_tenant, django_assert_max_num_queries
):
    first = make_tenant("forsta")
    with schema_context(first.schema_name):
        make_process(title_sv="Öppen process", published=True)
        log_action(None, "test.touched", target="x")
    ops_client.get("/ops/", HTTP_HOST="localhost")  # warm the host and session
    with django_assert_max_num_queries(12) as small:
        page = ops_client.get("/ops/", HTTP_HOST="localhost").content.decode()
    assert "Förvaltning forsta" in page
    budget = len(small.captured_queries)  # read now: the next request clears the log
    for number in range(6):
        make_tenant(f"fler{number}x")
    ops_client.get("/ops/", HTTP_HOST="localhost")
    with django_assert_max_num_queries(budget):
        page = ops_client.get("/ops/", HTTP_HOST="localhost").content.decode()
    assert page.count("/ops/tenants/fler") == 6


def test_the_dashboard_figures(ops_client, tenant_a):
    from tenants.ops_dashboard import tenant_rows

    with schema_context(tenant_a.schema_name):
        make_process(title_sv="Öppen process", published=True)
        log_action(None, "test.touched", target="x")
    rebuild_tenant_catalog(tenant_a)
    (row,) = tenant_rows()
    assert row.tenant == tenant_a
    assert row.domains == ["alfa.localhost"]
    assert row.active_processes == 1
    assert row.last_activity is not None
    assert row.size_bytes > 100_000


def test_the_audit_log_pages_and_filters(
    ops_client, operator, tenant_a, tenant_b, django_assert_max_num_queries
):
    from tenants import audit

    for number in range(60):
        audit.record(
            "test.event", by=operator, tenant=tenant_a if number % 2 else tenant_b, n=number
        )
    ops_client.get("/ops/audit/", HTTP_HOST="localhost")
    with django_assert_max_num_queries(10):
        page = ops_client.get(
            "/ops/audit/?tenant=alfa&page=1", HTTP_HOST="localhost"
        ).content.decode()
    assert page.count("<code>test.event</code>") == 30
    page = ops_client.get("/ops/audit/", HTTP_HOST="localhost").content.decode()
    assert page.count("<code>test.event</code>") == 50
    assert "page=2" in page


def test_the_tenant_page_lists_admins_and_events(ops_client, bob, tenant_a):
    _status(ops_client, tenant_a, "suspend")
    page = ops_client.get("/ops/tenants/alfa/", HTTP_HOST="localhost").content.decode()
    assert "bob@example.org" in page
    assert "tenant.suspended" in page
    assert ops_client.get("/ops/tenants/nope/", HTTP_HOST="localhost").status_code == 404


def _image(kind: str, size: tuple[int, int] = (40, 40)) -> bytes:
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "navy").save(out, kind)
    return out.getvalue()


def test_ops_change_the_branding_and_bad_files_are_refused(ops_client, operator, tenant_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ops_client.cookies["django_language"] = "en"
    base = {
        "name_sv": "Alfaförvaltningen",
        "name_en": "Alpha Administration",
        "kind": "bolag",
        "primary_color": "#1f5f3a",
        "contact_email": "hej@alfa.example",
    }
    path = "/ops/tenants/alfa/branding/"
    gif = SimpleUploadedFile("logo.gif", _image("GIF"), content_type="image/gif")
    response = ops_client.post(path, {**base, "logo": gif}, HTTP_HOST="localhost")
    assert "Use a PNG, JPEG or WebP image" in response.content.decode()
    text = SimpleUploadedFile("logo.png", b"not an image", content_type="image/png")
    response = ops_client.post(path, {**base, "logo": text}, HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "valid image" in response.content.decode()
    response = ops_client.post(path, {**base, "primary_color": "#ffff00"}, HTTP_HOST="localhost")
    assert "4.5:1" in response.content.decode()
    tenant_a.refresh_from_db()
    assert (tenant_a.name_sv, tenant_a.logo.name) == ("Förvaltning alfa", "")

    png = SimpleUploadedFile("logo.png", _image("PNG"), content_type="image/png")
    response = ops_client.post(path, {**base, "logo": png}, HTTP_HOST="localhost")
    assert response.status_code == 302
    tenant_a.refresh_from_db()
    assert (tenant_a.name_sv, tenant_a.kind, tenant_a.primary_color) == (
        "Alfaförvaltningen",
        "bolag",
        "#1f5f3a",
    )
    assert tenant_a.logo.name.startswith("public/branding/alfa/logo")
    event = PlatformEvent.objects.get(verb="tenant.branding_changed")
    assert event.actor == operator
    assert "logo" in event.details["fields"]
    home = ops_client.get("/", HTTP_HOST=host_of(tenant_a)).content.decode()
    assert tenant_a.logo.url in home
    tenant_a.logo.delete(save=False)


def test_branding_is_for_operators_only(client, bob, tenant_a):
    sign_in_with_two_factor(client, bob)
    assert client.get("/ops/tenants/alfa/branding/", HTTP_HOST="localhost").status_code == 404
    assert (
        client.post(
            "/ops/tenants/alfa/branding/", {"name_sv": "X"}, HTTP_HOST="localhost"
        ).status_code
        == 404
    )
    assert client.get("/ops/tenants/alfa/branding/", HTTP_HOST=host_of(tenant_a)).status_code == 404
