"""Write the portal catalog from tenant-side actions (same transaction as the change)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db import transaction
from django.dispatch import Signal

from shared_apps.portal.models import CatalogEntry

# Sent after commit when a space's rows include keys the catalog did not hold before
# (a process published, a vote or a call for ideas opened): `tenant_id`, `entry_ids`.
# A rebuild (rebuild_tenant_catalog) removes every row first and does not send it.
entries_added = Signal()


def replace_space_entries(tenant: Any, space_key: str, entries: Iterable[dict[str, Any]]) -> None:
    """Make the catalog hold exactly `entries` for the space (none: the space is gone).

    Each entry is a dict of CatalogEntry fields with at least `key`, `kind`, `title_sv`
    and `path`. Call inside the tenant action's transaction.
    """
    rows = [CatalogEntry(tenant_id=tenant.pk, space_key=space_key, **entry) for entry in entries]
    existing = CatalogEntry.objects.filter(tenant_id=tenant.pk, space_key=space_key)
    before = set(existing.values_list("key", flat=True))
    existing.delete()
    if not rows:
        return
    CatalogEntry.objects.bulk_create(rows)
    added = [row.pk for row in rows if row.key not in before]
    if added:
        # Listeners (area alerts) hear of entries new on the portal once they are there.
        transaction.on_commit(
            lambda: entries_added.send(sender=CatalogEntry, tenant_id=tenant.pk, entry_ids=added)
        )
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
