"""A resident's participation in every tenant, indexed in the public schema.

Tenant actions write one row per thing a resident did (a proposal, a support, a submitted
ballot, a comment, ...) in the same transaction as the change, so the portal's "Your
participation" page reads one table instead of visiting every tenant schema.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from config.translated import Translated, pick


class Participation(models.Model):
    """One thing a resident took part in, inside one tenant.

    `kind` names a registered kind (shared_apps.participation.kinds): a plain string, not
    choices, so a new kind needs no migration. `key` names the thing ("proposal:12",
    "budget:3", "comment:55"); a support has the key of the proposal it supports, so
    hiding a proposal removes its author's row and its supporters' rows in one DELETE.
    Title and path are copied from the thing when it is written; what a ballot chose is
    never stored here.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="participations"
    )
    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    key = models.CharField(max_length=100)
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    # A path on the tenant's primary host.
    path = models.CharField(max_length=500)
    # When the resident took part (a ballot: when it was submitted); kept by updates.
    created = models.DateTimeField(default=timezone.now)
    modified = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "tenant", "kind", "key"], name="one_participation_per_thing"
            ),
        ]
        indexes = [
            # The page: one resident's rows, newest first.
            models.Index(fields=["user", "-created"], name="participation_page"),
            # Hiding or rebuilding a thing removes every resident's rows about it.
            models.Index(fields=["tenant", "key"], name="participation_thing"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} {self.tenant_id}/{self.key}"

    @property
    def title(self) -> Translated:
        return pick(self, "title")
