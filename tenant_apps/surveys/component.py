"""Register the surveys component type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.registry import CatalogItem, ComponentType, Setting, registry

ONE_PER_ACCOUNT = "account"
ONE_PER_PERSON = "person"
ONE_PER = (
    (ONE_PER_ACCOUNT, _("One answer per account")),
    (ONE_PER_PERSON, _("One answer per verified person (needs a verified identity)")),
)


def catalog_items(component: Component) -> list[CatalogItem]:
    """An open survey while the active phase takes answers."""
    if not component.current_settings().get("answers_enabled"):
        return []
    space = component.space
    phase = getattr(space, "active_phase", None)
    name_en = component.name_en or component.name_sv
    return [
        CatalogItem(
            key="survey",
            kind="survey",
            title_sv=f"{component.name_sv} – {space.title_sv}"[:200],
            title_en=f"{name_en} – {space.title_en or space.title_sv}"[:200],
            summary_sv=getattr(space, "summary_sv", ""),
            summary_en=getattr(space, "summary_en", ""),
            starts=phase.starts if phase else None,
            ends=phase.ends if phase else None,
        )
    ]


def _on_create(component: Component) -> None:
    from tenant_apps.surveys.actions import create_survey

    create_survey(component)


def _search(component: Component) -> list:
    from tenant_apps.surveys.search import component_documents

    return component_documents(component)


registry.register(
    ComponentType(
        name="surveys",
        label=_("Survey"),
        description=_(
            "Residents answer a questionnaire once; staff see the results as charts and CSV."
        ),
        settings=(
            Setting(
                "anonymous",
                "bool",
                True,
                label=_("Answers are anonymous"),
                help_text=_(
                    "Residents are told before they answer. Fixed once the first answer is in."
                ),
            ),
            Setting(
                "one_per",
                "choice",
                ONE_PER_ACCOUNT,
                label=_("Who may answer once"),
                choices=ONE_PER,
            ),
        ),
        phase_settings=(
            Setting("answers_enabled", "bool", False, label=_("Residents may answer")),
            Setting("results_published", "bool", False, label=_("Results are shown to residents")),
            *ANNOUNCEMENT_SETTINGS,
        ),
        actions={"answer": "answers_enabled"},
        urls="tenant_apps.surveys.urls",
        manage_urls="tenant_apps.surveys.manage_urls",
        catalog=catalog_items,
        search=_search,
        on_create=_on_create,
    )
)
