"""Write the tenant's action log."""

from __future__ import annotations

from typing import Any

from tenant_apps.actionlog.models import Action


def log_action(actor: Any, verb: str, target: str = "", **data: Any) -> Action:
    """Record a state change in the current tenant schema; call inside the change's
    transaction so the log and the change commit or roll back together."""
    return Action.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        verb=verb,
        target=target,
        data=data,
    )
