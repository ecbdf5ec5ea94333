"""Pages in the city-wide search index: the component's name and its text."""

from __future__ import annotations

from shared_apps.search.index import Document
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.pages.models import Page
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.search import index_item, space_areas


def page_key(component: Component) -> str:
    # One page per component, so the component names it.
    return f"page:{component.pk}"


def page_document(component: Component, page: Page | None) -> Document | None:
    """Return the page's document, or None while it has no text."""
    if page is None or not (page.body_sv.strip() or page.body_en.strip()):
        return None
    return Document(
        key=page_key(component),
        kind=SearchDocument.Kind.PAGE,
        title_sv=component.name_sv,
        title_en=component.name_en,
        body_sv=plain_text(page.body_sv, html=True),
        body_en=plain_text(page.body_en, html=True),
        path=component.get_absolute_url(),
        areas=space_areas(component.space),
        updated=page.modified,
    )


def component_documents(component: Component) -> list[Document]:
    document = page_document(component, Page.objects.filter(component=component).first())
    return [document] if document else []


def reindex_page(page: Page) -> None:
    """Store the page's document; call in the transaction that saved it."""
    index_item(page.component, page_key(page.component), page_document(page.component, page))
