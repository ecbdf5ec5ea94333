"""Who moderates residents' content, and who sets the tenant's moderation settings."""

from __future__ import annotations

from typing import Any

from tenant_apps.spaces.permissions import ADMIN, MODERATOR, PROCESS_ADMIN, Who, rule


@rule("moderation.moderate")
def _moderate(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN, PROCESS_ADMIN, MODERATOR)


@rule("moderation.change_settings")
def _change_settings(who: Who, obj: Any) -> bool:
    return who.has_role(ADMIN)
