"""Rebuild the portal catalog from the tenant schemas (all ready tenants, or one).

The catalog is written by tenant actions in the same transaction as their change; this
command repairs it after a restore, a bug or a manual database edit. Each tenant is
rebuilt in one transaction, so the portal never shows a half-built tenant. Suspended and
archived tenants lose their rows.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenant_apps.spaces.catalog import rebuild_tenant_catalog
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Rebuild the portal catalog from the tenant schemas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="Only this tenant's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = Tenant.objects.exclude(schema_name="public").order_by("slug")
        if options["tenant"]:
            tenants = tenants.filter(slug=options["tenant"])
            if not tenants.exists():
                raise CommandError(f"There is no tenant {options['tenant']!r}.")
        for tenant in tenants:
            count = rebuild_tenant_catalog(tenant)
            self.stdout.write(f"{tenant.slug}: {count} catalog entries")
