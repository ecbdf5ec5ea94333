"""Access helpers: a resident's own inbox entries and follows, 404 for anyone else's."""

from __future__ import annotations

from typing import cast

from django.http import Http404, HttpRequest

from shared_apps.accounts.models import User
from shared_apps.notifications.models import Follow, Notification


def get_notification_for_user(request: HttpRequest, notification_id: int) -> Notification:
    entry = (
        Notification.objects.filter(pk=notification_id, user=cast(User, request.user))
        .select_related("tenant")
        .first()
    )
    if entry is None:
        raise Http404
    return entry


def get_follow_for_user(request: HttpRequest, follow_id: int) -> Follow:
    record = (
        Follow.objects.filter(pk=follow_id, user=cast(User, request.user))
        .select_related("tenant")
        .first()
    )
    if record is None:
        raise Http404
    return record
