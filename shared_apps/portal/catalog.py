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
# Rows are updated in place, so an entry keeps its id for as long as its key is in the
# catalog; a rebuild (rebuild_tenant_catalog) restores rows without announcing them.
entries_added = Signal()

# Every column a sync writes; `created` is left alone on update (first publication).
SYNCED_FIELDS = [
    "space_key", "kind", "title_sv", "title_en", "summary_sv", "summary_en", "phase_sv",
    "phase_en", "path", "starts", "ends", "phase_starts", "phase_ends", "areas",
    "categories", "promoted", "latitude", "longitude", "modified",
]  # fmt: skip


def replace_space_entries(
    tenant: Any, space_key: str, entries: Iterable[dict[str, Any]], *, announce: bool = True
) -> None:
    """Make the catalog hold exactly `entries` for the space (none: the space is gone).

    Each entry is a dict of CatalogEntry fields with at least `key`, `kind`, `title_sv`
    and `path`. Rows whose key stays are updated in place (same id: links and alerts
    that name an entry keep working); keys that went are deleted; new keys are inserted
    and, with `announce`, named in `entries_added` after commit. Call inside the tenant
    action's transaction.
    """
    rows = [CatalogEntry(tenant_id=tenant.pk, space_key=space_key, **entry) for entry in entries]
    existing = CatalogEntry.objects.filter(tenant_id=tenant.pk, space_key=space_key)
    before = set(existing.values_list("key", flat=True))
    keys = {row.key for row in rows}
    if before - keys:
        existing.exclude(key__in=keys).delete()
    if not rows:
        return
    # One INSERT ... ON CONFLICT (tenant, key) DO UPDATE; PostgreSQL returns every id.
    CatalogEntry.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["tenant", "key"],
        update_fields=SYNCED_FIELDS,
    )
    added = [row.pk for row in rows if row.key not in before]
    if added and announce:
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


def remove_stale_spaces(tenant: Any, space_keys: Iterable[str]) -> int:
    """Delete the tenant's rows of spaces not in `space_keys` (deleted or unpublished
    behind the actions' back); return how many rows went."""
    stale = CatalogEntry.objects.filter(tenant_id=tenant.pk).exclude(space_key__in=list(space_keys))
    return stale.delete()[0]


def remove_tenant_entries(tenant: Any) -> None:
    """Take every entry of the tenant off the portal (suspended or archived tenant)."""
    CatalogEntry.objects.filter(tenant_id=tenant.pk).delete()
