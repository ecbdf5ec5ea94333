"""Write the participation index from tenant actions, inside their transactions.

Each function is one statement, so it is cheap enough for hot paths (submitting a
ballot): `record` is one INSERT … ON CONFLICT DO UPDATE, `forget` one DELETE. A rolled-back
action leaves nothing behind, because the row is written in the action's transaction.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from shared_apps.participation.kinds import Row, registry
from shared_apps.participation.models import Participation
from tenants.models import Tenant, current_tenant

# Changed on conflict; `created` (when the resident took part) stays.
UPDATED_FIELDS = ["title_sv", "title_en", "path", "modified"]
UNIQUE_FIELDS = ["user", "tenant", "kind", "key"]
INSERT_BATCH = 2000


def _tenant(tenant: Tenant | None) -> Tenant:
    tenant = tenant or current_tenant()
    if tenant is None:
        raise RuntimeError("participation happens inside a tenant; no tenant is active")
    return tenant


def _check_kind(kind: str) -> None:
    if kind not in registry:
        raise ValueError(f"unknown participation kind {kind!r}")


def record(
    user: Any,
    kind: str,
    key: str,
    *,
    title_sv: str,
    title_en: str = "",
    path: str,
    when: datetime | None = None,
    tenant: Tenant | None = None,
) -> None:
    """Note that the user took part in `key`; refresh title and path when already noted.

    One INSERT … ON CONFLICT DO UPDATE: two requests of the same resident racing both
    succeed and leave one row.
    """
    _check_kind(kind)
    user_id = getattr(user, "pk", user)
    if user_id is None:
        return
    now = timezone.now()
    Participation.objects.bulk_create(
        [
            Participation(
                user_id=user_id,
                tenant=_tenant(tenant),
                kind=kind,
                key=key,
                title_sv=title_sv[:300],
                title_en=title_en[:300],
                path=path[:500],
                created=when or now,
                modified=now,
            )
        ],
        update_conflicts=True,
        unique_fields=UNIQUE_FIELDS,
        update_fields=UPDATED_FIELDS,
    )


def forget(user: Any, kind: str, key: str, *, tenant: Tenant | None = None) -> None:
    """Remove the user's row of `kind` about `key` (withdrawn, deleted, reopened)."""
    _check_kind(kind)
    Participation.objects.filter(
        user_id=getattr(user, "pk", user), tenant=_tenant(tenant), kind=kind, key=key
    ).delete()


def forget_thing(key: str, *, tenant: Tenant | None = None) -> None:
    """Remove every resident's rows about `key` (hidden by the moderators): the author's
    and, for a proposal, its supporters'."""
    Participation.objects.filter(tenant=_tenant(tenant), key=key).delete()


def record_rows(kind: str, rows: Iterable[Row], *, tenant: Tenant | None = None) -> int:
    """Write many rows of one kind (a rebuild, a proposal shown again); return how many."""
    _check_kind(kind)
    tenant = _tenant(tenant)
    now = timezone.now()
    objects = [
        Participation(
            user_id=row.user_id,
            tenant=tenant,
            kind=kind,
            key=row.key,
            title_sv=row.title_sv[:300],
            title_en=row.title_en[:300],
            path=row.path[:500],
            created=row.created,
            modified=now,
        )
        for row in rows
    ]
    Participation.objects.bulk_create(
        objects,
        batch_size=INSERT_BATCH,
        update_conflicts=True,
        unique_fields=UNIQUE_FIELDS,
        update_fields=UPDATED_FIELDS,
    )
    return len(objects)


def rebuild_tenant(tenant: Tenant) -> dict[str, int]:
    """Recompute the tenant's rows of every kind that can be rebuilt, in one transaction;
    return the count per kind. Call inside the tenant's schema."""
    counts: dict[str, int] = {}
    with transaction.atomic():
        for kind in registry.all():
            Participation.objects.filter(tenant=tenant, kind=kind.name).delete()
            counts[kind.name] = record_rows(kind.name, kind.rows(), tenant=tenant)
    return counts
