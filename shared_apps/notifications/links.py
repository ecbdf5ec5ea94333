"""Absolute links to inbox entries, with or without a request.

Entries keep a path on their tenant's primary host (`slug.PLATFORM_DOMAIN`, the domain
onboarding creates); the host comes from the tenant row, never from the entry, so a link
can only point at one of our hosts.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest

from shared_apps.accounts.handoff import local_path
from tenants.links import portal_url, tenant_url


def safe_path(path: str) -> str:
    """Return the path if it is a plain local path, else "/"."""
    return local_path(path) if path.startswith("/") else "/"


def entry_url(request: HttpRequest, tenant: Any, path: str) -> str:
    """Return the absolute URL of `path` on the tenant's host (the portal's if none)."""
    path = safe_path(path)
    return tenant_url(request, tenant, path) if tenant is not None else portal_url(request, path)


def _scheme_and_port() -> tuple[str, str]:
    if settings.PORTAL_URL:
        parts = urlsplit(settings.PORTAL_URL)
        return parts.scheme, f":{parts.port}" if parts.port else ""
    return "http", ""


def mail_url(tenant: Any, path: str) -> str:
    """Return the absolute URL of `path` for an e-mail (no request: from PORTAL_URL)."""
    scheme, port = _scheme_and_port()
    host = (
        settings.PLATFORM_DOMAIN if tenant is None else f"{tenant.slug}.{settings.PLATFORM_DOMAIN}"
    )
    return f"{scheme}://{host}{port}{safe_path(path)}"
