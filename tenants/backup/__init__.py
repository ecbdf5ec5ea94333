"""Per-tenant backup and restore, and the export that precedes a tenant's deletion.

See docs/backup.md and docs/adr/0016-tenant-backups.md.
"""

from tenants.backup.archive import Manifest
from tenants.backup.dump import backup_tenant
from tenants.backup.errors import BackupError
from tenants.backup.export import export_tenant, latest_export, request_export, run_export
from tenants.backup.restore import restore_tenant

__all__ = [
    "BackupError",
    "Manifest",
    "backup_tenant",
    "export_tenant",
    "latest_export",
    "request_export",
    "restore_tenant",
    "run_export",
]
