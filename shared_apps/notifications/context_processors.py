"""The unread count in the site header."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest

from shared_apps.notifications.models import Notification


def inbox(request: HttpRequest) -> dict[str, object]:
    """Offer the unread count lazily: one query when a template shows it, none for visitors."""
    user = getattr(request, "user", None)

    @cache
    def unread_count() -> int:
        if user is None or not user.is_authenticated:
            return 0
        return Notification.objects.filter(user_id=user.pk, read_at__isnull=True).count()

    return {"unread_notifications": unread_count}
