"""The per-phase announcement every simple component offers (shown on top of it)."""

from __future__ import annotations

from types import SimpleNamespace

from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick
from tenant_apps.spaces.registry import Setting

ANNOUNCEMENT_SETTINGS = (
    Setting(
        "announcement_sv",
        "text",
        "",
        label=_("Announcement in Swedish"),
        help_text=_("Shown on top of the component during this phase."),
    ),
    Setting("announcement_en", "text", "", label=_("Announcement in English")),
)


def announcement(values: dict[str, str]) -> Translated:
    """Return the phase's announcement in the visitor's language (or the other one)."""
    return pick(SimpleNamespace(**values), "announcement")
