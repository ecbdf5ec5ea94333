"""Hear of entries new on the portal and queue the alerts about them."""

from __future__ import annotations

from typing import Any

from django_tenants.utils import get_public_schema_name, schema_context

from shared_apps.portal.catalog import entries_added
from shared_apps.portal.models import CatalogEntry


def queue_alerts(sender: Any, *, tenant_id: int, entry_ids: list[int], **kwargs: Any) -> None:
    """Queue `send_alerts` with the ids (the signal comes after commit, so the worker finds
    the rows). Sent from the public schema: everything the task reads lives there, and a
    tenant schema dropped meanwhile must not stop it."""
    from shared_apps.alerts.tasks import send_alerts

    with schema_context(get_public_schema_name()):
        send_alerts.delay(tenant_id, list(entry_ids))


def connect() -> None:
    entries_added.connect(queue_alerts, sender=CatalogEntry, dispatch_uid="alerts.queue_alerts")
