"""The city-wide search index (public schema): one row per public thing a resident can
find, in any tenant.

Tenant-side actions write these rows in the same transaction as their own change, like the
portal catalog, so the portal's search never reads a tenant schema and costs the same with
5 tenants or 500. See docs/adr/0012-city-wide-search-index.md.
"""

from __future__ import annotations

from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.translated import Translated, pick


class SearchDocument(models.Model):
    class Kind(models.TextChoices):
        PROCESS = "process", _("Participatory process")
        ASSEMBLY = "assembly", _("Assembly")
        PROPOSAL = "proposal", _("Proposal")
        PROJECT = "project", _("Budget project")
        PAGE = "page", _("Page")
        MEETING = "meeting", _("Meeting")
        DEBATE = "debate", _("Debate")
        SURVEY = "survey", _("Survey")
        EPROPOSAL = "eproposal", _("E-proposal")

    tenant = models.ForeignKey("tenants.Tenant", on_delete=models.CASCADE, related_name="+")
    # Unique within the tenant: "process:12", "proposal:7", "project:3", "page:5".
    key = models.CharField(max_length=120)
    # The space the document belongs to ("process:12"): unpublishing the space removes
    # all of its documents in one statement.
    space_key = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title_sv = models.CharField(max_length=300)
    title_en = models.CharField(max_length=300, blank=True)
    # Plain text (tags stripped, capped in length): what the snippet is cut from.
    body_sv = models.TextField(blank=True)
    body_en = models.TextField(blank=True)
    # Both titles, lower case: what pg_trgm compares a misspelt query with.
    title_words = models.TextField(blank=True, editable=False)
    # A path on the tenant's primary host; the page makes it absolute per request.
    path = models.CharField(max_length=300)
    # Slugs of shared_apps.vocabularies areas, so the area filter stays on this table.
    areas = ArrayField(models.CharField(max_length=60), default=list, blank=True)
    published = models.DateTimeField(null=True, blank=True)
    updated = models.DateTimeField(null=True, blank=True)
    # Swedish text with the 'swedish' configuration, English with 'english'; titles
    # weigh A, bodies B. Written by shared_apps.search.index, never by hand.
    search_vector = SearchVectorField(null=True, editable=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "key"], name="one_search_document_per_key"),
        ]
        indexes = [
            models.Index(fields=["tenant", "space_key"], name="search_by_space"),
            GinIndex(fields=["search_vector"], name="search_vector_gin"),
            GinIndex(fields=["areas"], name="search_areas_gin"),
            # The trigram index on title_words is created by migration 0001 only where
            # pg_trgm is available (see shared_apps/search/extensions.py).
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}:{self.key}"

    @property
    def title(self) -> Translated:
        return pick(self, "title")

    @property
    def body(self) -> Translated:
        return pick(self, "body")
