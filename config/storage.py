"""Store every uploaded file under its tenant's schema name.

The prefix is part of the stored *name*, not only of the location on disk, so the same
rule holds on an S3-compatible bucket and media serving can refuse another tenant's
files by looking at the first path segment.
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage
from django.db import connection


def current_prefix() -> str:
    """Return the schema name of the current connection, the files' tenant prefix."""
    return getattr(connection, "schema_name", "public")


class TenantPrefixMixin:
    """Prefix names produced for new uploads with the current tenant's schema name."""

    def generate_filename(self, filename: str) -> str:
        name = super().generate_filename(filename)  # type: ignore[misc]
        prefix = current_prefix()
        if name.startswith(prefix + "/"):
            return name
        return f"{prefix}/{name}"


class TenantFileSystemStorage(TenantPrefixMixin, FileSystemStorage):
    """The default storage: MEDIA_ROOT on disk, tenant-prefixed names."""
