"""How people appear next to what they wrote, including after their account is deleted."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _


def participant_name(user: Any) -> str:
    """Return the name to show for the author of a text: "Deleted participant" when the
    account is gone (its foreign key was set to NULL by account deletion)."""
    if user is None:
        return _("Deleted participant")
    return str(getattr(user, "display_name", "") or _("Deleted participant"))
