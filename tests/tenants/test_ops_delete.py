"""Deleting a tenant: only after a complete export, only with the slug typed again, and
then everything of it goes (schema, public rows, files) except the export and the audit
log. Exports are pg_dump runs in other processes, so these tests commit (LIVE_DB)."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django_tenants.utils import schema_context, schema_exists

from shared_apps.accounts.models import Membership
from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.catalog import rebuild_tenant_catalog
from tenants.actions import DeletionRefused, delete_tenant
from tenants.backup import export_tenant, latest_export, restore_tenant
from tenants.backup.export import export_file
from tenants.models import Domain, PlatformEvent, Tenant, TenantExport
from tests.conftest import LIVE_DB, activate_totp, make_user, sign_in_with_two_factor
from tests.spaces.factories import make_process
from tests.tenants.backup_content import cleanup

__all__ = ["cleanup"]

pytestmark = LIVE_DB


@pytest.fixture
def operator(portal):
    user = make_user("ops@example.org", "Ops", is_staff=True)
    activate_totp(user)
    return user


def _content(tenant: Tenant) -> str:
    with schema_context(tenant.schema_name):
        make_process(title_sv="Parkens framtid", published=True)
        name = default_storage.save("uploads/karta.txt", ContentFile(b"karta"))
    rebuild_tenant_catalog(tenant)
    return name


def test_the_page_refuses_without_an_export_then_deletes_after_one(
    client, operator, bob, make_tenant, cleanup
):
    cleanup += ["gamma"]
    tenant = make_tenant("gamma")
    Membership.objects.create(user=bob, tenant=tenant, role="admin")
    stored = _content(tenant)
    assert (Path(settings.MEDIA_ROOT) / stored).is_file()
    sign_in_with_two_factor(client, operator)
    client.cookies["django_language"] = "en"

    response = client.post(
        "/ops/tenants/gamma/delete/", {"confirm_slug": "gamma"}, HTTP_HOST="localhost", follow=True
    )
    assert "export gamma first" in response.content.decode()
    assert schema_exists("t_gamma")

    export = export_tenant(tenant, by=operator)
    assert export.status == TenantExport.Status.DONE
    page = client.get("/ops/tenants/gamma/", HTTP_HOST="localhost").content.decode()
    assert "Delete gamma for good" in page

    response = client.post(
        "/ops/tenants/gamma/delete/", {"confirm_slug": "Gamma"}, HTTP_HOST="localhost", follow=True
    )
    assert "Type gamma exactly" in response.content.decode()
    assert Tenant.objects.filter(slug="gamma").exists()

    response = client.post(
        "/ops/tenants/gamma/delete/", {"confirm_slug": "gamma"}, HTTP_HOST="localhost"
    )
    assert response.status_code == 302
    assert response["Location"] == "/ops/"
    assert not Tenant.objects.filter(slug="gamma").exists()
    assert not schema_exists("t_gamma")
    assert not Domain.objects.filter(domain="gamma.localhost").exists()
    assert not Membership.objects.filter(tenant_id=tenant.pk).exists()
    assert not CatalogEntry.objects.filter(tenant_id=tenant.pk).exists()
    assert not (Path(settings.MEDIA_ROOT) / stored).exists()
    assert client.get("/", HTTP_HOST="gamma.localhost").status_code == 404
    # What remains: the export (with its file) and the audit log, by slug.
    kept = TenantExport.objects.get(pk=export.pk)
    assert (kept.tenant_id, kept.tenant_slug) == (None, "gamma")
    assert export_file(kept) is not None
    event = PlatformEvent.objects.get(verb="tenant.deleted")
    assert (event.actor, event.tenant_slug, event.details["export"]) == (
        operator,
        "gamma",
        export.pk,
    )
    # And the export brings the tenant back.
    restored = restore_tenant(Path(settings.PRIVATE_MEDIA_ROOT) / kept.path, by=operator)
    assert restored.slug == "gamma"
    with schema_context(restored.schema_name):
        from tenant_apps.spaces.models import Process

        assert Process.objects.get().title_sv == "Parkens framtid"


def test_the_action_refuses_others_and_a_vanished_export(operator, bob, make_tenant, cleanup):
    cleanup += ["delta"]
    tenant = make_tenant("delta")
    export = export_tenant(tenant, by=operator)
    with pytest.raises(PermissionDenied):
        delete_tenant(tenant, by=bob, confirm_slug="delta")
    export_file(export).unlink()  # the archive was removed from disk
    assert latest_export(tenant) is None
    with pytest.raises(DeletionRefused, match="export delta first"):
        delete_tenant(tenant, by=operator, confirm_slug="delta")
    assert schema_exists("t_delta")


def test_the_page_exports_through_the_worker(client, operator, make_tenant, cleanup, celery_worker):
    import time

    cleanup += ["epsilon"]
    make_tenant("epsilon")
    sign_in_with_two_factor(client, operator)
    with transaction.atomic():
        response = client.post("/ops/tenants/epsilon/export/", HTTP_HOST="localhost")
    assert response.status_code == 302
    export = TenantExport.objects.get(tenant_slug="epsilon")
    deadline = time.monotonic() + 60
    while export.status == TenantExport.Status.RUNNING and time.monotonic() < deadline:
        time.sleep(0.2)
        export.refresh_from_db()
    assert export.status == TenantExport.Status.DONE, export.error
    assert export.requested_by == operator
    page = client.get("/ops/tenants/epsilon/", HTTP_HOST="localhost").content.decode()
    assert export.sha256[:10] in page


def test_outsiders_cannot_export_or_delete(client, bob, alice, tenant_a, cleanup):
    for user in (alice, bob):
        client.logout()
        if user is bob:
            sign_in_with_two_factor(client, user)
        else:
            client.force_login(user)
        for path in (
            "/ops/tenants/alfa/export/",
            "/ops/tenants/alfa/delete/",
            "/ops/tenants/alfa/invite/",
        ):
            assert (
                client.post(path, {"confirm_slug": "alfa"}, HTTP_HOST="localhost").status_code
                == 404
            )
            assert client.post(path, HTTP_HOST="alfa.localhost").status_code == 404
    assert not TenantExport.objects.exists()
    assert Tenant.objects.filter(slug="alfa").exists()
