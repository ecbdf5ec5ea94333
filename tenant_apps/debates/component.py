"""Register the debates component type.

No portal catalog entries: the portal's catalog has no kind for a debate (see
docs/debates.md), so a debate reaches residents through its process, search and the
process's followers.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.debates.search import component_documents
from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.registry import ComponentType, Setting, registry

registry.register(
    ComponentType(
        name="debates",
        label=_("Debates"),
        description=_(
            "A question with background; residents argue for and against, and the "
            "administration closes the debate with a conclusion."
        ),
        phase_settings=(
            Setting("arguments_enabled", "bool", True, label=_("Residents may argue")),
            *ANNOUNCEMENT_SETTINGS,
        ),
        # Arguments are comments; "argue" gates posting, editing and voting on them
        # (tenant_apps.comments.registry.CommentableType.action).
        actions={"argue": "arguments_enabled"},
        urls="tenant_apps.debates.urls",
        manage_urls="tenant_apps.debates.manage_urls",
        search=component_documents,
    )
)
