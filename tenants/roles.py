"""Grant and revoke staff roles in a tenant (Memberships live in public)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
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
    user.forget_roles()
    return membership


def revoke_role(tenant: Tenant, user: User, role: str, *, by: Any = None) -> None:
    """Take the role away (idempotent) and log it; an admin cannot remove the last admin."""
    with transaction.atomic():
        # Lock the tenant's admin rows so two admins removing each other cannot both win.
        admins = list(
            Membership.objects.select_for_update().filter(tenant=tenant, role=Membership.Role.ADMIN)
        )
        if role == Membership.Role.ADMIN and [m.user_id for m in admins] == [user.pk]:
            raise ValidationError(_("The last administrator cannot be removed."))
        deleted, _rows = Membership.objects.filter(user=user, tenant=tenant, role=role).delete()
        if deleted:
            with schema_context(tenant.schema_name):
                log_action(by, "membership.revoked", target=user.email, role=role)
    user.forget_roles()
