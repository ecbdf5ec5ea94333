"""Onboard a tenant: one code path for the ops page, the `onboard_tenant` command and the
ops API.

1. `request_onboarding` takes the data an OnboardingForm validated, stores a
   ProvisioningJob and, after commit, sends `provision_tenant` to the provisioning queue.
2. `provision` (run by that task) works the job in steps, each committed, so the job
   shows its progress:
   - "schema": the Tenant row (status "provisioning"), its schema cloned from the
     template (TENANT_BASE_SCHEMA) and its domains, in one transaction;
   - "admin": the first administrator's account (created if needed), the admin role
     and the invitation e-mail, then status "ready", in one transaction.
   A retried job continues where it stopped (a worker killed mid-way redelivers the
   task); a step that fails undoes what the job made (the schema, the rows) and the job
   ends "failed" with the error, so no half-made tenant stays behind.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.models import EmailAddress
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from shared_apps.accounts.models import Membership, User
from shared_apps.mail.actions import queue_mail
from shared_apps.notifications.links import mail_url
from tenants import audit
from tenants.actions import onboard_tenant
from tenants.forms import OnboardingForm
from tenants.models import Domain, ProvisioningJob, Tenant
from tenants.roles import grant_role

logger = logging.getLogger(__name__)

# What each step is called on the ops page and in the command's output.
STEPS = {
    "queued": gettext_lazy("Waiting for the provisioning worker"),
    "validating": gettext_lazy("Checking the request again"),
    "schema": gettext_lazy("Creating the schema and the domains"),
    "admin": gettext_lazy("Setting up the first administrator"),
    "done": gettext_lazy("Done: the tenant is open"),
    "failed": gettext_lazy("Stopped"),
}


class OnboardingRefused(Exception):
    """The request is invalid; `errors` maps field names to messages."""

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()))
        self.errors = errors


def validate_request(data: dict[str, Any], job: ProvisioningJob | None = None) -> dict[str, Any]:
    """Return the cleaned request or raise OnboardingRefused with every problem (`job`:
    the job being worked, which does not count as another open request)."""
    form = OnboardingForm(data, job=job)
    if not form.is_valid():
        raise OnboardingRefused(
            {field: [str(error) for error in errors] for field, errors in form.errors.items()}
        )
    return form.cleaned_data


def request_onboarding(data: dict[str, Any], *, by: Any, channel: str) -> ProvisioningJob:
    """Validate, store the job and queue its task after commit; raise OnboardingRefused."""
    cleaned = validate_request(data)
    try:
        with transaction.atomic():
            job = ProvisioningJob.objects.create(
                requested_by=by if getattr(by, "is_authenticated", False) else None,
                channel=channel,
                request=cleaned,
                slug=cleaned["slug"],
                step="queued",
            )
            audit.record(
                "tenant.onboarding_requested", by=by, slug=job.slug, job=job.pk, channel=channel
            )
            transaction.on_commit(lambda: queue_job(job))
    except IntegrityError:
        # Another request for the same slug won the race (one open job per slug).
        raise OnboardingRefused(
            {"slug": [_("“%(slug)s” is being onboarded already.") % {"slug": cleaned["slug"]}]}
        ) from None
    return job


def queue_job(job: ProvisioningJob) -> None:
    from tenants.tasks import provision_tenant

    provision_tenant.apply_async(args=(job.pk,), queue=settings.CELERY_PROVISIONING_QUEUE)


def retry_job(job: ProvisioningJob, *, by: Any) -> ProvisioningJob:
    """Queue a failed job again (its request is validated again when it runs)."""
    updated = ProvisioningJob.objects.filter(
        pk=job.pk, status=ProvisioningJob.Status.FAILED
    ).update(
        status=ProvisioningJob.Status.QUEUED, step="queued", progress=0, error="", finished=None
    )
    if updated:
        audit.record("tenant.onboarding_retried", by=by, slug=job.slug, job=job.pk)
        transaction.on_commit(lambda: queue_job(job))
    job.refresh_from_db()
    return job


def _progress(job: ProvisioningJob, step: str, progress: int, **fields: Any) -> None:
    job.step = step
    job.progress = progress
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["step", "progress", "modified", *fields])


def provision(job_id: int) -> ProvisioningJob:
    """Work the job to its end; safe to call again for the same job."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    with transaction.atomic():
        job = ProvisioningJob.objects.select_for_update().get(pk=job_id)
        if job.status in (ProvisioningJob.Status.DONE, ProvisioningJob.Status.FAILED):
            return job
        if job.status == ProvisioningJob.Status.QUEUED:
            job.status = ProvisioningJob.Status.RUNNING
            job.started = timezone.now()
            _progress(job, "validating", 5, status=job.status, started=job.started)
    data = job.request
    try:
        tenant = job.tenant
        if tenant is None:
            # Checked again: a slug or domain may have been taken since the request.
            validate_request(data, job=job)
            _progress(job, "schema", 20)
            with transaction.atomic():
                tenant = onboard_tenant(
                    slug=data["slug"],
                    name_sv=data["name_sv"],
                    name_en=data["name_en"],
                    kind=data["kind"],
                    primary_color=data.get("primary_color") or "#1b4f72",
                    contact_email=data["admin_email"],
                    extra_domains=(data["domain"],) if data.get("domain") else (),
                    status=Tenant.Status.PROVISIONING,
                )
                job.tenant = tenant
                _progress(job, "admin", 70, tenant=tenant)
        if tenant.status == Tenant.Status.PROVISIONING:
            with transaction.atomic():
                admin, invited = _first_admin(tenant, data["admin_email"], job)
                Tenant.objects.filter(pk=tenant.pk).update(status=Tenant.Status.READY)
                tenant.status = Tenant.Status.READY
                audit.record(
                    "tenant.onboarded",
                    by=job.requested_by or job.channel,
                    tenant=tenant,
                    job=job.pk,
                    admin=admin.email,
                    invited=invited,
                    domains=list(tenant.domains.values_list("domain", flat=True)),
                )
                job.status = ProvisioningJob.Status.DONE
                job.finished = timezone.now()
                _progress(job, "done", 100, status=job.status, finished=job.finished, tenant=tenant)
    except Exception as error:
        _fail(job, error)
        if not isinstance(error, OnboardingRefused):
            logger.exception("provisioning job %s for %s failed", job.pk, job.slug)
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return job


