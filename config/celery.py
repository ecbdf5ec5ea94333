"""The Celery app. Tasks run in the schema they were sent from (tenant-schemas-celery)."""

from __future__ import annotations

import os
from typing import Any

from celery.schedules import crontab
from celery.signals import (
    task_postrun,
    task_prerun,
    worker_process_shutdown,
    worker_ready,
)
from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = CeleryApp("torget")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

app.conf.beat_schedule = {
    "purge-expired-sign-in-handoffs": {
        "task": "shared_apps.accounts.tasks.purge_expired_handoffs",
        "schedule": crontab(minute="*/15"),
    },
    "advance-phases-by-date": {
        "task": "tenant_apps.spaces.tasks.advance_phases_everywhere",
        "schedule": crontab(minute=5),
    },
    # Hourly, so a resident's "remind after N hours" is kept to within the hour.
    "remind-unfinished-ballots": {
        "task": "tenant_apps.budgets.tasks.remind_unfinished_ballots_everywhere",
        "schedule": crontab(minute=23),
    },
    # Every 15 minutes, so "remind N hours before" is kept to within a quarter hour.
    "remind-meeting-participants": {
        "task": "tenant_apps.meetings.tasks.send_meeting_reminders_everywhere",
        "schedule": crontab(minute="*/15"),
    },
    # Every 10 minutes: a support period ends at its exact time (support() refuses late
    # supports by itself); this records the final count and tells the proposer.
    "close-expired-eproposals": {
        "task": "shared_apps.eproposals.tasks.close_expired_eproposals",
        "schedule": crontab(minute="*/10"),
    },
    "reconcile-portal-catalog": {
        "task": "tenant_apps.spaces.tasks.reconcile_catalog",
        "schedule": crontab(hour=3, minute=17),
    },
    # After the catalog's reconcile, before anyone downloads the day's data.
    "build-open-data": {
        "task": "shared_apps.opendata.tasks.build_open_data_everywhere",
        "schedule": crontab(hour=3, minute=47),
    },
    "reconcile-search-index": {
        "task": "tenant_apps.spaces.tasks.reconcile_search_index",
        "schedule": crontab(hour=3, minute=29),
    },
    "purge-expired-data-exports": {
        "task": "shared_apps.privacy.tasks.purge_expired_data_exports",
        "schedule": crontab(hour=4, minute=41),
    },
    # Digests go out before the working day (CELERY_TIMEZONE is Europe/Stockholm); the
    # weekly one on Mondays.
    "daily-notification-digest": {
        "task": "shared_apps.notifications.tasks.send_digests",
        "schedule": crontab(hour=6, minute=0),
        "args": ("daily",),
    },
    "weekly-notification-digest": {
        "task": "shared_apps.notifications.tasks.send_digests",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
        "args": ("weekly",),
    },
    "retry-unsent-mail": {
        "task": "shared_apps.mail.tasks.retry_unsent_mail",
        "schedule": crontab(minute="*/10"),
    },
}


@task_prerun.connect
def _bind_task_id_to_logs(task_id: str | None = None, **_: Any) -> None:
    from config import metrics
    from config.request_context import request_id_var

    request_id_var.set(task_id or "-")
    metrics.task_started(task_id)


@task_postrun.connect
def _unbind_task_id(
    task: Any = None, task_id: str | None = None, state: str | None = None, **_: Any
) -> None:
    from config import metrics
    from config.request_context import request_id_var

    request_id_var.set("-")
    metrics.task_finished(getattr(task, "name", "unknown"), task_id, state)


@worker_ready.connect
def _serve_worker_metrics(**_: Any) -> None:
    """Serve this worker's metrics on CELERY_METRICS_PORT when it is set (docs/operations.md)."""
    from django.conf import settings

    from config import metrics

    if settings.WORKER_METRICS_PORT:
        metrics.start_worker_metrics_server(
            settings.WORKER_METRICS_ADDRESS, settings.WORKER_METRICS_PORT
        )


@worker_process_shutdown.connect
def _forget_pool_process(pid: int | None = None, **_: Any) -> None:
    from config import metrics

    metrics.process_exited(pid or os.getpid())
