"""Restore a tenant from its archive: `manage.py tenant_restore FILE [--as NEW_SLUG]`.

Without --as the tenant comes back under its own slug (after a deletion); with --as a
copy is made next to the original, with only the primary domain NEW_SLUG.PLATFORM_DOMAIN.
See docs/backup.md.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.backup import BackupError, restore_tenant
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Restore a tenant from a tenant_backup archive (under its slug, or --as a copy)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="The archive made by tenant_backup.")
        parser.add_argument(
            "--as", dest="as_slug", metavar="NEW_SLUG", help="Restore a copy under this slug."
        )
        parser.add_argument(
            "--status",
            choices=Tenant.Status.values,
            help="The restored tenant's status (default: as archived).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        try:
            tenant = restore_tenant(
                options["file"],
                as_slug=options["as_slug"],
                status=options["status"],
                by="command",
                progress=self.stdout.write,
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Restored {tenant.slug} (schema {tenant.schema_name}) in "
                f"{time.monotonic() - started:.1f}s."
            )
        )
