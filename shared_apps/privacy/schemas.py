"""The tenant schemas that may hold a resident's data."""

from __future__ import annotations

from django.db import connection

from tenants.models import Tenant


def tenants_with_schema() -> list[Tenant]:
    """Return every tenant whose schema exists, whatever its status.

    Suspended and archived tenants still hold residents' data, so export and deletion
    cover them too; a tenant row whose schema was never created (or was dropped) is
    skipped rather than failing the whole job.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace")
        existing = {row[0] for row in cursor.fetchall()}
    tenants = Tenant.objects.exclude(schema_name="public").order_by("schema_name")
    return [tenant for tenant in tenants if tenant.schema_name in existing]
