"""The portal's "Your participation" page: everything a resident took part in, in every
tenant, from the public-schema index (never from tenant schemas)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from shared_apps.notifications.views import signed_in
from shared_apps.participation.queries import PER_KIND, sections_for
from tenants.links import tenant_url


@signed_in
@require_GET
def my_participation(request: HttpRequest) -> HttpResponse:
    """List the signed-in resident's proposals, supports, votes, comments and follows."""
    sections = sections_for(request.user)
    for section in sections:
        for row in section.rows:
            # The host comes from the tenant row; the stored path is local.
            row.url = tenant_url(request, row.tenant, row.path if row.path.startswith("/") else "/")
    return render(
        request,
        "participation/participation_list.html",
        {"sections": sections, "per_kind": PER_KIND},
    )
