"""Tenants: one per administration (förvaltning) or city company (bolag).

A tenant owns a PostgreSQL schema with its processes; its row and its domains live in
the public schema so routing and the portal never need to look inside tenant schemas.
"""

from __future__ import annotations

import re
from typing import cast

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from tenants.colors import HEX_COLOR, contrast_ratio
from tenants.routing import forget_hosts

# Subdomains we keep for the platform itself; a tenant may not take them.
RESERVED_SLUGS = frozenset(
    {"www", "api", "admin", "ops", "static", "media", "public", "portal", "mail", "auth", "new"}
)
SLUG_PATTERN = re.compile(r"^[a-z][a-z0-9-]{1,40}[a-z0-9]$")
# White text on the brand colour must reach WCAG AA for normal text.
MIN_BRAND_CONTRAST = 4.5


def validate_tenant_slug(value: str) -> None:
    """Reject slugs that are not valid DNS labels or that the platform keeps."""
    if not SLUG_PATTERN.match(value) or "--" in value:
        raise ValidationError(
            _("Use 3–42 lowercase letters, digits and single hyphens, starting with a letter.")
        )
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved by the platform."), params={"slug": value})


def validate_brand_color(value: str) -> None:
    """Require #rrggbb with at least 4.5:1 contrast against white text."""
    if not HEX_COLOR.match(value):
        raise ValidationError(_("Give the colour as #rrggbb, for example #1f5f3a."))
    ratio = contrast_ratio(value, "#ffffff")
    if ratio < MIN_BRAND_CONTRAST:
        raise ValidationError(
            _(
                "White text on this colour has contrast %(ratio).1f:1; WCAG AA needs 4.5:1. "
                "Choose a darker colour."
            ),
            params={"ratio": ratio},
        )


def logo_upload_to(instance: Tenant, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "png"
    return f"branding/{instance.slug}/logo.{extension}"


class RoutingQuerySet(models.QuerySet):
    """Bulk changes to tenants or domains forget the hosts remembered for routing
    (tenants.routing); `save()` and `delete()` do it through signals (TenantsConfig)."""

    def ready(self) -> RoutingQuerySet:
        """Return the tenants that are open (status ready), the portal left out: the
        ones periodic tasks work on and residents can choose from."""
        return self.filter(status=Tenant.Status.READY).exclude(schema_name="public")

    def portal(self) -> Tenant | None:
        """Return the portal's own tenant (the public schema), or None before it exists:
        city-wide rows (e-proposals' search documents, participation) are filed under it."""
        # The queryset class serves Domain too, so its rows are not typed as tenants.
        return cast("Tenant | None", self.filter(schema_name="public").first())

    def update(self, **kwargs: object) -> int:
        changed = super().update(**kwargs)
        forget_hosts()
        return changed

    def delete(self) -> tuple[int, dict[str, int]]:
        deleted = super().delete()
        forget_hosts()
        return deleted


class Tenant(TenantMixin):
    """An administration or company with its own schema, subdomain and branding."""

    class Kind(models.TextChoices):
        ADMINISTRATION = "forvaltning", _("Administration (förvaltning)")
        COMPANY = "bolag", _("City-owned company (bolag)")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        # Onboarding has created the row and schema but not finished (tenants.onboarding).
        PROVISIONING = "provisioning", _("Being set up")
        READY = "ready", _("Ready")
        SUSPENDED = "suspended", _("Suspended")
        ARCHIVED = "archived", _("Archived")

    slug = models.SlugField(max_length=42, unique=True, validators=[validate_tenant_slug])
    name_sv = models.CharField(_("name in Swedish"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.ADMINISTRATION)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.READY)
    logo = models.ImageField(upload_to=logo_upload_to, blank=True)
    primary_color = models.CharField(
        max_length=7, default="#1b4f72", validators=[validate_brand_color]
    )
    contact_email = models.EmailField(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    objects = RoutingQuerySet.as_manager()

    # Schemas are created explicitly by onboarding (tenants.actions), not on save(), so
    # a half-validated row never leaves a schema behind.
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        ordering = ["name_sv"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.schema_name == "public"

    @property
    def name(self) -> str:
        """Return the name in the active language (Swedish unless English is active)."""
        return self.name_en if (get_language() or "sv").startswith("en") else self.name_sv

    @staticmethod
    def schema_name_for(slug: str) -> str:
        """Return the schema name for a slug (PostgreSQL identifiers avoid hyphens)."""
        return "t_" + slug.replace("-", "_")


class Domain(DomainMixin):
    """A host name that routes to a tenant; the primary one is slug.PLATFORM_DOMAIN."""

    objects = RoutingQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]

    def __str__(self) -> str:
        return self.domain


def current_tenant() -> Tenant | None:
    """Return the Tenant whose schema the database connection uses (None for public).

    In a request this is `connection.tenant`; inside `schema_context()` django-tenants
    puts a stand-in object there, so the row is looked up by schema name instead.
    """
    from django.db import connection

    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Tenant):
        return None if tenant.is_public else tenant
    schema_name = getattr(connection, "schema_name", "public")
    if schema_name == "public":
        return None
    return Tenant.objects.filter(schema_name=schema_name).first()


class PlatformEvent(models.Model):
    """One step of platform operations (onboarding, status changes, exports, backups,
    deletions), kept in the public schema so it outlives the tenant it names.

    Append-only: written by `tenants.audit.record` and never changed.
    """

    created = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Who it was at the time (the account may be deleted later), or "system"/"command".
    actor_label = models.CharField(max_length=254, blank=True)
    verb = models.CharField(max_length=60)
    tenant = models.ForeignKey(
        Tenant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The slug survives the tenant's deletion.
    tenant_slug = models.CharField(max_length=42, blank=True, db_index=True)
    details = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} {self.verb} {self.tenant_slug}"


class ProvisioningJob(models.Model):
    """One request to onboard a tenant, worked by a Celery task on its own queue.

    The request is validated before the job exists; the job records progress so the ops
    page, the command and the API can show it, and an error that stopped it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # "page", "command" or "api".
    channel = models.CharField(max_length=20)
    # The validated request: slug, names, kind, admin e-mail, extra domain, colour.
    request = models.JSONField()
    slug = models.CharField(max_length=42, db_index=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # 0–100 and the step being worked on (a short English code, translated for pages).
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=40, blank=True)
    error = models.TextField(blank=True)
    tenant = models.ForeignKey(
        Tenant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            # At most one unfinished job per slug: a second request waits for the first.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status__in=["queued", "running"]),
                name="one_open_provisioning_job_per_slug",
            )
        ]

    def __str__(self) -> str:
        return f"{self.slug} ({self.status})"


class TenantExport(models.Model):
    """A complete export of one tenant: its schema dump, its files and a JSON export,
    in one archive under PRIVATE_MEDIA_ROOT. A tenant is deleted only after one."""

    class Status(models.TextChoices):
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created = models.DateTimeField(auto_now_add=True)
    tenant = models.ForeignKey(
        Tenant, null=True, blank=True, on_delete=models.SET_NULL, related_name="exports"
    )
    tenant_slug = models.CharField(max_length=42)
    requested_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RUNNING)
    # Relative to PRIVATE_MEDIA_ROOT.
    path = models.CharField(max_length=300, blank=True)
    size = models.BigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.tenant_slug} {self.created:%Y-%m-%d %H:%M}"


class OpsApiToken(models.Model):
    """A bearer token for the ops API, owned by a platform operator; only its SHA-256
    is stored. Made with `manage.py ops_token create --email E`."""

    created = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    last_used = models.DateTimeField(null=True, blank=True)
    revoked = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.name} ({self.user_id})"
