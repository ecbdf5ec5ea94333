"""The ops pages on the portal host (/ops/): the tenant dashboard, onboarding, a
tenant's lifecycle and the platform audit log. Platform operators only (tenants.ops)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from tenants.ops import ops_only
from tenants.ops_dashboard import tenant_rows


@ops_only
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every tenant with its status, last activity, size and active processes."""
    return render(request, "ops/dashboard.html", {"rows": tenant_rows()})
