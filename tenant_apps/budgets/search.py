"""Budget projects in the city-wide search index, while their component and space are
published (a budget itself has no publishing of its own)."""

from __future__ import annotations

from shared_apps.search.index import Document
from shared_apps.search.models import SearchDocument
from shared_apps.search.text import plain_text
from tenant_apps.budgets.models import Project
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.search import index_item, remove_items, space_areas


def project_key(pk: int) -> str:
    return f"project:{pk}"


def project_document(project: Project, areas: list[str] | None = None) -> Document:
    """Return the project's document; its own area, or else its space's areas."""
    if project.area_id is not None:
        areas = [project.area.slug]  # type: ignore[union-attr]
    elif areas is None:
        areas = space_areas(project.budget.component.space)
    return Document(
        key=project_key(project.pk),
        kind=SearchDocument.Kind.PROJECT,
        title_sv=project.title_sv,
        title_en=project.title_en,
        # Descriptions handed over from proposals are rendered HTML; strip it.
        body_sv=plain_text(project.description_sv, html=True),
        body_en=plain_text(project.description_en, html=True),
        path=project.get_absolute_url(),
        areas=areas,
        published=project.created,
        updated=project.modified,
    )


def component_documents(component: Component) -> list[Document]:
    """Return the documents of every project in the component's budgets."""
    areas = space_areas(component.space)
    projects = Project.objects.filter(budget__component=component).select_related("budget", "area")
    documents = []
    for project in projects:
        project.budget.component = component  # for get_absolute_url, without a query per row
        documents.append(project_document(project, areas))
    return documents


def reindex_project(project: Project) -> None:
    """Store the project's document; call in the transaction that saved it."""
    component = project.budget.component
    index_item(component, project_key(project.pk), project_document(project))


def unindex_projects(pks: list[int]) -> None:
    """Remove projects' documents; call in the transaction that deletes them."""
    remove_items([project_key(pk) for pk in pks])
