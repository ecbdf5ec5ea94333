"""The ops pages on the portal host (/ops/): the tenant dashboard, onboarding and its
jobs, a tenant's lifecycle, and the platform audit log. Platform operators only
(tenants.ops); every change goes through the same action functions as the command line
and the ops API."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.portal.listing import forget_tenant_choices
from tenants import audit
from tenants.actions import DeletionRefused, delete_tenant, set_tenant_status
from tenants.forms import BrandingForm, DeleteTenantForm, OnboardingForm, StatusChangeForm
from tenants.models import PlatformEvent, ProvisioningJob, Tenant, TenantExport
from tenants.onboarding import queue_invitation, request_onboarding, retry_job, step_label
from tenants.ops import ops_only
from tenants.ops_dashboard import tenant_rows

AUDIT_PER_PAGE = 50
# The status each lifecycle button gives, and what its confirmation says.
TRANSITIONS = {
    "suspend": Tenant.Status.SUSPENDED,
    "resume": Tenant.Status.READY,
    "archive": Tenant.Status.ARCHIVED,
}


@ops_only
def dashboard(request: HttpRequest) -> HttpResponse:
    """Every tenant with its status, last activity, size and active processes."""
    jobs = ProvisioningJob.objects.exclude(status=ProvisioningJob.Status.DONE)[:10]
    return render(request, "ops/dashboard.html", {"rows": tenant_rows(), "jobs": jobs})


@ops_only
def onboard(request: HttpRequest) -> HttpResponse:
    """The onboarding form; a valid request becomes a job on the provisioning queue."""
    form = OnboardingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        job = request_onboarding(form.cleaned_data, by=request.user, channel="page")
        return redirect("ops:job", job_id=job.pk)
    return render(request, "ops/onboard.html", {"form": form})


def _job_or_404(job_id: int) -> ProvisioningJob:
    job = ProvisioningJob.objects.select_related("tenant", "requested_by").filter(pk=job_id).first()
    if job is None:
        raise Http404
    return job


@ops_only
def job(request: HttpRequest, job_id: int) -> HttpResponse:
    """A job's progress; the page refreshes its status block by script when it can."""
    job = _job_or_404(job_id)
    return render(request, "ops/job.html", {"job": job, "step": step_label(job)})


@ops_only
@require_POST
def job_retry(request: HttpRequest, job_id: int) -> HttpResponse:
    job = retry_job(_job_or_404(job_id), by=request.user)
    messages.success(request, _("The job is queued again."))
    return redirect("ops:job", job_id=job.pk)


def _tenant_or_404(slug: str) -> Tenant:
    tenant = Tenant.objects.exclude(schema_name="public").filter(slug=slug).first()
    if tenant is None:
        raise Http404
    return tenant


@ops_only
def tenant(request: HttpRequest, slug: str) -> HttpResponse:
    """One tenant: domains, administrators, exports, its audit trail and lifecycle."""
    from shared_apps.accounts.models import Membership
    from tenants.backup import latest_export

    tenant = _tenant_or_404(slug)
    context = {
        "tenant": tenant,
        "domains": list(tenant.domains.all()),
        "admins": list(
            Membership.objects.filter(tenant=tenant, role=Membership.Role.ADMIN).select_related(
                "user"
            )
        ),
        "exports": list(TenantExport.objects.filter(tenant=tenant)[:5]),
        "latest_export": latest_export(tenant),
        "events": list(PlatformEvent.objects.filter(tenant_slug=tenant.slug)[:20]),
        "status_form": StatusChangeForm(),
        "delete_form": DeleteTenantForm(tenant=tenant),
        "transitions": _transitions(tenant),
    }
    return render(request, "ops/tenant.html", context)


def _transitions(tenant: Tenant) -> list[tuple[str, str]]:
    """Return the lifecycle buttons that apply to the tenant's status, with labels."""
    labels = {"suspend": _("Suspend"), "resume": _("Resume"), "archive": _("Archive")}
    return [
        (action, labels[action])
        for action, status in TRANSITIONS.items()
        if status != tenant.status and tenant.status != Tenant.Status.PROVISIONING
    ]


@ops_only
@require_POST
def tenant_status(request: HttpRequest, slug: str, action: str) -> HttpResponse:
    tenant = _tenant_or_404(slug)
    if action not in TRANSITIONS:
        raise Http404
    form = StatusChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason: it is kept in the audit log."))
        return redirect("ops:tenant", slug=slug)
    try:
        set_tenant_status(
            tenant, TRANSITIONS[action], by=request.user, reason=form.cleaned_data["reason"]
        )
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(name)s is now: %(status)s.")
            % {"name": tenant.name, "status": Tenant.Status(TRANSITIONS[action]).label},
        )
    return redirect("ops:tenant", slug=slug)


@ops_only
@require_POST
def tenant_export(request: HttpRequest, slug: str) -> HttpResponse:
    from tenants.backup import request_export

    tenant = _tenant_or_404(slug)
    request_export(tenant, by=request.user)
    messages.success(request, _("The export is being made; it appears here when it is done."))
    return redirect("ops:tenant", slug=slug)


@ops_only
@require_POST
def tenant_delete(request: HttpRequest, slug: str) -> HttpResponse:
    tenant = _tenant_or_404(slug)
    form = DeleteTenantForm(request.POST, tenant=tenant)
    if form.is_valid():
        try:
            delete_tenant(tenant, by=request.user, confirm_slug=form.cleaned_data["confirm_slug"])
        except DeletionRefused as refused:
            form.add_error("confirm_slug", str(refused))
        else:
            messages.success(request, _("%(slug)s is deleted.") % {"slug": slug})
            return redirect("ops:dashboard")
    messages.error(request, " ".join(str(error) for error in form.errors.get("confirm_slug", [])))
    return redirect("ops:tenant", slug=slug)


@ops_only
@require_POST
def tenant_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Send the administrators' e-mail again (a new password link for those who never
    signed in)."""
    from shared_apps.accounts.models import Membership

    tenant = _tenant_or_404(slug)
    admins = Membership.objects.filter(tenant=tenant, role=Membership.Role.ADMIN).select_related(
        "user"
    )
    for membership in admins:
        queue_invitation(tenant, membership.user, new_account=membership.user.last_login is None)
    messages.success(request, _("The invitation is sent again."))
    return redirect("ops:tenant", slug=slug)


@ops_only
def tenant_branding(request: HttpRequest, slug: str) -> HttpResponse:
    """Change a tenant's names, colour, logo and contact address."""
    tenant = _tenant_or_404(slug)
    form = BrandingForm(request.POST or None, request.FILES or None, instance=tenant)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            audit.record(
                "tenant.branding_changed", by=request.user, tenant=tenant, fields=form.changed_data
            )
        transaction.on_commit(forget_tenant_choices)
        messages.success(request, _("The changes are saved."))
        return redirect("ops:tenant", slug=slug)
    return render(request, "ops/branding.html", {"tenant": tenant, "form": form})


@ops_only
def audit_log(request: HttpRequest) -> HttpResponse:
    """The platform audit log, newest first, optionally for one tenant."""
    events = PlatformEvent.objects.all()
    slug = request.GET.get("tenant", "").strip()
    if slug:
        events = events.filter(tenant_slug=slug)
    page = Paginator(events, AUDIT_PER_PAGE).get_page(request.GET.get("page"))
    query = f"tenant={slug}" if slug else ""
    return render(request, "ops/audit.html", {"page": page, "slug": slug, "query": query})
