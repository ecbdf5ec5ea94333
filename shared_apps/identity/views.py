"""(Portal) The resident's verifications, and the self-declared postal code."""

from __future__ import annotations

from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.throttle import client_ip, hit
from shared_apps.accounts.models import User
from shared_apps.identity.actions import (
    VerificationRefused,
    grant_verification,
    record_refusal,
    residence_attributes,
    revoke_verification,
)
from shared_apps.identity.forms import PostalCodeForm
from shared_apps.identity.handlers import HANDLERS
from shared_apps.identity.models import Verification
from shared_apps.identity.next_url import safe_next
from shared_apps.vocabularies.city import area_for_postal_code
from shared_apps.vocabularies.models import Area

# Residents on a shared library or school network share an IP: the per-IP limit is wide.
POSTAL_CODE_LIMITS = {"per_user": (10, 600), "per_ip": (200, 600)}


@login_required
def verification_list(request: HttpRequest) -> HttpResponse:
    """List what the resident has verified, and the ways to verify."""
    user = cast(User, request.user)
    rows = list(Verification.objects.filter(user=user).order_by("-created")[:30])
    areas = {area.slug: area.name for area in Area.objects.all()}
    valid = [row for row in rows if row.is_valid()]
    past = [row for row in rows if not row.is_valid()]
    return render(
        request,
        "identity/verification_list.html",
        {
            "valid": valid,
            "past": past,
            "handlers": HANDLERS,
            "areas": areas,
            "next": safe_next(request, request.GET.get("next")) or "",
            "city_code": settings.CITY_MUNICIPALITY_CODE,
        },
    )


@require_POST
@login_required
def verification_remove(request: HttpRequest, verification_id: int) -> HttpResponse:
    """Let the resident withdraw one of their verifications."""
    verification = Verification.objects.filter(
        pk=verification_id, user=cast(User, request.user), revoked__isnull=True
    ).first()
    if verification is None:
        raise Http404
    revoke_verification(verification, reason="withdrawn by the resident")
    messages.success(request, _("The verification is removed."))
    return redirect("identity:list")


@login_required
@require_http_methods(["GET", "POST"])
def postal_code(request: HttpRequest) -> HttpResponse:
    """Record the resident's own statement of their postal code, and so their area."""
    user = cast(User, request.user)
    form = PostalCodeForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    if request.method == "POST" and form.is_valid():
        ip = client_ip(request)
        throttled = hit("verify-postal-code", user_id=user.pk, ip=ip, **POSTAL_CODE_LIMITS)
        if throttled is not None:
            record_refusal(user, "postal_code", "throttled", ip=ip)
            form.add_error(None, throttled.message)
        else:
            row = area_for_postal_code(form.cleaned_data["postal_code"])
            if row is None:
                record_refusal(user, "postal_code", "outside_city", ip=ip)
                form.add_error(
                    "postal_code",
                    _(
                        "%(code)s is not a postal code in %(city)s. Check the digits; "
                        "only residents of %(city)s can take part this way."
                    )
                    % {"code": form.cleaned_data["postal_code"], "city": settings.CITY_NAME},
                )
            else:
                try:
                    grant_verification(
                        user,
                        "postal_code",
                        attributes=residence_attributes(row),
                        self_declared=True,
                        ip=ip,
                    )
                except VerificationRefused as refusal:
                    form.add_error(None, refusal.message)
                else:
                    messages.success(
                        request,
                        _("Saved: you live in %(area)s (postal code %(code)s).")
                        % {"area": row.area.name, "code": str(row)},
                    )
                    target = safe_next(request, form.cleaned_data["next"])
                    return HttpResponseRedirect(target or "/account/verifications/")
    return render(request, "identity/postal_code.html", {"form": form})
