"""Grant and revoke staff roles in a tenant (Memberships live in public)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Membership, User
from tenant_apps.actionlog.actions import log_action
from tenants.models import Tenant


def grant_role(tenant: Tenant, user: User, role: str, *, by: Any = None) -> Membership:
    """Give `user` the role in `tenant` (idempotent) and log it in the tenant's log."""
    with transaction.atomic():
        membership, created = Membership.objects.get_or_create(user=user, tenant=tenant, role=role)
        if created:
            with schema_context(tenant.schema_name):
                log_action(by, "membership.granted", target=user.email, role=role)
    return membership
