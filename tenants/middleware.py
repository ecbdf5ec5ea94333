"""Route each request to the portal or a tenant by its host, with clear error pages.

django-tenants' own middleware answers a malformed host with an empty 404 and an unknown
one with a bare Http404; ours renders proper pages and adds the tenant lifecycle:

- a tenant being onboarded answers 503 ("being set up");
- a suspended or archived tenant is read-only: pages are served with a banner (see
  tenants.context_processors), and any request that could write (every method but
  GET, HEAD and OPTIONS) is refused before a view runs: 503 with Retry-After while
  suspended, 410 once archived.
"""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import set_urlconf
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_urlconf

from tenants.models import Tenant
from tenants.routing import tenant_for_host

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
READ_ONLY = frozenset({Tenant.Status.SUSPENDED, Tenant.Status.ARCHIVED})


def _render_public(request: HttpRequest, template: str, status: int, **context: object):
    """Render an error page with the portal's URLs, before any tenant is chosen."""
    request.urlconf = get_public_schema_urlconf()
    set_urlconf(request.urlconf)
    return render(request, template, context, status=status)


class TenantMiddleware(TenantMainMiddleware):
    """Select the schema from the Host header; answer unknown or closed hosts clearly."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return _render_public(request, "400_host.html", 400)
        tenant = tenant_for_host(hostname)
        if tenant is None:
            return _render_public(request, "404_host.html", 404, hostname=hostname)

        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        if tenant.status == Tenant.Status.PROVISIONING:
            response = _render_public(request, "tenants/tenant_provisioning.html", 503)
            response["Retry-After"] = "60"
            return response
        if tenant.status in READ_ONLY and request.method not in SAFE_METHODS:
            if tenant.status == Tenant.Status.SUSPENDED:
                response = _render_public(request, "tenants/tenant_suspended.html", 503)
                response["Retry-After"] = "3600"
                return response
            return _render_public(request, "tenants/tenant_archived.html", 410)
        connection.set_tenant(tenant)  # type: ignore[attr-defined]
        self.setup_url_routing(request)
        return None
