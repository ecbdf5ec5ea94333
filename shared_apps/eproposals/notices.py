"""The inbox entries e-proposals send (shared_apps.notifications), in both languages.

Called inside the changing transaction, like every notify(): a rolled-back change sends
nothing. City-wide entries carry no tenant, so the link goes to the portal.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils import translation

from shared_apps.eproposals.models import EProposal
from shared_apps.notifications.actions import notify
from shared_apps.notifications.models import Notification


def supporter_ids(eproposal: EProposal) -> list[int]:
    return [pk for pk in eproposal.supports.values_list("user_id", flat=True) if pk]


def _both(message: str, values: dict[str, Any]) -> tuple[str, str]:
    texts = []
    for language in ("sv", "en"):
        with translation.override(language):
            texts.append(translation.gettext(message) % values)
    return texts[0], texts[1]


def tell(
    eproposal: EProposal,
    event: str,
    message: str,
    *,
    recipients: Iterable[int],
    actor: Any = None,
    text: tuple[str, str] = ("", ""),
) -> int:
    """Put `message` (a msgid with %(title)s) in the recipients' inboxes."""
    title_sv, title_en = _both(message, {"title": eproposal.title})
    return notify(
        event,
        title_sv=title_sv,
        title_en=title_en,
        text_sv=text[0],
        text_en=text[1],
        path=eproposal.get_absolute_url(),
        recipients=set(recipients),
        actor=actor,
        tenant=None,
    )


EVENT = Notification.Event
