"""Surveys in the city-wide search index: the survey's name and introduction, while its
component and space are published. Never the questions' answers."""

from __future__ import annotations

from shared_apps.search.index import Document
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.search import index_item, space_areas
from tenant_apps.surveys.models import Survey


def survey_document(survey: Survey, areas: list[str] | None = None) -> Document:
    component = survey.component
    return Document(
        key=survey.follow_key,
        kind=SearchDocument.Kind.SURVEY,
        title_sv=component.name_sv,
        title_en=component.name_en,
        body_sv=plain_text(survey.intro_sv),
        body_en=plain_text(survey.intro_en),
        path=component.get_absolute_url(),
        areas=areas if areas is not None else space_areas(component.space),
        published=survey.created,
        updated=survey.modified,
    )


def component_documents(component: Component) -> list[Document]:
    survey = Survey.objects.filter(component=component).first()
    if survey is None:
        return []
    survey.component = component
    return [survey_document(survey)]


def reindex_survey(survey: Survey) -> None:
    """Store or remove the survey's document; call in the transaction that changed it."""
    index_item(survey.component, survey.follow_key, survey_document(survey))
