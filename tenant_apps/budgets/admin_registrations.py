"""The staff side of budgets as seen by other features: the proposals handover."""

from __future__ import annotations


def register_all() -> None:
    from tenant_apps.budgets.handover import register

    register()
