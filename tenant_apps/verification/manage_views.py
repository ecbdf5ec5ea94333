"""(Tenant admin) Verify a resident in person; make and withdraw voting codes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from config.throttle import client_ip
from shared_apps.identity.actions import VerificationRefused
from tenant_apps.spaces.access import get_space_for_manage
from tenant_apps.spaces.models import Process
from tenant_apps.spaces.permissions import require
from tenant_apps.verification.codes import create_batch, void_batch
from tenant_apps.verification.forms import CodeBatchForm, InPersonForm
from tenant_apps.verification.in_person import verify_in_person
from tenant_apps.verification.models import VotingCodeBatch


@login_required
@require_http_methods(["GET", "POST"])
def in_person(request: HttpRequest) -> HttpResponse:
    """A verifier checks a resident's ID document at a service point and records it."""
    require(request.user, "verification.verify_in_person")
    form = InPersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        resident = form.cleaned_data["email"]
        try:
            verify_in_person(
                resident,
                by=request.user,
                personal_number=form.cleaned_data["personal_number"],
                postal_code=form.cleaned_data["postal_code"],
                evidence=form.evidence_text(),
                ip=client_ip(request),
            )
        except VerificationRefused as refusal:
            form.add_error("personal_number", refusal.message)
        else:
            messages.success(request, _("%(name)s is verified.") % {"name": resident.display_name})
            return redirect("manage:verify_in_person")
    return render(request, "verification/in_person.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def codes(request: HttpRequest, slug: str) -> HttpResponse:
    """List a process's code batches and make a new one (shown once, to print)."""
    process = get_space_for_manage(request, "processes", slug)
    require(request.user, "verification.manage_codes", process)
    form = CodeBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch, printed = create_batch(
                process, form.cleaned_data["size"], by=request.user, note=form.cleaned_data["note"]
            )
        except ValidationError as error:
            form.add_error("size", error)
        else:
            # Shown once on the next page, which takes them out of the session again.
            request.session[_sheet_key(batch.pk)] = printed
            return redirect("manage:voting_codes_sheet", slug=process.slug, batch_id=batch.pk)
    batches = (
        process.voting_code_batches.select_related("created_by")
        .annotate(used=Count("codes", filter=Q(codes__redeemed_at__isnull=False)))
        .order_by("-created")
    )
    return render(
        request,
        "verification/code_batches.html",
        {"space": process, "form": form, "batches": batches},
    )


def _batch_for_manage(
    request: HttpRequest, slug: str, batch_id: int
) -> tuple[Process, VotingCodeBatch]:
    """Return a process the user may make codes for and one of its batches (else 404)."""
    process = get_space_for_manage(request, "processes", slug)
    require(request.user, "verification.manage_codes", process)
    batch = process.voting_code_batches.filter(pk=batch_id).first()
    if batch is None:
        raise Http404
    return process, batch


def _sheet_key(batch_id: int) -> str:
    return f"voting-codes-sheet:{batch_id}"


@login_required
def code_sheet(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    """Show a new batch's codes to print, once; afterwards say they cannot be shown."""
    process, batch = _batch_for_manage(request, slug, batch_id)
    printed = request.session.pop(_sheet_key(batch.pk), None)
    return render(
        request,
        "verification/code_sheet.html",
        {"space": process, "batch": batch, "codes": printed or []},
    )


@require_POST
@login_required
def code_void(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    process, batch = _batch_for_manage(request, slug, batch_id)
    void_batch(batch, by=request.user)
    messages.success(request, _("The unused codes of that batch no longer work."))
    return redirect("manage:voting_codes", slug=process.slug)
