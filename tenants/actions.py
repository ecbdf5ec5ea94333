"""State changes of tenants: create the platform's public tenant, onboard a tenant,
suspend, archive or resume one."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django_tenants.utils import schema_context

from shared_apps.portal.listing import forget_tenant_choices
from tenants import audit
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
    status: str = Tenant.Status.READY,
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
        status=status,
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


LIFECYCLE_STATUSES = (Tenant.Status.READY, Tenant.Status.SUSPENDED, Tenant.Status.ARCHIVED)
# The platform audit log's verb for each status a tenant is given.
STATUS_VERBS: dict[str, str] = {
    Tenant.Status.READY: "tenant.resumed",
    Tenant.Status.SUSPENDED: "tenant.suspended",
    Tenant.Status.ARCHIVED: "tenant.archived",
}


def set_tenant_status(tenant: Tenant, status: str, *, by: Any, reason: str = "") -> Tenant:
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
    if status not in LIFECYCLE_STATUSES or tenant.is_public:
        raise ValueError(f"cannot set status {status!r} on {tenant.slug}")
    with transaction.atomic():
        # The lock orders concurrent changes; the last one decides the catalog too.
        tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
        before = tenant.status
        if before == status:
            return tenant
        if before == Tenant.Status.PROVISIONING:
            raise ValueError(f"{tenant.slug} is still being onboarded")
        tenant.status = status
        tenant.save(update_fields=["status", "modified"])
        with schema_context(tenant.schema_name):
            log_action(by, "tenant.status_changed", target=tenant.slug, before=before, after=status)
        audit.record(STATUS_VERBS[status], by=by, tenant=tenant, before=before, reason=reason)
        if status == Tenant.Status.READY:
            # Through sync_space this writes the search documents back too.
            rebuild_tenant_catalog(tenant)
        else:
            remove_tenant_entries(tenant)
            remove_tenant_documents(tenant)
        transaction.on_commit(forget_tenant_choices)
    return tenant


class DeletionRefused(Exception):
    """The tenant cannot be deleted (yet); the message says why."""


def delete_tenant(tenant: Tenant, *, by: Any, confirm_slug: str) -> None:
    """Delete a tenant for good: its schema, its public rows and its files.

    Only platform operators, only after a complete export (tenants.backup) whose archive
    still exists, and only when `confirm_slug` is the tenant's slug typed again. The
    platform audit log keeps the deletion with the export it relied on.
    """
    from tenants.backup.export import latest_export

    if not getattr(by, "is_staff", False):
        raise PermissionDenied("only platform operators delete a tenant")
    if tenant.is_public:
        raise DeletionRefused("the portal cannot be deleted")
    if confirm_slug != tenant.slug:
        raise DeletionRefused(f"type {tenant.slug} exactly to delete this tenant")
    export = latest_export(tenant)
    if export is None:
        raise DeletionRefused(f"export {tenant.slug} first: deletion needs a complete export")
    schema = tenant.schema_name
    with transaction.atomic():
        tenant = Tenant.objects.select_for_update().get(pk=tenant.pk)
        audit.record(
            "tenant.deleted",
            by=by,
            tenant=tenant,
            schema=schema,
            export=export.pk,
            export_sha256=export.sha256,
            domains=list(tenant.domains.values_list("domain", flat=True)),
        )
        with connection.cursor() as cursor:
            cursor.execute(f"DROP SCHEMA IF EXISTS {connection.ops.quote_name(schema)} CASCADE")
        # Domains, memberships, catalog rows, search documents, participation and
        # notifications go with the row (ON DELETE CASCADE); exports and the audit log
        # keep the slug.
        tenant.delete()
        transaction.on_commit(forget_tenant_choices)
        transaction.on_commit(lambda: delete_files(schema))
    connection.set_schema_to_public()  # type: ignore[attr-defined]


def delete_files(prefix: str) -> int:
    """Delete every stored file whose name starts with `prefix/`; return how many."""
    from django.core.files.storage import default_storage

    def walk(folder: str) -> int:
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            return 0
        count = 0
        for name in files:
            default_storage.delete(f"{folder}/{name}")
            count += 1
        for sub in folders:
            count += walk(f"{folder}/{sub}")
        return count

    return walk(prefix)
