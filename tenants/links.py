"""Build absolute links between the portal and tenant hosts.

With PORTAL_URL set (production) the portal's scheme and port come from it; otherwise
from the request, so http://kultur.localhost:8000 links to http://localhost:8000.
"""

from __future__ import annotations

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest

from tenants.models import Tenant


def scheme_and_port(request: HttpRequest) -> tuple[str, str]:
    if settings.PORTAL_URL:
        parts = urlsplit(settings.PORTAL_URL)
        return parts.scheme, f":{parts.port}" if parts.port else ""
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    return request.scheme or "http", "" if port == default else f":{port}"


def portal_url(request: HttpRequest, path: str = "/") -> str:
    """Return the absolute URL of a path on the portal host."""
    if settings.PORTAL_URL:
        return settings.PORTAL_URL + path
    scheme, port = scheme_and_port(request)
    return f"{scheme}://{settings.PLATFORM_DOMAIN}{port}{path}"


def host_url(request: HttpRequest, host: str, path: str = "/") -> str:
    """Return the absolute URL of a path on another of the platform's hosts."""
    scheme, port = scheme_and_port(request)
    return f"{scheme}://{host}{port}{path}"


def tenant_url(request: HttpRequest, tenant: Tenant, path: str = "/") -> str:
    """Return the absolute URL of a path on the tenant's primary host."""
    return host_url(request, f"{tenant.slug}.{settings.PLATFORM_DOMAIN}", path)


def sign_in_url(request: HttpRequest, next_path: str | None = None) -> str:
    """Return where "Sign in" goes: the portal's page, or for a tenant host the portal's
    hand-off, which signs the visitor in there and brings them back to `next_path`."""
    tenant = getattr(request, "tenant", None)
    if tenant is None or tenant.is_public:
        return "/accounts/login/" + (f"?{urlencode({'next': next_path})}" if next_path else "")
    target = request.build_absolute_uri(next_path or request.get_full_path())
    return portal_url(request, "/sign-in/handoff/?" + urlencode({"next": target}))
