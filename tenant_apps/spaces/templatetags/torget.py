"""Template helpers: bilingual text with a visible fallback, and permission checks.

{% load torget %}
{{ process.title|tr }}            text in the visitor's language, or marked fallback
{{ process.description|tr_html }} the same for sanitised rich text
{% can "spaces.change_process" process as allowed %}
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from config.translated import Translated
from tenant_apps.spaces.permissions import has_perm

register = template.Library()


def _note(value: Translated) -> SafeString:
    language = _("in Swedish") if value.language == "sv" else _("in English")
    return format_html(' <span class="fallback-note">({})</span>', language)


@register.filter
def tr(value: Any) -> Any:
    """Render a Translated text; a fallback gets its lang attribute and a note."""
    if not isinstance(value, Translated):
        return value
    if not value.is_fallback:
        return value.text
    return format_html('<span lang="{}">{}</span>{}', value.language, value.text, _note(value))


@register.filter
def tr_html(value: Any) -> Any:
    """Like `tr`, for rich text that was sanitised when saved (config.richtext)."""
    if not isinstance(value, Translated):
        return value
    body = mark_safe(value.text)  # noqa: S308 - cleaned by config.richtext on save
    if not value.is_fallback:
        return body
    return format_html(
        '<p class="fallback-note">{}</p><div lang="{}">{}</div>',
        _("This text is not available in English yet; here it is in Swedish.")
        if value.language == "sv"
        else _("This text is only available in English."),
        value.language,
        body,
    )


@register.simple_tag(takes_context=True)
def can(context: Any, name: str, obj: Any = None) -> bool:
    """Return whether the request's user passes the named permission rule."""
    return has_perm(context["request"].user, name, obj)
