"""Register the budgets component type."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tenant_apps.budgets.search import component_documents as project_documents
from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.registry import CatalogItem, ComponentType, Setting, registry

BUDGET_MODES = (
    ("any_one", _("Vote in any one budget")),
    ("all", _("Vote in every budget")),
    ("own_area_plus_one", _("Vote in the budget of one's own area and one other")),
    ("assigned_area", _("Vote only in the budget of one's own area")),
)


def catalog_items(component: Component) -> list[CatalogItem]:
    """An open vote while the active phase lets residents vote."""
    if not component.current_settings().get("votes_enabled"):
        return []
    space = component.space
    phase = getattr(space, "active_phase", None)
    name_en = component.name_en or component.name_sv
    return [
        CatalogItem(
            key="vote",
            kind="vote",
            title_sv=f"{component.name_sv} – {space.title_sv}"[:200],
            title_en=f"{name_en} – {space.title_en or space.title_sv}"[:200],
            summary_sv=getattr(space, "summary_sv", ""),
            summary_en=getattr(space, "summary_en", ""),
            starts=phase.starts if phase else None,
            ends=phase.ends if phase else None,
        )
    ]


def _phase_activated(component: Component, phase: Any, previous: Any, by: Any) -> None:
    from tenant_apps.budgets.events import phase_activated

    phase_activated(component, phase, previous, by)


registry.register(
    ComponentType(
        name="budgets",
        label=_("Budgets"),
        description=_(
            "Residents vote on projects within one or more budgets; the outcome is computed "
            "by a published rule and the selected projects are followed until done."
        ),
        settings=(
            Setting(
                "budget_mode",
                "choice",
                "any_one",
                label=_("Which budgets a resident votes in"),
                choices=BUDGET_MODES,
            ),
            Setting(
                "allow_vote_change",
                "bool",
                True,
                label=_("Residents may change a submitted vote until voting closes"),
            ),
            Setting(
                "reminder_hours",
                "int",
                24,
                label=_("Remind unfinished ballots after (hours)"),
                help_text=_("0 sends no reminders."),
                minimum=0,
                maximum=24 * 30,
            ),
        ),
        phase_settings=(
            Setting("votes_enabled", "bool", False, label=_("Residents may vote")),
            Setting("show_votes", "bool", False, label=_("Vote counts are shown")),
            Setting(
                "comments_enabled", "bool", False, label=_("Residents may comment on projects")
            ),
            *ANNOUNCEMENT_SETTINGS,
        ),
        actions={"vote": "votes_enabled", "comment": "comments_enabled"},
        urls="tenant_apps.budgets.urls",
        manage_urls="tenant_apps.budgets.manage_urls",
        catalog=catalog_items,
        search=project_documents,
        on_phase_activated=_phase_activated,
    )
)
