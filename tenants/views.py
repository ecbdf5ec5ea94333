"""Pages every tenant host serves: its home and its staff overview."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.accounts.models import Membership
from tenant_apps.actionlog.models import Action
from tenants.models import Tenant


def home(request: HttpRequest) -> HttpResponse:
    """Show the tenant's front page with its branding and contact."""
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    is_staff = request.user.is_authenticated and bool(request.user.roles_in(tenant))
    return render(request, "tenants/tenant_home.html", {"tenant": tenant, "is_staff": is_staff})


def _get_tenant_for_staff(request: HttpRequest) -> Tenant:
    """Return the request's tenant if the user holds a role in it, else raise 404.

    Missing and forbidden look the same, so outsiders learn nothing about the page.
    """
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    if not request.user.is_authenticated or not request.user.roles_in(tenant):
        raise Http404
    return tenant


@login_required
def staff(request: HttpRequest) -> HttpResponse:
    """List the tenant's staff roles and its latest logged actions."""
    tenant = _get_tenant_for_staff(request)
    memberships = (
        Membership.objects.filter(tenant=tenant).select_related("user").order_by("user__email")
    )
    actions = Action.objects.select_related("actor")[:50]
    return render(
        request,
        "tenants/tenant_staff.html",
        {"tenant": tenant, "memberships": memberships, "actions": actions},
    )
