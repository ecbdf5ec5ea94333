"""What moderation tells the author of hidden content through the city-wide inbox."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext

from config.translated import in_both_languages
from shared_apps.notifications.actions import notify
from tenant_apps.moderation.registry import ModeratedType


def content_hidden(moderated_type: ModeratedType, obj: Any, *, reason: str) -> None:
    """Tell the author their content is hidden, with the reason (or that it awaits
    review after reports); call inside the hiding transaction."""
    if getattr(obj, "author_id", None) is None:
        return
    text_sv, text_en = in_both_languages(
        lambda: reason or gettext("Hidden after reports, until a moderator looks.")
    )
    title = str(moderated_type.title(obj))[:200]
    notify(
        "content_hidden",
        title_sv=title,
        title_en=title,
        text_sv=text_sv,
        text_en=text_en,
        path=moderated_type.url(obj),
        recipients=[obj.author_id],
    )
