"""The portal's list filters: read from a plain GET form, checked against what exists.

A filter value that names nothing (an unknown administration, a misspelt status) is not
silently dropped: the page says which one and answers 400 with an empty list, so a shared
link that stopped working is noticed instead of showing everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.http import QueryDict
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from config.translated import current_language
from shared_apps.portal.models import CatalogEntry, CatalogEntryQuerySet
from tenants.models import Tenant

STATUSES = {
    "active": _("Open now"),
    "upcoming": _("Upcoming"),
    "past": _("Finished"),
}
SORTS = {
    "newest": _("Newest first"),
    "ending": _("Ending soonest"),
    "starting": _("Starting soonest"),
    "title": _("Title"),
}
DEFAULT_SORT = "newest"
PARAMS = ("administration", "area", "category", "type", "status", "sort")


@dataclass
class Filters:
    """The chosen filters (validated) and the names of the parameters that were not."""

    values: dict[str, str] = field(default_factory=dict)
    unknown: list[str] = field(default_factory=list)

    def query(self) -> str:
        """Return the filters as a query string for pagination links (without `page`)."""
        params = QueryDict(mutable=True)
        for name in PARAMS:
            if self.values.get(name):
                params[name] = self.values[name]
        return params.urlencode()


def read_filters(
    data: QueryDict,
    *,
    tenant_slugs: frozenset[str] | set[str],
    area_slugs: set[str],
    category_slugs: set[str],
) -> Filters:
    """Check each parameter against the values that exist; collect the unknown ones."""
    allowed: dict[str, Any] = {
        "administration": tenant_slugs,
        "area": area_slugs,
        "category": category_slugs,
        "type": set(CatalogEntry.Kind.values),
        "status": set(STATUSES),
        "sort": set(SORTS),
    }
    filters = Filters()
    for name, choices in allowed.items():
        value = data.get(name, "")
        if not value:
            continue
        if value in choices:
            filters.values[name] = value
        else:
            filters.unknown.append(name)
    return filters


def filtered_entries(filters: Filters, today: date) -> CatalogEntryQuerySet:
    """Return the visible entries the filters select, in the chosen order."""
    entries: CatalogEntryQuerySet = CatalogEntry.objects.visible()
    values = filters.values
    if values.get("administration"):
        entries = entries.filter(tenant__slug=values["administration"])
    if values.get("area"):
        entries = entries.filter(areas__contains=[values["area"]])
    if values.get("category"):
        entries = entries.filter(categories__contains=[values["category"]])
    if values.get("type"):
        entries = entries.filter(kind=values["type"])
    status = values.get("status")
    if status == "active":
        entries = entries.active(today)
    elif status == "upcoming":
        entries = entries.upcoming(today)
    elif status == "past":
        entries = entries.past(today)
    return sort_entries(entries, values.get("sort", DEFAULT_SORT))


def sort_entries(entries: CatalogEntryQuerySet, sort: str) -> CatalogEntryQuerySet:
    """Order by the chosen sort; the id breaks ties so pages never repeat a row."""
    if sort == "ending":
        return entries.order_by(F("ends").asc(nulls_last=True), "id")
    if sort == "starting":
        return entries.order_by(F("starts").asc(nulls_last=True), "id")
    if sort == "title":
        if current_language() == "en":
            # English titles may be missing; those sort by their Swedish title.
            title = Coalesce(NullIf(F("title_en"), Value("")), F("title_sv"))
            return entries.order_by(title.asc(), "id")
        return entries.order_by("title_sv", "id")
    return entries.order_by("-created", "-id")


def with_tenant(entries: CatalogEntryQuerySet) -> CatalogEntryQuerySet:
    """Fetch the few tenant columns a card shows in the same query (not the search
    vector, which no page shows)."""
    return entries.select_related("tenant").only(
        *[f.name for f in CatalogEntry._meta.concrete_fields if f.name != "search_vector"],
        "tenant__slug",
        "tenant__name_sv",
        "tenant__name_en",
        "tenant__primary_color",
        "tenant__status",
        "tenant__schema_name",
    )


# The administration filter lists every ready tenant. Read and rendered once a minute
# (per language) instead of on every request: with 500 tenants, rendering the options
# alone took 9-15 ms a request on the development machine, as much as the rest of the
# page. A tenant added or changed is seen at once (the actions forget the cache).
TENANT_CHOICES_SECONDS = 60
TENANT_CHOICES_KEY = "portal:tenant-choices:v1"


def forget_tenant_choices() -> None:
    """Drop the cached filter options (a tenant was added or changed status)."""
    cache.delete_many([f"{TENANT_CHOICES_KEY}:{code}" for code in ("sv", "en")])


def tenant_choices() -> tuple[frozenset[str], str]:
    """Return the ready tenants' slugs and their <option>s, sorted by name."""
    key = f"{TENANT_CHOICES_KEY}:{current_language()}"
    cached = cache.get(key)
    if cached is None:
        tenants = Tenant.objects.ready().only("slug", "name_sv", "name_en")
        rows = sorted((tenant.name, tenant.slug) for tenant in tenants)
        html = format_html_join("", '<option value="{}">{}</option>', ((s, n) for n, s in rows))
        cached = ([slug for _name, slug in rows], str(html))
        cache.set(key, cached, TENANT_CHOICES_SECONDS)
    slugs, html = cached
    return frozenset(slugs), html
