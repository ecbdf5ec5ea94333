"""Tenant-level tasks."""

from __future__ import annotations

from celery import shared_task
from django.db import connection

from tenant_apps.actionlog.models import Action


@shared_task
def probe_worker(note: str = "") -> dict[str, object]:
    """Report the schema this task ran in; in a tenant, also log the probe there.

    Used by `manage.py check_worker` (ops) and the tests to show that a task sent in a
    tenant's context runs in that tenant's schema. Idempotent apart from the log line.
    """
    schema: str = connection.schema_name  # type: ignore[attr-defined]
    result: dict[str, object] = {"schema": schema}
    if schema != "public":
        action = Action.objects.create(verb="worker.probe", target=note)
        result["action_id"] = action.pk
        result["actions_in_schema"] = Action.objects.filter(verb="worker.probe").count()
    return result


@shared_task(acks_late=True)
def provision_tenant(job_id: int) -> str:
    """Work one onboarding job (tenants.onboarding.provision); idempotent when retried."""
    from tenants.onboarding import provision

    return provision(job_id).status


@shared_task(acks_late=True)
def export_tenant_task(export_id: int) -> str:
    """Write a tenant export (tenants.backup.export) by its id; return its status.

    Idempotent: a done export whose file exists is not written again; a failed or
    interrupted one is written anew under a new file name.
    """
    from tenants.backup.export import run_export
    from tenants.models import TenantExport

    export = TenantExport.objects.filter(pk=export_id).select_related("tenant").first()
    if export is None:
        return "missing"
    return run_export(export, by=export.requested_by or "system").status
