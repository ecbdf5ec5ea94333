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


def snapshot(obj: Any, fields: list[str]) -> dict[str, Any]:
    """Return the fields' current values as JSON-friendly text, for before/after logs."""
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(obj, name)
        values[name] = value if isinstance(value, bool | int | type(None)) else str(value)
    return values


def changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Return {field: [before, after]} for the fields whose values differ."""
    return {
        name: [before.get(name), after.get(name)]
        for name in after
        if before.get(name) != after.get(name)
    }
