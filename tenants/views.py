"""Staff roles of a tenant, managed by its admins at /manage/roles/."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.models import Membership, User
from tenant_apps.spaces.forms import RoleForm
from tenant_apps.spaces.permissions import require
from tenants.models import Tenant
from tenants.roles import grant_role, revoke_role


def staff(request: HttpRequest) -> HttpResponse:
    """The old staff overview lives in the tenant admin now."""
    return HttpResponsePermanentRedirect("/manage/")


@login_required
def roles(request: HttpRequest) -> HttpResponse:
    """List who holds which role here; grant a role to an existing account."""
    require(request.user, "accounts.change_membership")
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    form = RoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if user is None:
            form.add_error(
                "email",
                _(
                    "No account has this address. "
                    "Ask the person to create an account on Torget first."
                ),
            )
        else:
            grant_role(tenant, user, form.cleaned_data["role"], by=request.user)
            messages.success(request, _("%(name)s has the role now.") % {"name": user.display_name})
            return redirect("manage:roles")
    memberships = (
        Membership.objects.filter(tenant=tenant)
        .select_related("user")
        .order_by("user__email", "role")
    )
    return render(request, "manage/roles.html", {"memberships": memberships, "form": form})


@require_POST
@login_required
def role_revoke(request: HttpRequest, membership_id: int) -> HttpResponse:
    require(request.user, "accounts.change_membership")
    tenant: Tenant = request.tenant  # type: ignore[attr-defined]
    membership = (
        Membership.objects.filter(pk=membership_id, tenant=tenant).select_related("user").first()
    )
    if membership is None:
        raise Http404
    try:
        revoke_role(tenant, membership.user, membership.role, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The role is removed."))
    return redirect("manage:roles")