def _fail(job: ProvisioningJob, error: Exception) -> None:
    """Undo what the job made, then record the failure."""
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    tenant = Tenant.objects.filter(pk=job.tenant_id, status=Tenant.Status.PROVISIONING).first()
    if tenant is not None:
        remove_half_made_tenant(tenant)
    if isinstance(error, OnboardingRefused):
        message = " ".join(" ".join(messages) for messages in error.errors.values())
    else:
        message = f"{type(error).__name__}: {error}"
    job.status = ProvisioningJob.Status.FAILED
    job.finished = timezone.now()
    job.tenant = None
    _progress(
        job,
        "failed",
        job.progress,
        status=job.status,
        finished=job.finished,
        error=message,
        tenant=None,
    )
    audit.record(
        "tenant.onboarding_failed",
        by=job.requested_by or job.channel,
        slug=job.slug,
        job=job.pk,
        error=message,
    )


def remove_half_made_tenant(tenant: Tenant) -> None:
    """Drop the schema and rows of a tenant whose onboarding did not finish."""
    with transaction.atomic():
        Membership.objects.filter(tenant=tenant).delete()
        Domain.objects.filter(tenant=tenant).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(tenant.schema_name)} CASCADE"
            )
        Tenant.objects.filter(pk=tenant.pk).delete()


def _first_admin(tenant: Tenant, email: str, job: ProvisioningJob) -> tuple[User, bool]:
    """Give the account with this e-mail the admin role, creating it if needed, and queue
    the e-mail that tells them. Return the user and whether they were invited (new)."""
    user = User.objects.filter(email__iexact=email).first()
    invited = user is None
    if user is None:
        user = User.objects.create_user(email=email, password=None)
        # The platform operator vouched for the address; the invitation link proves it.
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    grant_role(tenant, user, Membership.Role.ADMIN, by=job.requested_by or job.channel)
    queue_invitation(tenant, user, new_account=invited)
    return user, invited


def invitation_link(user: User) -> str:
    """Return the portal link that lets the user set a password (allauth's reset key)."""
    path = reverse(
        "account_reset_password_from_key",
        urlconf=settings.PUBLIC_SCHEMA_URLCONF,
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return mail_url(None, path)


def queue_invitation(tenant: Tenant, user: User, *, new_account: bool) -> None:
    """Queue the administrator's e-mail: set a password (new account) and 2FA."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "tenant": tenant,
            "user": user,
            "new_account": new_account,
            "password_link": invitation_link(user) if new_account else "",
            "site_link": mail_url(tenant, "/"),
            "manage_link": mail_url(tenant, "/manage/"),
            "valid_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
        }
        queue_mail(
            to=[user.email],
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + _("You are the administrator of %(name)s on Torget") % {"name": tenant.name},
            body_text=render_to_string("ops/invitation_email.txt", context),
            kind="tenant_admin_invitation",
        )


def step_label(job: ProvisioningJob) -> str:
    return str(STEPS.get(job.step, job.step))
