"""Register the proposals component type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.proposals.search import component_documents as proposal_documents
from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.registry import CatalogItem, ComponentType, Setting, registry

SORTS = (
    ("random", _("Random order")),
    ("supported", _("Most supported")),
    ("newest", _("Newest")),
    ("commented", _("Most commented")),
)


def catalog_items(component: Component) -> list[CatalogItem]:
    """A call for ideas while the active phase lets residents create proposals."""
    if not component.current_settings().get("creation_enabled"):
        return []
    space = component.space
    phase = getattr(space, "active_phase", None)
    name_en = component.name_en or component.name_sv
    return [
        CatalogItem(
            key="call",
            kind="call_for_ideas",
            # "Idéer – Kulturnatta 2027": the component's name alone says too little.
            title_sv=f"{component.name_sv} – {space.title_sv}"[:200],
            title_en=f"{name_en} – {space.title_en or space.title_sv}"[:200],
            summary_sv=getattr(space, "summary_sv", ""),
            summary_en=getattr(space, "summary_en", ""),
            starts=phase.starts if phase else None,
            ends=phase.ends if phase else None,
        )
    ]


registry.register(
    ComponentType(
        name="proposals",
        label=_("Proposals"),
        description=_(
            "Residents suggest ideas, support and discuss them; the administration answers."
        ),
        settings=(
            Setting(
                "proposal_limit",
                "int",
                0,
                label=_("Proposals per resident"),
                help_text=_("0 means no limit."),
                minimum=0,
                maximum=100,
            ),
            Setting(
                "edit_minutes",
                "int",
                60,
                label=_("Minutes the author may edit"),
                help_text=_("After this, a proposal can no longer be changed."),
                minimum=0,
                maximum=60 * 24 * 30,
            ),
            Setting(
                "body_max_length",
                "int",
                3000,
                label=_("Longest description"),
                minimum=200,
                maximum=10000,
            ),
            Setting(
                "support_limit",
                "int",
                0,
                label=_("Supports per resident"),
                help_text=_("0 means no limit."),
                minimum=0,
                maximum=1000,
            ),
            Setting(
                "support_threshold",
                "int",
                0,
                label=_("Supports a proposal needs"),
                help_text=_("Shown as progress on each proposal; 0 means none."),
                minimum=0,
                maximum=1000000,
            ),
            Setting(
                "supports_beyond_threshold",
                "bool",
                True,
                label=_("Accept supports after the threshold is reached"),
            ),
            Setting(
                "minimum_supports",
                "int",
                0,
                label=_("Supports a resident must give"),
                help_text=_(
                    "A resident's supports count only once they have given "
                    "this many; 0 means they count at once."
                ),
                minimum=0,
                maximum=100,
            ),
            Setting("attachments_enabled", "bool", True, label=_("Residents may attach files")),
            Setting("place_enabled", "bool", True, label=_("Residents may give a place")),
            Setting("default_sort", "choice", "random", label=_("Default order"), choices=SORTS),
            Setting("per_page", "int", 20, label=_("Proposals per page"), minimum=5, maximum=100),
        ),
        phase_settings=(
            Setting("creation_enabled", "bool", False, label=_("Residents may propose")),
            Setting("supports_enabled", "bool", False, label=_("Residents may support")),
            Setting("supports_visible", "bool", True, label=_("Support counts are shown")),
            Setting("likes_enabled", "bool", False, label=_("Residents may like")),
            Setting("comments_enabled", "bool", True, label=_("Residents may comment")),
            Setting("answers_published", "bool", False, label=_("Answers are shown")),
            *ANNOUNCEMENT_SETTINGS,
        ),
        actions={
            "create": "creation_enabled",
            "support": "supports_enabled",
            "like": "likes_enabled",
            "comment": "comments_enabled",
        },
        urls="tenant_apps.proposals.urls",
        manage_urls="tenant_apps.proposals.manage_urls",
        catalog=catalog_items,
        search=proposal_documents,
    )
)
