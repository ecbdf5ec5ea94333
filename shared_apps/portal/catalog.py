"""Write the portal catalog from tenant-side actions (same transaction as the change)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector

from shared_apps.portal.models import CatalogEntry


def replace_space_entries(tenant: Any, space_key: str, entries: Iterable[dict[str, Any]]) -> None:
    """Make the catalog hold exactly `entries` for the space (none: the space is gone).

    Each entry is a dict of CatalogEntry fields with at least `key`, `kind`, `title_sv`
    and `path`. Call inside the tenant action's transaction.
    """
    rows = [CatalogEntry(tenant_id=tenant.pk, space_key=space_key, **entry) for entry in entries]
    CatalogEntry.objects.filter(tenant_id=tenant.pk, space_key=space_key).delete()
    if not rows:
        return
    CatalogEntry.objects.bulk_create(rows)
    # Swedish stemming for Swedish text, English for English; titles weigh most.
    CatalogEntry.objects.filter(tenant_id=tenant.pk, space_key=space_key).update(
        search_vector=SearchVector("title_sv", weight="A", config="swedish")
        + SearchVector("title_en", weight="A", config="english")
        + SearchVector("summary_sv", weight="B", config="swedish")
        + SearchVector("summary_en", weight="B", config="english")
    )


def remove_tenant_entries(tenant: Any) -> None:
    """Take every entry of the tenant off the portal (suspended or archived tenant)."""
    CatalogEntry.objects.filter(tenant_id=tenant.pk).delete()
