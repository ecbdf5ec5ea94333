"""Where a verification sends the resident afterwards: back to what they were doing."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from shared_apps.accounts.handoff import tenant_host_of


def safe_next(request: HttpRequest, url: str | None) -> str | None:
    """Return `url` if it is a local path here or a page on one of our ready tenant hosts."""
    if not url:
        return None
    if url.startswith("/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}
    ):
        return url
    if tenant_host_of(request, url) is not None:
        return url
    return None
