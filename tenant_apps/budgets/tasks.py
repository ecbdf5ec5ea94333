"""Periodic work for budgets: remind residents of ballots they started but did not submit.

`remind_unfinished_ballots_everywhere` (hourly, config/celery.py) fans out one task per
ready tenant. Each draft is reminded at most once: the task claims it with a conditional
UPDATE of `reminded_at` in the same transaction that queues the e-mail, so a retried or
doubled task sends nothing twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from celery import shared_task
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Tenant


def remind_due(now: datetime | None = None) -> int:
    """Queue a reminder for every online draft untouched for the component's
    `reminder_hours` while its vote is open, in the current tenant; return how many."""
    from tenant_apps.budgets.models import Ballot
    from tenant_apps.spaces.models import Component

    now = now or timezone.now()
    sent = 0
    components = Component.objects.filter(type="budgets", published=True).select_related(
        "process", "assembly"
    )
    for component in components:
        if not component.space.published:
            continue
        settings = component.current_settings()
        hours = settings["reminder_hours"]
        if not hours or not settings["votes_enabled"]:
            continue
        due = Ballot.objects.filter(
            budget__component=component,
            status=Ballot.Status.DRAFT,
            channel=Ballot.Channel.ONLINE,
            reminded_at__isnull=True,
            user__isnull=False,
            user__is_active=True,
            modified__lte=now - timedelta(hours=hours),
        ).values_list("pk", flat=True)
        for ballot_id in list(due):
            sent += remind_one(ballot_id, now)
    return sent


def remind_one(ballot_id: int, now: datetime | None = None) -> int:
    """Remind one draft's voter unless it was reminded or submitted meanwhile; return 1
    when a reminder was queued, else 0. Idempotent."""
    from tenant_apps.budgets.emails import queue_reminder
    from tenant_apps.budgets.models import Ballot

    now = now or timezone.now()
    with transaction.atomic():
        claimed = Ballot.objects.filter(
            pk=ballot_id, status=Ballot.Status.DRAFT, reminded_at__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return 0
        ballot = Ballot.objects.select_related(
            "user", "budget__component__process", "budget__component__assembly"
        ).get(pk=ballot_id)
        if ballot.user is None:
            return 0
        queue_reminder(ballot.user, ballot)
    return 1


@shared_task
def remind_unfinished_ballots(schema_name: str) -> int:
    """Remind the due drafts of one tenant. Idempotent (each draft once)."""
    with schema_context(schema_name):
        return remind_due()


@shared_task
def remind_unfinished_ballots_everywhere() -> int:
    """Queue `remind_unfinished_ballots` for every ready tenant; return how many."""
    schemas = list(Tenant.objects.ready().values_list("schema_name", flat=True))
    for schema_name in schemas:
        remind_unfinished_ballots.delay(schema_name)
    return len(schemas)
