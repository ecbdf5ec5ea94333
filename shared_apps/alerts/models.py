"""Residents' alerts: what they want to hear about when it opens anywhere in the city.

A resident subscribes to areas (stadsdelar), categories and whole administrations or
companies (tenants). When a process, a call for ideas, a vote or a survey first appears in
the portal catalog with a matching area, category or tenant, the resident gets one inbox
entry (and e-mail by their notification settings). Both tables are in the public schema.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class AlertSubscription(models.Model):
    """One thing a resident wants alerts about: exactly one of area, category, tenant."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_subscriptions"
    )
    area = models.ForeignKey(
        "vocabularies.Area", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    category = models.ForeignKey(
        "vocabularies.Category", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    tenant = models.ForeignKey(
        "tenants.Tenant", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(area__isnull=False, category__isnull=True, tenant__isnull=True)
                    | Q(area__isnull=True, category__isnull=False, tenant__isnull=True)
                    | Q(area__isnull=True, category__isnull=True, tenant__isnull=False)
                ),
                name="alert_names_one_thing",
            ),
            # Two saves racing may both insert: the constraints keep one row each.
            models.UniqueConstraint(
                fields=["user", "area"], condition=Q(area__isnull=False), name="alert_area_once"
            ),
            models.UniqueConstraint(
                fields=["user", "category"],
                condition=Q(category__isnull=False),
                name="alert_category_once",
            ),
            models.UniqueConstraint(
                fields=["user", "tenant"],
                condition=Q(tenant__isnull=False),
                name="alert_tenant_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.area_id or self.category_id or self.tenant_id}"


class AlertSent(models.Model):
    """A resident was alerted about a catalog entry (by its key, which outlives the row's
    id: the catalog rewrites a space's rows on every change). The unique constraint makes
    the alert task idempotent: a second run inserts nothing and notifies nobody."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    entry_key = models.CharField(max_length=120)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenant", "entry_key"], name="one_alert_per_entry"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.tenant_id}/{self.entry_key}"
