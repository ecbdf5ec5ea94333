"""Rebuild the participation index from the tenant schemas (every tenant, or one).

Tenant actions write the index in the same transaction as their change; this command
repairs it after a restore, a bug or a manual database edit. Each tenant is rebuilt in one
transaction, so the portal never shows a half-built tenant. Follows are not rebuilt: they
live in the public schema already (notifications.Follow).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_tenants.utils import schema_context

from shared_apps.participation.actions import rebuild_tenant
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Rebuild residents' participation index from the tenant schemas."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--tenant", help="Only this tenant's slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenants = Tenant.objects.exclude(schema_name="public").order_by("slug")
        if options["tenant"]:
            tenants = tenants.filter(slug=options["tenant"])
            if not tenants.exists():
                raise CommandError(f"There is no tenant {options['tenant']!r}.")
        for tenant in tenants:
            with schema_context(tenant.schema_name):
                counts = rebuild_tenant(tenant)
            summary = ", ".join(f"{kind} {count}" for kind, count in counts.items())
            self.stdout.write(f"{tenant.slug}: {summary or 'nothing to rebuild'}")
