"""The portal catalog (public schema): one row per published thing a resident can take
part in, in any tenant.

Tenant-side action functions write these rows in the same transaction as their own change
(same database, so no outbox is needed); the portal reads only this table, so its pages
cost the same with 5 tenants or 500.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class CatalogEntry(models.Model):
    class Kind(models.TextChoices):
        PROCESS = "process", _("Participatory process")
        ASSEMBLY = "assembly", _("Assembly")
        VOTE = "vote", _("Open vote")
        CALL_FOR_IDEAS = "call_for_ideas", _("Call for ideas")
        MEETING = "meeting", _("Meeting")
        SURVEY = "survey", _("Survey")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    # Unique within the tenant: "process:12", "component:7:vote".
    key = models.CharField(max_length=120)
    # The space the entry belongs to ("process:12"): unpublishing the space removes all
    # of its entries in one statement.
    space_key = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title_sv = models.CharField(max_length=200)
    title_en = models.CharField(max_length=200, blank=True)
    summary_sv = models.TextField(blank=True)
    summary_en = models.TextField(blank=True)
    phase_sv = models.CharField(max_length=120, blank=True)
    phase_en = models.CharField(max_length=120, blank=True)
    # A path on the tenant's primary host; the portal makes it absolute per request.
    path = models.CharField(max_length=300)
    starts = models.DateField(null=True, blank=True)
    ends = models.DateField(null=True, blank=True)
    phase_starts = models.DateField(null=True, blank=True)
    phase_ends = models.DateField(null=True, blank=True)
    # Slugs of shared_apps.vocabularies terms; arrays keep the portal's filters to one table.
    areas = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    categories = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    promoted = models.BooleanField(default=False)
    search_vector = SearchVectorField(null=True, editable=False)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-promoted", "starts", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "key"], name="one_catalog_row_per_key"),
        ]
        indexes = [
            models.Index(fields=["tenant", "space_key"]),
            models.Index(fields=["kind", "ends"]),
            GinIndex(fields=["areas"]),
            GinIndex(fields=["categories"]),
            GinIndex(fields=["search_vector"]),
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}:{self.key}"

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def summary(self) -> Translated:
        return pick(self, "summary")

    @property
    def phase(self) -> Translated:
        return pick(self, "phase")
