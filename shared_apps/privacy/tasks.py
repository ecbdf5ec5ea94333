"""Build data exports and purge expired ones."""

from __future__ import annotations

from celery import shared_task
from django.db import transaction

from shared_apps.privacy import actions
from shared_apps.privacy.archive import build_archive
from shared_apps.privacy.models import DataExport


@shared_task(acks_late=True)
def build_data_export(export_id: int) -> str:
    """Build the archive of one DataExport, then e-mail its owner the link.

    Takes the id and reloads the row. Idempotent: an export that is done, expired,
    failed or gone is skipped; one left "running" by a worker that died is built again
    from the start (a finished build replaces any earlier file of the same export).
    Runs in public and visits each tenant schema itself.
    """
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update()
            .select_related("user")
            .filter(pk=export_id, status__in=[DataExport.Status.PENDING, DataExport.Status.RUNNING])
            .first()
        )
        if export is None:
            return "skipped"
        export.status = DataExport.Status.RUNNING
        export.steps_done = 0
        export.save(update_fields=["status", "steps_done"])

    def progress(done: int, total: int) -> None:
        # Committed at once (no transaction around the build), so the page sees it.
        DataExport.objects.filter(pk=export_id).update(steps_done=done, steps_total=total + 1)

    try:
        content = build_archive(export.user, progress)
    except Exception:
        DataExport.objects.filter(pk=export_id).update(status=DataExport.Status.FAILED)
        raise
    actions.finish_data_export(export, content)
    return "done"


@shared_task
def purge_expired_data_exports() -> int:
    """Delete archives past their expiry and mark their rows expired; idempotent."""
    return actions.purge_expired_exports()
