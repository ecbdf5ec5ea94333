"""The portal: the city's one entry point on PLATFORM_DOMAIN."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.links import tenant_url
from tenants.models import Tenant


def home(request: HttpRequest) -> HttpResponse:
    """List every open administration and company, linking to its own site."""
    tenants = Tenant.objects.filter(status=Tenant.Status.READY).exclude(schema_name="public")
    entries = [(tenant, tenant_url(request, tenant)) for tenant in tenants]
    return render(request, "portal/home.html", {"entries": entries})
