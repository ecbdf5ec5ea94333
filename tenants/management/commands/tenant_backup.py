"""Back up one tenant into one archive file: `manage.py tenant_backup SLUG FILE`.

The archive (tar, gzip-compressed when FILE ends in .gz or .tgz) holds the schema's dump,
the tenant's public rows, its files and a manifest with checksums; see docs/backup.md.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tenants.backup import BackupError, backup_tenant
from tenants.models import Tenant


class Command(BaseCommand):
    help = "Back up one tenant (schema, public rows, files) into one archive file."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("slug", help="The tenant's slug.")
        parser.add_argument("file", help="The archive to write, e.g. kultur.tar.gz.")

    def handle(self, *args: Any, **options: Any) -> None:
        tenant = Tenant.objects.exclude(schema_name="public").filter(slug=options["slug"]).first()
        if tenant is None:
            raise CommandError(f"There is no tenant {options['slug']!r}.")
        path = Path(options["file"])
        if path.exists():
            raise CommandError(f"{path} exists already; choose another file name.")
        started = time.monotonic()
        try:
            manifest = backup_tenant(tenant, path, by="command", progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = path.stat().st_size
        self.stdout.write(
            self.style.SUCCESS(
                f"Backed up {tenant.slug} to {path}: {len(manifest.tables)} tables, "
                f"{manifest.rows} rows, {len(manifest.files)} files "
                f"({manifest.file_bytes} bytes); archive {size} bytes, "
                f"{time.monotonic() - started:.1f}s"
            )
        )
        if manifest.missing_files:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(manifest.missing_files)} files named in the schema were not in "
                    f"storage: {', '.join(manifest.missing_files[:10])}"
                )
            )
