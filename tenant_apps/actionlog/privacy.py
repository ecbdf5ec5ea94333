"""Log rows *about* a person name them by e-mail in `target` (e.g. a staff role granted);
rows the person made are found by `actor` (generic discovery)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from shared_apps.privacy.registry import Row, Scope, email_addresses, register, serialize_rows
from tenant_apps.actionlog.models import Action


def export_mentions(user: Any) -> Iterable[Row]:
    return serialize_rows(Action.objects.filter(target__in=email_addresses(user)))


def erase_mentions(user: Any) -> None:
    """Blank `target` where it is the person's address: the one change besides clearing
    `actor_id` that the append-only trigger allows (migration actionlog/0003)."""
    Action.objects.filter(target__in=email_addresses(user)).update(target="")


register("actionlog.Action.mentions", Scope.TENANT, export=export_mentions, erase=erase_mentions)
