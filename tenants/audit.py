"""The platform audit log: every operations step on a tenant, in the public schema."""

from __future__ import annotations

from typing import Any

from tenants.models import PlatformEvent, Tenant


def actor_label(by: Any) -> str:
    """Return how the log names the actor: the account's e-mail, or the given text."""
    if isinstance(by, str):
        return by
    if getattr(by, "is_authenticated", False):
        return str(getattr(by, "email", "") or by.pk)
    return "system"


def record(
    verb: str,
    *,
    by: Any,
    tenant: Tenant | None = None,
    slug: str = "",
    **details: Any,
) -> PlatformEvent:
    """Append one event. `by` is a user or a label ("command", "system"); `details` must
    be JSON-serialisable and never hold secrets."""
    user = by if getattr(by, "is_authenticated", False) else None
    return PlatformEvent.objects.create(
        verb=verb,
        actor=user,
        actor_label=actor_label(by),
        tenant=tenant if tenant is not None and tenant.pk else None,
        tenant_slug=slug or (tenant.slug if tenant is not None else ""),
        details=details,
    )
