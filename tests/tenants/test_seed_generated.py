"""`seed_demo --tenants N --processes-per-tenant M`: generated tenants with processes that
are running, upcoming and finished, on the portal through the real catalog writer."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.models import Phase, Process
from tenants.management.commands.seed_demo import seed_generated_tenants
from tenants.models import Tenant

pytestmark = pytest.mark.django_db


def test_it_creates_tenants_with_processes_in_every_status_once(portal):
    today = timezone.localdate()
    tenants = seed_generated_tenants(2, 6)
    assert [tenant.slug for tenant in tenants] == ["demo-001", "demo-002"]
    with schema_context(tenants[0].schema_name):
        assert Process.objects.filter(published=True).count() == 6
        assert Phase.objects.count() == 18
        assert Phase.objects.filter(is_active=True).count() == 6
        assert not Process.objects.filter(areas=None).exists()
    entries = CatalogEntry.objects.filter(kind="process")
    assert entries.count() == 12
    assert entries.active(today).count() == 4
    assert entries.upcoming(today).count() == 4
    assert entries.past(today).count() == 4
    assert all(entry.areas and entry.categories and entry.phase_sv for entry in entries)
    ids = set(entries.values_list("pk", flat=True))

    seed_generated_tenants(2, 6)  # again: nothing new
    assert Tenant.objects.filter(slug__startswith="demo-").count() == 2
    assert set(CatalogEntry.objects.filter(kind="process").values_list("pk", flat=True)) == ids


def test_rebuild_catalog_for_one_tenant_keeps_its_entry_ids(portal):
    (tenant,) = seed_generated_tenants(1, 3)
    before = dict(CatalogEntry.objects.values_list("key", "pk"))
    call_command("rebuild_catalog", tenant=tenant.slug)
    assert dict(CatalogEntry.objects.values_list("key", "pk")) == before


def test_the_reconcile_task_empties_a_suspended_tenant(portal):
    from tenant_apps.spaces.tasks import reconcile_tenant_catalog

    (tenant,) = seed_generated_tenants(1, 3)
    Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.SUSPENDED)
    assert reconcile_tenant_catalog(tenant.pk) == 0
    assert not CatalogEntry.objects.exists()
    assert reconcile_tenant_catalog(999_999) == 0
