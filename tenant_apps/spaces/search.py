"""Keep a tenant's documents in the city-wide search index equal to what it publishes.

`sync_space` (tenant_apps/spaces/catalog.py) calls `sync_space_documents`, so every action
that publishes, unpublishes or changes a space or its components re-indexes the whole
space in its own transaction. Actions on single items (a proposal edited, a project saved)
call `index_item`, which stores the item only while its component and space are published.

Adding a kind of content is one function: give the component type a `search` callable
returning its public `Document`s (see docs/search.md).
"""

from __future__ import annotations

from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.search.index import (
    Document,
    put_document,
    remove_documents,
    remove_tenant_documents,
    replace_space_documents,
)
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.spaces.models import Assembly, Component, Process
from tenants.models import Tenant, current_tenant


def _space_key(space: Process | Assembly) -> str:
    # The same key as the catalog's (catalog.space_key), kept here to avoid an import cycle.
    return f"{'process' if isinstance(space, Process) else 'assembly'}:{space.pk}"


def _tenant() -> Tenant:
    tenant = current_tenant()
    if tenant is None:
        raise RuntimeError("search documents are written from a tenant schema; none is active")
    return tenant


def space_document(space: Process | Assembly) -> Document:
    """Return the space's own document: its titles, summary and description."""
    if isinstance(space, Process):
        kind = SearchDocument.Kind.PROCESS
        lead_sv, lead_en = space.summary_sv, space.summary_en
    else:
        kind = SearchDocument.Kind.ASSEMBLY
        lead_sv, lead_en = space.purpose_sv, space.purpose_en
    return Document(
        key=_space_key(space),
        kind=kind,
        title_sv=space.title_sv,
        title_en=space.title_en,
        body_sv=f"{lead_sv} {plain_text(space.description_sv, html=True)}",
        body_en=f"{lead_en} {plain_text(space.description_en, html=True)}",
        path=space.get_absolute_url(),
        areas=space_areas(space),
        published=space.published_at,
        updated=space.modified,
    )


def space_areas(space: Process | Assembly) -> list[str]:
    """Return the slugs of the space's areas (items without their own area inherit them)."""
    return [area.slug for area in space.areas.all()]


def sync_space_documents(space: Process | Assembly) -> None:
    """Write (or remove) every document of the space; call inside the changing transaction."""
    tenant = _tenant()
    if not space.published:
        replace_space_documents(tenant, _space_key(space), [])
        return
    documents = [space_document(space)]
    for component in space.components.filter(published=True):
        build = component.component_type.search if component.type_is_registered else None
        if build:
            documents.extend(build(component))
    replace_space_documents(tenant, _space_key(space), documents)


def is_public(component: Component) -> bool:
    """Return whether residents can see the component's items (it and its space published).

    Asked of the database, not of the objects in hand: callers may hold a component or
    space read before an earlier action in the same request changed it."""
    if not component.type_is_registered:
        return False
    space = "process" if component.process_id else "assembly"
    return Component.objects.filter(
        pk=component.pk, published=True, **{f"{space}__published": True}
    ).exists()


def index_item(component: Component, key: str, document: Document | None) -> None:
    """Store one item's document, or remove it (`document` None: hidden, withdrawn, gone;
    or its component or space is not published). Call inside the changing transaction."""
    tenant = _tenant()
    if document is None or not is_public(component):
        remove_documents(tenant, [key])
        return
    put_document(tenant, _space_key(component.space), document)


def remove_items(keys: list[str]) -> None:
    """Remove items' documents by key (a budget deleted with its projects)."""
    remove_documents(_tenant(), keys)


def rebuild_tenant_search(tenant: Tenant) -> int:
    """Replace the tenant's documents with what its schema publishes; return the count.

    One transaction per tenant, so search never shows a half-built tenant. A tenant that
    is not ready loses its documents."""
    with transaction.atomic(), schema_context(tenant.schema_name):
        remove_tenant_documents(tenant)
        if tenant.status != Tenant.Status.READY:
            return 0
        for model in (Process, Assembly):
            for space in model.objects.filter(published=True).prefetch_related("areas"):
                sync_space_documents(space)
        return SearchDocument.objects.filter(tenant=tenant).count()
