"""Put the current site (portal or tenant) and its branding into every template."""

from __future__ import annotations

from django.http import HttpRequest

from tenant_apps.spaces.permissions import has_perm
from tenants.links import portal_url, sign_in_url
from tenants.middleware import READ_ONLY


def site(request: HttpRequest) -> dict[str, object]:
    tenant = getattr(request, "tenant", None)
    on_tenant = tenant is not None and not tenant.is_public
    return {
        "site_tenant": tenant if on_tenant else None,
        "on_portal": not on_tenant,
        "brand_color": tenant.primary_color if tenant is not None and on_tenant else "#1b4f72",
        "portal_home_url": portal_url(request, "/"),
        # "suspended" or "archived": base.html shows the read-only banner.
        "read_only_status": (
            tenant.status if tenant is not None and on_tenant and tenant.status in READ_ONLY else ""
        ),
        "sign_in_url": sign_in_url(request),
        # Evaluated only when a template asks (one cached roles query per request).
        "can_manage": lambda: on_tenant and has_perm(request.user, "spaces.view_manage"),
    }
