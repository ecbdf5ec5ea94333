"""Periodic work for spaces, fanned out over ready tenants."""

from __future__ import annotations

from celery import shared_task
from django_tenants.utils import schema_context

from tenants.models import Tenant


@shared_task
def advance_phases_in_tenant(schema_name: str) -> list[str]:
    """Activate the phases today's date points to in one tenant. Idempotent."""
    from tenant_apps.spaces.phases import advance_phases

    with schema_context(schema_name):
        return advance_phases()


@shared_task
def advance_phases_everywhere() -> int:
    """Queue `advance_phases_in_tenant` for every ready tenant; return how many."""
    schemas = list(Tenant.objects.ready().values_list("schema_name", flat=True))
    for schema_name in schemas:
        advance_phases_in_tenant.delay(schema_name)
    return len(schemas)


@shared_task
def reconcile_tenant_catalog(tenant_id: int) -> int:
    """Make one tenant's catalog rows equal to its schema (ready) or remove them (not
    ready); return the count. Takes an id and reloads it, so a status changed since the
    task was queued is respected. Idempotent."""
    from tenant_apps.spaces.catalog import rebuild_tenant_catalog

    tenant = Tenant.objects.exclude(schema_name="public").filter(pk=tenant_id).first()
    return rebuild_tenant_catalog(tenant) if tenant else 0


@shared_task
def reconcile_catalog() -> int:
    """Queue `reconcile_tenant_catalog` for every tenant (nightly repair); return how many.

    Every tenant, not only ready ones: a suspended tenant's stray rows are removed too.
    One task per tenant, so one broken schema does not stop the others' repair."""
    ids = list(Tenant.objects.exclude(schema_name="public").values_list("pk", flat=True))
    for tenant_id in ids:
        reconcile_tenant_catalog.delay(tenant_id)
    return len(ids)


@shared_task
def reconcile_search_index() -> int:
    """Rebuild every tenant's search documents from its schema (nightly repair); return
    how many documents there are. Idempotent."""
    from tenant_apps.spaces.search import rebuild_tenant_search

    tenants = Tenant.objects.exclude(schema_name="public")
    return sum(rebuild_tenant_search(tenant) for tenant in tenants)
