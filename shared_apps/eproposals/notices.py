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

EVENT = Notification.Event


def supporter_ids(eproposal: EProposal) -> list[int]:
    return [pk for pk in eproposal.supports.values_list("user_id", flat=True) if pk]


def audience(eproposal: EProposal) -> set[int]:
    """Return who follows an e-proposal's fate: its supporters and its proposer."""
    ids = set(supporter_ids(eproposal))
    if eproposal.author_id:
        ids.add(eproposal.author_id)
    return ids


def tell(
    eproposal: EProposal,
    event: str,
    message: str,
    *,
    recipients: Iterable[int],
    actor: Any = None,
    body: Any = None,
) -> int:
    """Put `message` (a msgid with %(title)s, and %(body)s for the responsible tenant's
    name in each language when `body` is a tenant) in the recipients' inboxes."""
    titles = []
    for language in ("sv", "en"):
        values = {"title": eproposal.title}
        if body is not None:
            values["body"] = body.name_sv if language == "sv" else body.name_en
        with translation.override(language):
            titles.append(translation.gettext(message) % values)
    return notify(
        event,
        title_sv=titles[0],
        title_en=titles[1],
        path=eproposal.get_absolute_url(),
        recipients=set(recipients),
        actor=actor,
        tenant=None,
    )
