"""Keep a space's rows in the portal catalog equal to what is published now.

Called by every action that publishes, unpublishes or changes what the catalog shows
(texts, dates, the active phase, components), inside that action's transaction.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.portal.catalog import (
    remove_stale_spaces,
    remove_tenant_entries,
    replace_space_entries,
)
from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.models import Assembly, Process
from tenant_apps.spaces.search import sync_space_documents
from tenants.models import Tenant, current_tenant


def space_key(space: Process | Assembly) -> str:
    return f"{'process' if isinstance(space, Process) else 'assembly'}:{space.pk}"


def _component_entries(space: Process | Assembly, base: dict[str, Any]) -> list[dict[str, Any]]:
    entries = []
    for component in space.components.filter(published=True):
        build = component.component_type.catalog if component.type_is_registered else None
        for item in build(component) if build else []:
            entries.append(
                {
                    **base,
                    "key": f"component:{component.pk}:{item.key}",
                    "kind": item.kind,
                    "title_sv": item.title_sv,
                    "title_en": item.title_en,
                    "summary_sv": item.summary_sv,
                    "summary_en": item.summary_en,
                    "path": item.url_path or component.get_absolute_url(),
                    "starts": item.starts,
                    "ends": item.ends,
                    "latitude": item.latitude,
                    "longitude": item.longitude,
                }
            )
    return entries


def sync_space(space: Process | Assembly, *, announce: bool = True) -> None:
    """Write (or remove) the space's catalog rows and its search documents; call inside
    the changing transaction.

    `announce=False` (a rebuild) keeps restored rows out of the `entries_added` signal:
    residents were told of them when they were first published."""
    tenant = current_tenant()
    if tenant is None:
        raise RuntimeError("spaces live in tenant schemas; no tenant is active")
    # Every caller that changes what the portal shows changes what search finds too.
    sync_space_documents(space)
    if not space.published:
        replace_space_entries(tenant, space_key(space), [], announce=announce)
        return
    areas = [area.slug for area in space.areas.all()]
    base: dict[str, Any] = {"areas": areas}
    if isinstance(space, Process):
        phase = space.phases.filter(is_active=True).first()
        base |= {
            "categories": [category.slug for category in space.categories.all()],
            "phase_sv": phase.title_sv if phase else "",
            "phase_en": phase.title_en if phase else "",
            "phase_starts": phase.starts if phase else None,
            "phase_ends": phase.ends if phase else None,
        }
        own = {
            "key": space_key(space),
            "kind": CatalogEntry.Kind.PROCESS,
            "summary_sv": space.summary_sv,
            "summary_en": space.summary_en,
            "starts": space.starts,
            "ends": space.ends,
            "promoted": space.promoted,
        }
    else:
        own = {
            "key": space_key(space),
            "kind": CatalogEntry.Kind.ASSEMBLY,
            "summary_sv": space.purpose_sv,
            "summary_en": space.purpose_en,
        }
    own |= {
        "title_sv": space.title_sv,
        "title_en": space.title_en,
        "path": space.get_absolute_url(),
    }
    replace_space_entries(
        tenant,
        space_key(space),
        [{**base, **own}, *_component_entries(space, base)],
        announce=announce,
    )


def rebuild_tenant_catalog(tenant: Tenant) -> int:
    """Make the tenant's catalog rows equal to what its schema publishes; return the count.

    Rows are updated in place (their ids stay), rows of spaces no longer published go,
    and a tenant that is not ready loses them all. One transaction per tenant, so the
    portal never shows a half-built tenant.
    """
    with transaction.atomic(), schema_context(tenant.schema_name):
        if tenant.status != Tenant.Status.READY:
            remove_tenant_entries(tenant)
            return 0
        keys = []
        for model in (Process, Assembly):
            for space in model.objects.filter(published=True).prefetch_related("areas"):
                sync_space(space, announce=False)
                keys.append(space_key(space))
        remove_stale_spaces(tenant, keys)
        return CatalogEntry.objects.filter(tenant=tenant).count()
