"""Residents' privacy (public schema): data exports and per-tenant terms of participation.

Both live in public because they belong to the city-wide account: an export gathers the
account's rows from every tenant schema, and an acceptance names a tenant and a user, so
the account's export and deletion find them without entering tenant schemas.
"""

from __future__ import annotations

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


def hash_download_token(token: str) -> str:
    """Return the stored form of an export's download token (only the hash is kept)."""
    return hashlib.sha256(token.encode()).hexdigest()


class DataExportQuerySet(models.QuerySet["DataExport"]):
    def expired(self) -> DataExportQuerySet:
        return self.filter(expires__lte=timezone.now())


class DataExport(models.Model):
    """One archive of everything the platform holds about a resident.

    The archive is built by `shared_apps.privacy.tasks.build_data_export`, which moves
    `steps_done` towards `steps_total` as it goes through public and each tenant schema,
    so the page can show progress. The file lives in the private storage (never served by
    URL); the download view wants the owner signed in *and* the token from the e-mail,
    whose hash is `token_hash`, until `expires`.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Being prepared")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="data_exports"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    steps_done = models.PositiveIntegerField(default=0)
    steps_total = models.PositiveIntegerField(default=0)
    # Name in the "private" storage; empty until built and again after the purge.
    file_name = models.CharField(max_length=300, blank=True)
    token_hash = models.CharField(max_length=64, blank=True)
    expires = models.DateTimeField(null=True, blank=True, db_index=True)
    # Scheme, host and port of the portal as the resident used it, for the e-mailed link
    # (the task has no request to ask).
    site_url = models.CharField(max_length=300, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)

    objects = DataExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-pk"]
        indexes = [models.Index(fields=["user", "-created"], name="privacy_export_user")]

    def __str__(self) -> str:
        return f"data export {self.public_id}"

    @property
    def percent(self) -> int:
        if not self.steps_total:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_total))

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PENDING, self.Status.RUNNING)

    def is_downloadable(self) -> bool:
        return (
            self.status == self.Status.DONE
            and bool(self.file_name)
            and self.expires is not None
            and self.expires > timezone.now()
        )


class TenantTerms(models.Model):
    """A tenant's own terms of participation, in both languages, with a version number.

    Kept in public next to the acceptances (one row per tenant) rather than on Tenant,
    so the tenant model stays the platform's routing record. Raising `version` asks every
    resident to accept again before they next take part.
    """

    tenant = models.OneToOneField("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    text_sv = models.TextField(_("terms in Swedish"))
    text_en = models.TextField(_("terms in English"), blank=True)
    version = models.PositiveIntegerField(default=1)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("terms of participation")
        verbose_name_plural = _("terms of participation")

    def __str__(self) -> str:
        return f"terms v{self.version} ({self.tenant_id})"

    @property
    def text(self) -> Translated:
        return pick(self, "text")


class TermsAcceptance(models.Model):
    """That a user accepted a version of a tenant's terms, and when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="terms_acceptances"
    )
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    accepted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenant", "version"], name="privacy_accept_version_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} accepted v{self.version} of {self.tenant_id}"
