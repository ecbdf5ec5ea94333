"""The portal catalog (public schema): one row per published thing a resident can take
part in, in any tenant.

Tenant-side action functions write these rows in the same transaction as their own change
(same database, so no outbox is needed); the portal reads only this table, so its pages
cost the same with 5 tenants or 500.
"""

from __future__ import annotations

from datetime import date

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class CatalogEntryQuerySet(models.QuerySet["CatalogEntry"]):
    """The portal's filters, all on this one table (no tenant schema is read)."""

    def visible(self) -> CatalogEntryQuerySet:
        """Return the entries of ready tenants (a suspended tenant's rows are removed by
        tenants.actions.set_tenant_status; this guards the moment before a bulk update).

        A semi-join on the ready tenants' ids rather than a join on their status: counts
        then read tenant_id from the (tenant, space_key) index instead of every row."""
        from tenants.models import Tenant

        ready = Tenant.objects.filter(status=Tenant.Status.READY).values("pk")
        return self.filter(tenant_id__in=ready)

    def active(self, today: date) -> CatalogEntryQuerySet:
        """Return the entries running today (open-ended dates count as running)."""
        return self.filter(Q(starts__lte=today) | Q(starts__isnull=True)).filter(
            Q(ends__gte=today) | Q(ends__isnull=True)
        )

    def upcoming(self, today: date) -> CatalogEntryQuerySet:
        return self.filter(starts__gt=today)

    def past(self, today: date) -> CatalogEntryQuerySet:
        return self.filter(ends__lt=today)


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
    # Where the thing happens (a meeting's venue, a park's centre), when a component knows.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    search_vector = SearchVectorField(null=True, editable=False)
    # When the key first reached the catalog: syncs update rows in place, so this stays
    # the date the entry was first published ("newest" sorting and the Atom feed).
    created = models.DateTimeField(default=timezone.now, editable=False)
    modified = models.DateTimeField(auto_now=True)

    objects = CatalogEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-promoted", "starts", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "key"], name="one_catalog_row_per_key"),
        ]
        indexes = [
            models.Index(fields=["tenant", "space_key"]),
            models.Index(fields=["kind", "ends"]),
            # The process list's sort orders ("ending soonest", "starting", "newest") and
            # the calendar's month ranges read these without a sort of the whole table.
            models.Index(fields=["ends", "id"], name="portal_entry_ends"),
            # The home page's sections: one kind, closing (or starting) soonest, LIMIT n.
            # Without the id, a kind with no rows made PostgreSQL walk the whole table.
            models.Index(fields=["kind", "ends", "id"], name="portal_entry_kind_ends"),
            models.Index(fields=["kind", "starts", "id"], name="portal_entry_kind_starts"),
            # The home page's processes by phase: promoted first, phase closing soonest.
            models.Index(
                fields=["kind", "-promoted", "phase_ends", "id"], name="portal_entry_kind_phase"
            ),
            models.Index(fields=["starts", "id"], name="portal_entry_starts"),
            models.Index(fields=["-created", "id"], name="portal_entry_newest"),
            models.Index(fields=["phase_starts"], name="portal_entry_phase_starts"),
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
