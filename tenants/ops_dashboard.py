"""Figures for the ops dashboard, read in a fixed number of queries for any number of
tenants: the last action in each schema and each schema's size come from one query each
over the catalogue, not one per tenant."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from shared_apps.portal.models import CatalogEntry
from tenants.models import Tenant


@dataclass(frozen=True)
class TenantRow:
    tenant: Tenant
    domains: list[str]
    last_activity: datetime | None
    size_bytes: int
    active_processes: int


def _schema_sizes() -> dict[str, int]:
    """Return the bytes of tables, indexes and TOAST per schema, in one query."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT n.nspname, COALESCE(SUM(pg_total_relation_size(c.oid)), 0)
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'm') AND n.nspname LIKE 't\\_%%'
            GROUP BY n.nspname
            """
        )
        return {schema: int(size) for schema, size in cursor.fetchall()}


def _last_actions(schemas: list[str]) -> dict[str, datetime]:
    """Return the time of the newest action-log entry per schema, in one query."""
    existing = _existing_action_tables(schemas)
    if not existing:
        return {}
    # Schema names come from the catalogue and are quoted; only they are interpolated.
    parts = [
        "SELECT %s AS schema, MAX(created) AS last FROM "  # noqa: S608
        + connection.ops.quote_name(schema)
        + ".actionlog_action"
        for schema in existing
    ]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), existing)
        return {schema: last for schema, last in cursor.fetchall() if last is not None}


def _existing_action_tables(schemas: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_schema FROM information_schema.tables "
            "WHERE table_name = 'actionlog_action' AND table_schema = ANY(%s)",
            [schemas],
        )
        return sorted(row[0] for row in cursor.fetchall())


def tenant_rows() -> list[TenantRow]:
    """Return one row per tenant (the portal excluded), ordered by name."""
    tenants = list(Tenant.objects.exclude(schema_name="public").prefetch_related("domains"))
    active = dict(
        CatalogEntry.objects.filter(kind=CatalogEntry.Kind.PROCESS)
        .active(timezone.localdate())
        .values_list("tenant_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    schemas = [tenant.schema_name for tenant in tenants]
    sizes = _schema_sizes()
    last = _last_actions(schemas)
    return [
        TenantRow(
            tenant=tenant,
            domains=[domain.domain for domain in tenant.domains.all()],
            last_activity=last.get(tenant.schema_name),
            size_bytes=sizes.get(tenant.schema_name, 0),
            active_processes=active.get(tenant.pk, 0),
        )
        for tenant in tenants
    ]
