"""Register the pages component type."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from tenant_apps.pages.search import component_documents as page_documents
from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.registry import ComponentType, registry


def _create_page(component: Component) -> None:
    from tenant_apps.pages.models import Page

    Page.objects.get_or_create(component=component)


def _export(component: Component) -> dict[str, Any]:
    page = getattr(component, "page", None)
    return {"body_sv": page.body_sv, "body_en": page.body_en} if page else {}


def _import(component: Component, content: dict[str, Any]) -> None:
    from config.richtext import clean_rich_text
    from tenant_apps.pages.models import Page

    Page.objects.update_or_create(
        component=component,
        defaults={
            "body_sv": clean_rich_text(content.get("body_sv", "")),
            "body_en": clean_rich_text(content.get("body_en", "")),
        },
    )


registry.register(
    ComponentType(
        name="pages",
        label=_("Page"),
        description=_("A page of text: background, rules, how the process works."),
        phase_settings=ANNOUNCEMENT_SETTINGS,
        urls="tenant_apps.pages.urls",
        manage_urls="tenant_apps.pages.manage_urls",
        on_create=_create_page,
        export_design=_export,
        import_design=_import,
        search=page_documents,
    )
)
