"""Register the news component type."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from tenant_apps.spaces.announcements import ANNOUNCEMENT_SETTINGS
from tenant_apps.spaces.registry import ComponentType, Setting, registry

registry.register(
    ComponentType(
        name="news",
        label=_("News"),
        description=_("Dated posts: what has happened and what comes next."),
        settings=(
            Setting(
                "posts_per_page",
                "int",
                10,
                label=_("Posts per page"),
                minimum=1,
                maximum=50,
            ),
        ),
        phase_settings=ANNOUNCEMENT_SETTINGS,
        urls="tenant_apps.news.urls",
        manage_urls="tenant_apps.news.manage_urls",
    )
)
