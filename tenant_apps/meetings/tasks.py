"""Periodic work for meetings: remind registered participants before the start.

`send_meeting_reminders_everywhere` (every 15 minutes, config/celery.py) fans out one
task per ready tenant. Each registration is reminded at most once: the task claims it with
a conditional UPDATE of `reminded_at` in the same transaction that queues the e-mail, so
a retried or doubled task sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Tenant


def remind_due(now: datetime | None = None) -> int:
    """Queue a reminder for every registered participant of a published meeting that
    starts within its component's `reminder_hours`, in the current tenant; return how many."""
    from tenant_apps.meetings.models import Registration
    from tenant_apps.spaces.models import Component

    now = now or timezone.now()
    sent = 0
    components = Component.objects.filter(type="meetings", published=True).select_related(
        "process", "assembly"
    )
    for component in components:
        if not component.space.published:
            continue
        hours = component.current_settings()["reminder_hours"]
        if not hours:
            continue
        due = Registration.objects.filter(
            meeting__component=component,
            meeting__published=True,
            meeting__starts__gt=now,
            meeting__starts__lte=now + timedelta(hours=hours),
            status=Registration.Status.REGISTERED,
            reminded_at__isnull=True,
            user__isnull=False,
            user__is_active=True,
        ).values_list("pk", flat=True)
        for registration_id in list(due):
            sent += remind_one(registration_id, now)
    return sent


def remind_one(registration_id: int, now: datetime | None = None) -> int:
    """Remind one participant unless they were reminded or cancelled meanwhile; return
    1 when a reminder was queued, else 0. Idempotent."""
    from tenant_apps.meetings.emails import queue_reminder
    from tenant_apps.meetings.models import Registration

    now = now or timezone.now()
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, status=Registration.Status.REGISTERED, reminded_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return 0
        registration = Registration.objects.select_related(
            "user", "meeting__component__process", "meeting__component__assembly"
        ).get(pk=registration_id)
        if registration.user is None:
            return 0
        queue_reminder(registration.user, registration.meeting, registration)
    return 1


@shared_task
def send_meeting_reminders(schema_name: str) -> int:
    """Remind the due participants of one tenant. Idempotent (each registration once)."""
    with schema_context(schema_name):
        return remind_due()


@shared_task
def send_meeting_reminders_everywhere() -> int:
    """Queue `send_meeting_reminders` for every ready tenant; return how many."""
    schemas = list(Tenant.objects.ready().values_list("schema_name", flat=True))
    for schema_name in schemas:
        send_meeting_reminders.delay(schema_name)
    return len(schemas)
