"""State changes of tenants: create the platform's public tenant, onboard a tenant,
suspend, archive or resume one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django_tenants.utils import schema_context

from shared_apps.portal.listing import forget_tenant_choices
from tenants.models import Domain, Tenant
from tenants.schemas import create_tenant_schema


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
        create_tenant_schema(tenant.schema_name)
        Domain.objects.create(
            domain=f"{slug}.{settings.PLATFORM_DOMAIN}", tenant=tenant, is_primary=True
        )
        for host in extra_domains:
            Domain.objects.create(domain=host.lower(), tenant=tenant, is_primary=False)
        transaction.on_commit(forget_tenant_choices)
    connection.set_schema_to_public()  # type: ignore[attr-defined]
    return tenant


def set_tenant_status(tenant: Tenant, status: str, *, by: Any) -> Tenant:
    """Make the tenant ready, suspended or archived; platform operators only.

    The portal catalog and the search index follow in the same transaction: a suspended
    or archived tenant's entries and documents leave the portal at once, and a tenant
    made ready again gets them back rebuilt from its schema (not announced as new:
    residents heard of them already).
    The change is logged in the tenant's own action log.
    """
    from shared_apps.portal.catalog import remove_tenant_entries
    from shared_apps.search.index import remove_tenant_documents
    from tenant_apps.actionlog.actions import log_action
    from tenant_apps.spaces.catalog import rebuild_tenant_catalog

    if not getattr(by, "is_staff", False):
        raise PermissionDenied("only platform operators change a tenant's status")
    if status not in Tenant.Status.values or tenant.is_public:
        raise ValueError(f"cannot set status {status!r} on {tenant.slug}")
    with transaction.atomic():
        # The lock orders concurrent changes; the last one decides the catalog too.
        tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
        before = tenant.status
        if before == status:
            return tenant
        tenant.status = status
        tenant.save(update_fields=["status", "modified"])
        with schema_context(tenant.schema_name):
            log_action(by, "tenant.status_changed", target=tenant.slug, before=before, after=status)
        if status == Tenant.Status.READY:
            # Through sync_space this writes the search documents back too.
            rebuild_tenant_catalog(tenant)
        else:
            remove_tenant_entries(tenant)
            remove_tenant_documents(tenant)
        transaction.on_commit(forget_tenant_choices)
    return tenant
