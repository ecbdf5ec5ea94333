"""State changes of tenants: create the platform's public tenant, onboard a tenant."""

from __future__ import annotations

from django.conf import settings
from django.db import connection, transaction

from tenants.models import Domain, Tenant


def ensure_public_tenant() -> Tenant:
    """Return the public tenant (the portal), creating it and its domain if missing."""
    tenant, _ = Tenant.objects.get_or_create(
        schema_name="public",
        defaults={
            "slug": "portal",
            "name_sv": "Torget",
            "name_en": "Torget",
            "kind": Tenant.Kind.OTHER,
        },
    )
    Domain.objects.get_or_create(
        domain=settings.PLATFORM_DOMAIN, defaults={"tenant": tenant, "is_primary": True}
    )
    return tenant


def onboard_tenant(
    *,
    slug: str,
    name_sv: str,
    name_en: str,
    kind: str = Tenant.Kind.ADMINISTRATION,
    primary_color: str = "#1b4f72",
    contact_email: str = "",
    extra_domains: tuple[str, ...] = (),
) -> Tenant:
    """Create a tenant with its schema and domains (slug.PLATFORM_DOMAIN is primary).

    Everything happens in one transaction: PostgreSQL DDL is transactional, so a failed
    migration leaves neither a row nor a schema behind.
    """
    tenant = Tenant(
        slug=slug,
        schema_name=Tenant.schema_name_for(slug),
        name_sv=name_sv,
        name_en=name_en,
        kind=kind,
        primary_color=primary_color,
        contact_email=contact_email,
    )
    tenant.full_clean()
    with transaction.atomic():
        tenant.save()
        tenant.create_schema(check_if_exists=True, verbosity=0)
        Domain.objects.create(
            domain=f"{slug}.{settings.PLATFORM_DOMAIN}", tenant=tenant, is_primary=True
        )
        for host in extra_domains:
            Domain.objects.create(domain=host.lower(), tenant=tenant, is_primary=False)
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return tenant
