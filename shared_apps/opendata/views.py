"""The portal's open-data page: the latest archive of the city and of each tenant."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.opendata.models import OpenDataArchive
from tenants.models import Tenant


def open_data(request: HttpRequest) -> HttpResponse:
    latest = (
        (
            OpenDataArchive.objects.filter(tenant__isnull=True)
            | OpenDataArchive.objects.filter(tenant__status=Tenant.Status.READY)
        )
        .order_by("tenant_id", "-created", "-pk")
        .distinct("tenant_id")
        .select_related("tenant")
    )
    archives = list(latest)
    city = next((a for a in archives if a.tenant_id is None), None)
    tenants = sorted(
        (a for a in archives if a.tenant_id), key=lambda a: a.tenant.name_sv if a.tenant else ""
    )
    return render(
        request,
        "portal/open_data.html",
        {
            "city": city,
            "tenants": tenants,
            "licence_name": settings.OPEN_DATA_LICENCE_NAME,
            "licence_url": settings.OPEN_DATA_LICENCE_URL,
        },
    )
