"""What budgets tell residents through the city-wide inbox (shared_apps.notifications)."""

from __future__ import annotations

from typing import Any

from shared_apps.notifications.actions import notify
from tenant_apps.spaces.catalog import space_key
from tenant_apps.spaces.models import Component, Phase


def phase_activated(component: Component, phase: Phase, previous: Phase | None, by: Any) -> None:
    """Tell the process's followers that voting has opened, when the new phase opens the
    vote of a published budgets component and the phase before did not (in the phase
    change's transaction: a rolled-back change tells nobody)."""
    space = component.space
    if not (component.published and space.published):
        return
    opens = component.current_settings(phase)["votes_enabled"]
    was_open = previous is not None and component.current_settings(previous)["votes_enabled"]
    if not opens or was_open:
        return
    notify(
        "vote_opened",
        keys=[space_key(space)],
        title_sv=space.title_sv,
        title_en=space.title_en,
        text_sv=component.name_sv,
        text_en=component.name_en,
        path=component.get_absolute_url(),
        actor=by,
    )
