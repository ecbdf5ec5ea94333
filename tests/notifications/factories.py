"""Factories for inbox entries, called explicitly from test bodies (public schema)."""

from __future__ import annotations

from typing import Any

from shared_apps.notifications.models import Notification


def make_notification(user: Any, tenant: Any, **fields: Any) -> Notification:
    fields.setdefault("event", Notification.Event.COMMENT)
    fields.setdefault("title_sv", "Parken")
    fields.setdefault("title_en", "The park")
    fields.setdefault("path", "/processes/parken/")
    return Notification.objects.create(user=user, tenant=tenant, **fields)
