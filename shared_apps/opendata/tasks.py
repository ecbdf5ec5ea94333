"""The nightly build of the open-data archives (config/celery.py), and on demand."""

from __future__ import annotations

from celery import shared_task

from shared_apps.opendata.actions import build_city_archive, build_tenant_archive
from tenants.models import Tenant


@shared_task(ignore_result=True)
def build_open_data(tenant_id: int | None = None) -> str:
    """Build one tenant's archive, or the city's when `tenant_id` is None."""
    if tenant_id is None:
        return str(build_city_archive().file.name)
    tenant = Tenant.objects.filter(pk=tenant_id, status=Tenant.Status.READY).first()
    if tenant is None:
        return "skipped"
    return str(build_tenant_archive(tenant).file.name)


@shared_task(ignore_result=True)
def build_open_data_everywhere() -> int:
    """Queue one build per ready tenant and one for the city."""
    ids = list(Tenant.objects.ready().values_list("pk", flat=True))
    for tenant_id in ids:
        build_open_data.delay(tenant_id)
    build_open_data.delay(None)
    return len(ids)
