"""Forms of platform operations. The onboarding form is the one validation path for the
ops page, the `onboard_tenant` command and the ops API: everything is checked before
anything is created."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext_lazy as _

from tenants.models import (
    RESERVED_SLUGS,
    Domain,
    ProvisioningJob,
    Tenant,
    validate_brand_color,
    validate_tenant_slug,
)

# One DNS label: letters, digits and inner hyphens, at most 63 characters.
_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def validate_host_name(value: str) -> None:
    """Require a fully qualified host name such as deltagande.goteborg.se."""
    labels = value.split(".")
    if len(value) > 253 or len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        raise ValidationError(
            _("Give a host name such as deltagande.example.se: letters, digits, hyphens, dots.")
        )


class OnboardingForm(forms.Form):
    slug = forms.CharField(
        label=_("Slug (subdomain)"),
        max_length=42,
    )
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=200)
    name_en = forms.CharField(label=_("Name in English"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Tenant.Kind.choices)
    admin_email = forms.EmailField(
        label=_("First administrator's e-mail"),
        help_text=_("They get an invitation to set a password and two-factor authentication."),
    )
    domain = forms.CharField(
        label=_("Own domain (optional)"),
        max_length=253,
        required=False,
        help_text=_("A host name of the administration's own, in addition to the subdomain."),
    )
    primary_color = forms.CharField(
        label=_("Brand colour"),
        max_length=7,
        initial="#1b4f72",
        required=False,
        help_text=_("#rrggbb with white text on it at 4.5:1 contrast or more."),
    )

    def __init__(self, *args: Any, job: ProvisioningJob | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.job = job
        self.fields["slug"].help_text = _(
            "Lowercase letters a–z, digits and single hyphens, starting with a letter; "
            "the site will be at SLUG.%(domain)s."
        ) % {"domain": settings.PLATFORM_DOMAIN}

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"].strip()
        if slug != slug.lower():
            raise ValidationError(_("Use lowercase letters only."))
        validate_tenant_slug(slug)
        if Tenant.objects.filter(slug=slug).exists():
            raise ValidationError(
                _("A tenant with the slug “%(slug)s” exists already."), params={"slug": slug}
            )
        open_jobs = ProvisioningJob.objects.filter(
            slug=slug, status__in=[ProvisioningJob.Status.QUEUED, ProvisioningJob.Status.RUNNING]
        )
        if self.job is not None:
            open_jobs = open_jobs.exclude(pk=self.job.pk)
        if open_jobs.exists():
            raise ValidationError(
                _("“%(slug)s” is being onboarded already; see its job on the ops page."),
                params={"slug": slug},
            )
        if _schema_exists(Tenant.schema_name_for(slug)):
            raise ValidationError(
                _(
                    "A database schema named %(schema)s exists without a tenant; ask a "
                    "database administrator to look at it before using this slug."
                ),
                params={"schema": Tenant.schema_name_for(slug)},
            )
        return slug

    def clean_name_sv(self) -> str:
        return self.cleaned_data["name_sv"].strip()

    def clean_name_en(self) -> str:
        return self.cleaned_data["name_en"].strip()

    def clean_admin_email(self) -> str:
        return self.cleaned_data["admin_email"].strip().lower()

    def clean_domain(self) -> str:
        host = self.cleaned_data["domain"].strip().lower().rstrip(".")
        if not host:
            return ""
        platform = settings.PLATFORM_DOMAIN
        if host == platform or host.endswith("." + platform):
            raise ValidationError(
                _(
                    "Subdomains of %(domain)s are given by the slug; give a domain of the "
                    "administration's own here, or leave it empty."
                ),
                params={"domain": platform},
            )
        validate_host_name(host)
        if host.split(".", 1)[0] in RESERVED_SLUGS and host.count(".") == 1:
            raise ValidationError(_("This host name is reserved."))
        if Domain.objects.filter(domain=host).exists():
            raise ValidationError(
                _("The domain %(domain)s belongs to another tenant already."),
                params={"domain": host},
            )
        return host

    def clean_primary_color(self) -> str:
        color = (self.cleaned_data.get("primary_color") or "#1b4f72").strip().lower()
        validate_brand_color(color)
        return color

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slug = data.get("slug")
        if slug and Domain.objects.filter(domain=f"{slug}.{settings.PLATFORM_DOMAIN}").exists():
            self.add_error(
                "slug",
                _("The host %(host)s belongs to another tenant already.")
                % {"host": f"{slug}.{settings.PLATFORM_DOMAIN}"},
            )
        return data


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


class StatusChangeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the audit log)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DeleteTenantForm(forms.Form):
    confirm_slug = forms.CharField(label=_("Type the slug to confirm"), max_length=42)

    def __init__(self, *args: Any, tenant: Tenant, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.tenant = tenant

    def clean_confirm_slug(self) -> str:
        value = self.cleaned_data["confirm_slug"].strip()
        if value != self.tenant.slug:
            raise ValidationError(
                _("Type %(slug)s exactly to delete this tenant."), params={"slug": self.tenant.slug}
            )
        return value


# A logo is shown small in the header; a larger file only slows every page.
MAX_LOGO_BYTES = 1024 * 1024


class BrandingForm(forms.ModelForm):
    """A tenant's names, colour, logo and contact address, changed by ops after
    onboarding (the slug and domains stay: links and e-mails depend on them)."""

    class Meta:
        model = Tenant
        fields = ["name_sv", "name_en", "kind", "primary_color", "logo", "contact_email"]
        labels = {
            "name_sv": _("Name in Swedish"),
            "name_en": _("Name in English"),
            "kind": _("Kind"),
            "primary_color": _("Brand colour"),
            "logo": _("Logo (PNG, JPEG or WebP, at most 1 MB)"),
            "contact_email": _("Contact e-mail shown on the site"),
        }

    def clean_logo(self) -> Any:
        logo = self.cleaned_data.get("logo")
        if logo and getattr(logo, "size", 0) > MAX_LOGO_BYTES:
            raise ValidationError(_("The logo is larger than 1 MB; make it smaller."))
        image = getattr(logo, "image", None)
        if image is not None and (image.format or "").upper() not in {"PNG", "JPEG", "WEBP"}:
            raise ValidationError(_("Use a PNG, JPEG or WebP image for the logo."))
        return logo
