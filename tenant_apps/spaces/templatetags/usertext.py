"""Template filters for what residents write and for amounts of money."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.safestring import SafeString

from config.money import kronor
from config.usertext import render_user_text

register = template.Library()


@register.filter
def user_text(value: str) -> SafeString:
    """Render a resident's text: a Markdown subset, sanitised (config.usertext)."""
    return render_user_text(value)


@register.filter
def sek(value: Any) -> str:
    """Format whole kronor as config.money.kronor does: "450 000 kr"."""
    if value is None or value == "":
        return ""
    return kronor(int(value))
