"""Meetings in the city-wide search index: published ones (past ones too: their minutes
are worth finding). No participant is ever part of a document."""

from __future__ import annotations

from config.usertext import render_user_text
from shared_apps.search.index import Document
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.meetings.models import Meeting
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.search import index_item, space_areas


def _plain(text: str) -> str:
    return plain_text(str(render_user_text(text)), html=True) if text else ""


def meeting_document(meeting: Meeting, areas: list[str] | None = None) -> Document | None:
    """Return the meeting's document, or None while residents cannot see it."""
    if not meeting.published:
        return None
    if areas is None:
        areas = space_areas(meeting.component.space)
    where = meeting.location_text()
    return Document(
        key=f"meeting:{meeting.pk}",
        kind=SearchDocument.Kind.MEETING,
        title_sv=meeting.title_sv,
        title_en=meeting.title_en,
        body_sv=" ".join(
            part
            for part in (_plain(meeting.description_sv), where, _plain(meeting.minutes))
            if part
        ),
        body_en=" ".join(part for part in (_plain(meeting.description_en), where) if part),
        path=meeting.get_absolute_url(),
        areas=areas,
        published=meeting.created,
        updated=meeting.modified,
    )


def component_documents(component: Component) -> list[Document]:
    """Return the documents of every published meeting of a published component."""
    areas = space_areas(component.space)
    documents = []
    for meeting in component.meetings.published():
        meeting.component = component
        document = meeting_document(meeting, areas)
        if document is not None:
            documents.append(document)
    return documents


def reindex_meeting(meeting: Meeting) -> None:
    """Store or remove the meeting's document; call in the transaction that changed it."""
    index_item(meeting.component, f"meeting:{meeting.pk}", meeting_document(meeting))
