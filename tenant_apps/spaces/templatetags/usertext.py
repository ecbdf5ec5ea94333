"""Template filters for what residents write and for amounts of money."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.formats import number_format
from django.utils.safestring import SafeString

from config.usertext import render_user_text

register = template.Library()


@register.filter
def user_text(value: str) -> SafeString:
    """Render a resident's text: a Markdown subset, sanitised (config.usertext)."""
    return render_user_text(value)


@register.filter
def sek(value: Any) -> str:
    """Format whole kronor with the locale's digit grouping: "450 000 kr"."""
    if value is None or value == "":
        return ""
    return f"{number_format(int(value), force_grouping=True)} kr"
