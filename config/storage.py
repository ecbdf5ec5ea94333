"""Store every uploaded file under its tenant's schema name.

The prefix is part of the stored *name*, not only of the location on disk, so the same
rule holds on an S3-compatible bucket and media serving can refuse another tenant's
files by looking at the first path segment.
"""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import connection


def current_prefix() -> str:
    """Return the schema name of the current connection, the files' tenant prefix."""
    return getattr(connection, "schema_name", "public")


class TenantPrefixMixin:
    """Prefix the name of every newly saved file with the current tenant's schema name.

    `get_available_name` is the one step every save (FileField or direct) goes through.
    """

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        prefix = current_prefix()
        if not name.startswith(prefix + "/"):
            name = f"{prefix}/{name}"
        return super().get_available_name(name, max_length)  # type: ignore[misc]


class TenantFileSystemStorage(TenantPrefixMixin, FileSystemStorage):
    """The default storage: MEDIA_ROOT on disk, tenant-prefixed names."""


class PrivateFileSystemStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, which has no URL: a view must stream them.

    The location is read from settings on every use (not cached at start-up), so tests
    and the worker they start can point it elsewhere.
    """

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("private files have no URL; stream them from a view")
