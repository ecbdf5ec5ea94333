"""Change what a resident is alerted about."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from shared_apps.alerts.models import AlertSubscription
from shared_apps.vocabularies.models import Area, Category
from tenants.models import Tenant


def subscriptions_of(user: Any) -> dict[str, list[Any]]:
    """Return the user's chosen areas, categories and tenants (one query)."""
    chosen: dict[str, list[Any]] = {"areas": [], "categories": [], "tenants": []}
    rows = AlertSubscription.objects.filter(user=user).select_related("area", "category", "tenant")
    for row in rows:
        if row.area is not None:
            chosen["areas"].append(row.area)
        elif row.category is not None:
            chosen["categories"].append(row.category)
        elif row.tenant is not None:
            chosen["tenants"].append(row.tenant)
    return chosen


def set_subscriptions(
    user: Any,
    *,
    areas: Iterable[Area],
    categories: Iterable[Category],
    tenants: Iterable[Tenant],
) -> None:
    """Make the user's alerts exactly these areas, categories and tenants.

    One DELETE of what was unticked and one INSERT … ON CONFLICT DO NOTHING of what is
    ticked: two saves racing (two tabs) end with the last one's choice and no error.
    """
    wanted = (
        [AlertSubscription(user=user, area=area) for area in areas]
        + [AlertSubscription(user=user, category=category) for category in categories]
        + [AlertSubscription(user=user, tenant=tenant) for tenant in tenants]
    )
    with transaction.atomic():
        AlertSubscription.objects.filter(user=user).exclude(
            area__in=[row.area_id for row in wanted if row.area_id]
        ).exclude(category__in=[row.category_id for row in wanted if row.category_id]).exclude(
            tenant__in=[row.tenant_id for row in wanted if row.tenant_id]
        ).delete()
        AlertSubscription.objects.bulk_create(wanted, ignore_conflicts=True)


def unsubscribe_all(user: Any) -> int:
    """Stop every alert of the user; return how many there were."""
    deleted, _ = AlertSubscription.objects.filter(user=user).delete()
    return deleted
