"""Build the open-data archives: one per tenant and one for the whole city."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.utils import timezone

from shared_apps.opendata.archive import write_zip
from shared_apps.opendata.models import OpenDataArchive
from shared_apps.opendata.tables import TABLES, Table, eproposal_tables, tenant_tables
from tenants.models import Tenant

# Archives kept per tenant (and for the city); older ones are deleted with their files.
KEEP = 7


def _ready_tenants() -> list[Tenant]:
    return list(Tenant.objects.ready())


def _store(
    tenant: Tenant | None, name: str, content: bytes, counts: dict[str, int]
) -> OpenDataArchive:
    # Saved from the public schema, so the file is "public/opendata/…" and the portal
    # host serves it (config/media.py).
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    with transaction.atomic():
        archive = OpenDataArchive(tenant=tenant, size=len(content), counts=counts)
        archive.file.save(name, ContentFile(content), save=False)
        archive.save()
        old = list(OpenDataArchive.objects.filter(tenant=tenant).order_by("-created", "-pk")[KEEP:])
        for stale in old:
            stale.file.delete(save=False)
            stale.delete()
    return archive


def build_tenant_archive(tenant: Tenant) -> OpenDataArchive:
    """Build the tenant's archive from what its public pages show."""
    built = timezone.now()
    tables = tenant_tables(tenant)
    content = write_zip(f"{tenant.name_sv} ({tenant.slug})", tables, built)
    name = f"torget-{tenant.slug}-{built:%Y-%m-%d-%H%M%S}.zip"
    return _store(tenant, name, content, {table: len(rows) for table, rows in tables.items()})


def build_city_archive() -> OpenDataArchive:
    """Build the whole city's archive: every ready tenant's tables, each row with its
    tenant, plus a table of the tenants and the city-wide e-proposals."""
    built = timezone.now()
    tenants = _ready_tenants()
    merged: dict[str, Table] = {table: [] for table in TABLES}
    for tenant in tenants:
        for table, rows in tenant_tables(tenant).items():
            merged[table].extend({"tenant": tenant.slug, **row} for row in rows)
    tables = {
        "tenants": [
            {"slug": t.slug, "name_sv": t.name_sv, "name_en": t.name_en, "kind": t.kind}
            for t in tenants
        ],
        **merged,
    }
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    tables.update(eproposal_tables())
    content = write_zip("The whole city", tables, built)
    name = f"torget-city-{built:%Y-%m-%d-%H%M%S}.zip"
    return _store(None, name, content, {table: len(rows) for table, rows in tables.items()})
