"""Personal data in Django's own apps that no user foreign key reaches."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType

from shared_apps.privacy.registry import Scope, register


def erase_admin_mentions(user: Any) -> None:
    """The ops admin's history names a changed account by its display name or e-mail."""
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(type(user)), object_id=str(user.pk)
    ).update(object_repr="", change_message="")


register("admin.LogEntry.mentions", Scope.PUBLIC, erase=erase_admin_mentions)
