"""Rebuild the city-wide search index from the tenant schemas (all tenants, or one).

Tenant actions write the index in the same transaction as their change; this command
repairs it after a restore, a bug, a manual database edit, or a new kind of content added
to the index. Each tenant is rebuilt in one transaction, so search never shows a
half-built tenant. Suspended and archived tenants lose their documents.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenant_apps.spaces.search import rebuild_tenant_search
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Rebuild the city-wide search index from the tenant schemas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="Only this tenant's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = Tenant.objects.exclude(schema_name="public").order_by("slug")
        if options["tenant"]:
            tenants = tenants.filter(slug=options["tenant"])
            if not tenants.exists():
                raise CommandError(f"There is no tenant {options['tenant']!r}.")
        for tenant in tenants:
            count = rebuild_tenant_search(tenant)
            self.stdout.write(f"{tenant.slug}: {count} search documents")
