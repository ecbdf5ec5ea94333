"""Catalog rows for tests of the portal's read side (the portal reads only this table).

Tests of the write side publish real processes (tests.spaces.factories.make_process and
tenant_apps.spaces.actions.set_space_published) instead.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from shared_apps.portal.models import CatalogEntry
from tenants.models import Tenant


def make_entry(tenant: Tenant, key: str, **fields: Any) -> CatalogEntry:
    """Create a running process entry (started 5 days ago, ends in 30) unless told."""
    today = date.today()
    fields.setdefault("kind", CatalogEntry.Kind.PROCESS)
    fields.setdefault("title_sv", f"Titel {key}")
    fields.setdefault("title_en", f"Title {key}")
    fields.setdefault("path", f"/processes/{key}/")
    fields.setdefault("starts", today - timedelta(days=5))
    fields.setdefault("ends", today + timedelta(days=30))
    return CatalogEntry.objects.create(
        tenant=tenant, key=key, space_key=fields.pop("space_key", key), **fields
    )
