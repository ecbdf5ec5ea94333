"""Proposals in the city-wide search index: listed ones only (not withdrawn, not hidden).

The author is never part of a document: search shows what was proposed, not by whom.
"""

from __future__ import annotations

from config.usertext import render_user_text
from shared_apps.search.index import Document
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.search import index_item, space_areas


def proposal_key(pk: int) -> str:
    return f"proposal:{pk}"


def proposal_document(proposal: Proposal, areas: list[str] | None = None) -> Document | None:
    """Return the proposal's document, or None while residents cannot see it in lists.

    Resident text has no language of its own; it is indexed as Swedish, the platform's
    first language (docs/search.md)."""
    if proposal.hidden or proposal.is_withdrawn:
        return None
    if proposal.area_id is not None:
        areas = [proposal.area.slug]  # type: ignore[union-attr]
    elif areas is None:
        areas = space_areas(proposal.component.space)
    return Document(
        key=proposal_key(proposal.pk),
        kind=SearchDocument.Kind.PROPOSAL,
        title_sv=proposal.title,
        # Markdown rendered and stripped, so "**cykel**" is indexed as "cykel".
        body_sv=plain_text(str(render_user_text(proposal.body)), html=True),
        path=proposal.get_absolute_url(),
        areas=areas,
        published=proposal.created,
        updated=proposal.modified,
    )


def component_documents(component: Component) -> list[Document]:
    """Return the documents of every listed proposal of a published component."""
    areas = space_areas(component.space)
    proposals = Proposal.objects.listed().filter(component=component).select_related("area")
    documents = []
    for proposal in proposals:
        proposal.component = component  # for get_absolute_url, without a query per row
        document = proposal_document(proposal, areas)
        if document is not None:
            documents.append(document)
    return documents


def reindex_proposal(proposal: Proposal) -> None:
    """Store or remove the proposal's document; call in the transaction that changed it."""
    index_item(proposal.component, proposal_key(proposal.pk), proposal_document(proposal))
