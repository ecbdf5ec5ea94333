from __future__ import annotations

from django import template

from shared_apps.identity.models import Verification

register = template.Library()


@register.filter
def facts(verification: Verification, area_names: dict[str, str]) -> str:
    """Render what a verification shows, e.g. "identity checked, lives in Centrum"."""
    return ", ".join(verification.facts(area_names))
