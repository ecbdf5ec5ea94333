"""The portal: the city's one entry point on PLATFORM_DOMAIN.

It reads only public tables (the catalog and the tenants), never tenant schemas, so the
page costs the same with 5 tenants or 500.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from shared_apps.portal.models import CatalogEntry
from tenants.links import tenant_url
from tenants.models import Tenant

OPEN_NOW_LIMIT = 24


def home(request: HttpRequest) -> HttpResponse:
    """Show what residents can take part in now, what comes next, and every tenant."""
    today = timezone.localdate()
    tenants = Tenant.objects.filter(status=Tenant.Status.READY).exclude(schema_name="public")
    entries = CatalogEntry.objects.filter(tenant__status=Tenant.Status.READY).select_related(
        "tenant"
    )
    participation = entries.exclude(kind=CatalogEntry.Kind.ASSEMBLY)
    open_now = participation.filter(Q(starts__lte=today) | Q(starts__isnull=True)).filter(
        Q(ends__gte=today) | Q(ends__isnull=True)
    )
    upcoming = participation.filter(starts__gt=today).order_by("starts")

    def linked(rows: object) -> list[tuple[CatalogEntry, str]]:
        return [(row, tenant_url(request, row.tenant, row.path)) for row in rows]  # type: ignore[attr-defined]

    return render(
        request,
        "portal/home.html",
        {
            "open_now": linked(open_now[:OPEN_NOW_LIMIT]),
            "upcoming": linked(upcoming[:6]),
            "entries": [(tenant, tenant_url(request, tenant)) for tenant in tenants],
        },
    )
