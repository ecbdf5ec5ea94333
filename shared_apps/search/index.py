"""Write the city-wide search index from tenant-side actions (same transaction as the
change), like the portal catalog.

Callers hand over `Document`s: what a resident may see, nothing else. Whether something
is public (published space and component, not hidden, not withdrawn) is the tenant side's
decision (tenant_apps/spaces/search.py); this module only stores what it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.db.models import QuerySet

from shared_apps.search.models import SearchDocument
from shared_apps.search.text import TITLE_MAX_LENGTH, plain_text


@dataclass(frozen=True)
class Document:
    """One searchable thing. Texts are plain (pass `html=True` to `clean` for HTML)."""

    key: str
    kind: str
    title_sv: str
    path: str
    title_en: str = ""
    body_sv: str = ""
    body_en: str = ""
    areas: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None


def _row(tenant: Any, space_key: str, document: Document) -> SearchDocument:
    title_sv = plain_text(document.title_sv, limit=TITLE_MAX_LENGTH)
    title_en = plain_text(document.title_en, limit=TITLE_MAX_LENGTH)
    return SearchDocument(
        tenant_id=tenant.pk,
        space_key=space_key,
        key=document.key,
        kind=document.kind,
        title_sv=title_sv,
        title_en=title_en,
        body_sv=plain_text(document.body_sv),
        body_en=plain_text(document.body_en),
        title_words=f"{title_sv} {title_en}".strip().lower(),
        path=document.path,
        areas=sorted(set(document.areas)),
        published=document.published,
        updated=document.updated,
    )


def _write_vectors(rows: QuerySet[SearchDocument]) -> None:
    # Swedish stemming for Swedish text, English for English; titles weigh most.
    rows.update(
        search_vector=SearchVector("title_sv", weight="A", config="swedish")
        + SearchVector("title_en", weight="A", config="english")
        + SearchVector("body_sv", weight="B", config="swedish")
        + SearchVector("body_en", weight="B", config="english")
    )


def replace_space_documents(tenant: Any, space_key: str, documents: Iterable[Document]) -> None:
    """Make the index hold exactly `documents` for the space (none: the space is gone or
    unpublished). Call inside the tenant action's transaction."""
    existing = SearchDocument.objects.filter(tenant_id=tenant.pk, space_key=space_key)
    existing.delete()
    rows = [_row(tenant, space_key, document) for document in documents]
    if rows:
        SearchDocument.objects.bulk_create(rows)
        _write_vectors(SearchDocument.objects.filter(tenant_id=tenant.pk, space_key=space_key))


def put_document(tenant: Any, space_key: str, document: Document) -> None:
    """Add or replace one document (a proposal created or edited)."""
    row = _row(tenant, space_key, document)
    SearchDocument.objects.filter(tenant_id=tenant.pk, key=document.key).delete()
    row.save()
    _write_vectors(SearchDocument.objects.filter(pk=row.pk))


def remove_documents(tenant: Any, keys: Iterable[str]) -> None:
    """Remove documents by key (a proposal hidden, a project deleted)."""
    SearchDocument.objects.filter(tenant_id=tenant.pk, key__in=list(keys)).delete()


def remove_tenant_documents(tenant: Any) -> int:
    """Take every document of the tenant out of search (suspended or archived tenant);
    return how many. The search query also skips tenants that are not ready, so this is
    about not keeping their text, not about hiding it."""
    deleted, _by_model = SearchDocument.objects.filter(tenant_id=tenant.pk).delete()
    return deleted
