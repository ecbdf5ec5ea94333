"""Privacy pages: "Your data" and account deletion (portal), terms (tenant hosts)."""

from __future__ import annotations

import hmac
from typing import cast
from uuid import UUID

from allauth.account.decorators import reauthentication_required
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from shared_apps.accounts.handoff import local_path
from shared_apps.accounts.models import User
from shared_apps.privacy import actions
from shared_apps.privacy.forms import DeleteAccountForm, TermsForm
from shared_apps.privacy.models import (
    DataExport,
    TenantTerms,
    TermsAcceptance,
    hash_download_token,
)
from shared_apps.privacy.terms import has_accepted_terms
from tenant_apps.spaces.permissions import require
from tenants.links import portal_url, sign_in_url
from tenants.models import Tenant

# How many past exports the page lists (the purge keeps the list short anyway).
EXPORTS_SHOWN = 20


def _get_export_for_user(request: HttpRequest, public_id: UUID) -> DataExport:
    """Return the signed-in user's export, or 404 for missing and someone else's alike."""
    user = cast(User, request.user)
    export = DataExport.objects.filter(public_id=public_id, user=user).first()
    if export is None:
        raise Http404
    return export


def _tenant(request: HttpRequest) -> Tenant:
    tenant = getattr(request, "tenant", None)
    if not isinstance(tenant, Tenant) or tenant.is_public:
        raise Http404
    return tenant


@login_required
@require_http_methods(["GET", "POST"])
def data_exports(request: HttpRequest) -> HttpResponse:
    """(Portal) List the resident's exports with their progress; POST asks for a new one."""
    user = cast(User, request.user)
    if request.method == "POST":
        actions.request_data_export(user, site_url=portal_url(request, ""))
        messages.success(
            request, _("We are putting your data together. We will e-mail you when it is ready.")
        )
        return redirect("privacy:data")
    exports = list(DataExport.objects.filter(user=user)[:EXPORTS_SHOWN])
    return render(
        request,
        "privacy/dataexport_list.html",
        {
            "exports": exports,
            "in_progress": any(export.in_progress for export in exports),
            "export_days": settings.DATA_EXPORT_DAYS,
        },
    )


@login_required
@require_GET
def data_export_download(request: HttpRequest, public_id: UUID) -> FileResponse:
    """(Portal) Send the archive: only to its signed-in owner holding the e-mailed token,
    and only until it expires; anything else is a 404."""
    export = _get_export_for_user(request, public_id)
    token = request.GET.get("token", "")
    if (
        not token
        or not export.is_downloadable()
        or not hmac.compare_digest(export.token_hash, hash_download_token(token))
    ):
        raise Http404
    storage = actions.private_storage()
    filename = f"torget-data-{export.finished:%Y-%m-%d}.zip" if export.finished else "torget.zip"
    response = FileResponse(
        storage.open(export.file_name, "rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@reauthentication_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """(Portal) After re-authentication and typing the e-mail address, delete the account."""
    user = cast(User, request.user)
    form = DeleteAccountForm(request.POST or None, email=user.email)
    if request.method == "POST" and form.is_valid():
        actions.delete_account(user, confirmation=form.cleaned_data["confirmation"])
        logout(request)
        messages.success(request, _("Your account has been deleted."))
        return redirect("home")
    return render(request, "privacy/account_delete.html", {"form": form})


@require_http_methods(["GET", "POST"])
def terms(request: HttpRequest) -> HttpResponse:
    """(Tenant host) Show the tenant's terms; a signed-in resident accepts them here and
    goes back to `next` (a local path only)."""
    tenant = _tenant(request)
    current = TenantTerms.objects.filter(tenant=tenant).first()
    if current is None:
        raise Http404
    next_path = local_path(request.POST.get("next") or request.GET.get("next"))
    signed_in = request.user.is_authenticated
    if request.method == "POST":
        if not signed_in:
            return redirect(sign_in_url(request, request.get_full_path()))
        actions.accept_terms(cast(User, request.user), tenant)
        messages.success(request, _("Thank you. You have accepted the terms."))
        return redirect(next_path)
    accepted = signed_in and has_accepted_terms(request.user)
    return render(
        request,
        "privacy/terms_detail.html",
        {"terms": current, "accepted": accepted, "next": next_path},
    )


@login_required
@require_http_methods(["GET", "POST"])
def manage_terms(request: HttpRequest) -> HttpResponse:
    """(Tenant host) An admin writes the tenant's terms; others get 404."""
    tenant = _tenant(request)
    require(request.user, "privacy.change_terms")
    current = TenantTerms.objects.filter(tenant=tenant).first()
    initial = {"text_sv": current.text_sv, "text_en": current.text_en} if current else {}
    form = TermsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = actions.save_terms(tenant, by=request.user, **form.cleaned_data)
        messages.success(
            request, _("The terms were saved (version %(version)s).") % {"version": saved.version}
        )
        return redirect("privacy:manage_terms")
    acceptances = (
        TermsAcceptance.objects.filter(tenant=tenant, version=current.version).count()
        if current
        else 0
    )
    return render(
        request,
        "privacy/terms_edit.html",
        {"form": form, "terms": current, "acceptances": acceptances},
    )
