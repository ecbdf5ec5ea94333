"""Debates in the city-wide search index: published debates of published components.

A document holds the question, the background and, once staff have closed the debate,
the conclusion; never the arguments (residents' text stays on the debate's page).
"""

from __future__ import annotations

from config.usertext import render_user_text
from shared_apps.search.index import Document
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.debates.models import Debate
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.search import index_item, space_areas


def debate_key(pk: int) -> str:
    return f"debate:{pk}"


def _text(markdown: str) -> str:
    return plain_text(str(render_user_text(markdown)), html=True) if markdown else ""


def debate_document(debate: Debate, areas: list[str] | None = None) -> Document | None:
    """Return the debate's document, or None while it is not published."""
    if not debate.published:
        return None
    if areas is None:
        areas = space_areas(debate.component.space)
    body = {}
    for language in ("sv", "en"):
        parts = [_text(getattr(debate, f"background_{language}"))]
        if debate.closed_at is not None:
            parts.append(_text(getattr(debate, f"conclusion_{language}")))
        body[language] = " ".join(part for part in parts if part)
    return Document(
        key=debate_key(debate.pk),
        kind=SearchDocument.Kind.DEBATE,
        title_sv=debate.title_sv,
        title_en=debate.title_en,
        body_sv=body["sv"],
        body_en=body["en"],
        path=debate.get_absolute_url(),
        areas=areas,
        published=debate.created,
        updated=debate.modified,
    )


def component_documents(component: Component) -> list[Document]:
    """Return the documents of every published debate of a published component."""
    areas = space_areas(component.space)
    documents = []
    for debate in Debate.objects.published().filter(component=component):
        debate.component = component  # for get_absolute_url, without a query per row
        document = debate_document(debate, areas)
        if document is not None:
            documents.append(document)
    return documents


def reindex_debate(debate: Debate) -> None:
    """Store or remove the debate's document; call in the transaction that changed it."""
    index_item(debate.component, debate_key(debate.pk), debate_document(debate))
