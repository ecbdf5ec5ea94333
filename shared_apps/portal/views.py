"""The portal: the city's one entry point on PLATFORM_DOMAIN.

It reads only public tables (the catalog, the tenants and the city's vocabularies), never
tenant schemas, so every page costs the same few queries with 5 tenants or 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from shared_apps.eproposals.models import EProposal
from shared_apps.portal.listing import (
    SORTS,
    STATUSES,
    filtered_entries,
    read_filters,
    tenant_choices,
    with_tenant,
)
from shared_apps.portal.maps import area_groups, tile_map
from shared_apps.portal.models import CatalogEntry
from shared_apps.vocabularies.models import Area, Category
from tenants.links import tenant_url
from tenants.models import Tenant

HOME_LIMIT = 12
HOME_PROCESS_LIMIT = 24
PER_PAGE = 20
MAP_LIMIT = 300

Card = tuple[CatalogEntry, str]


def _cards(request: HttpRequest, rows: Iterable[CatalogEntry]) -> list[Card]:
    """Pair each entry with its absolute URL on its tenant's host."""
    return [(row, tenant_url(request, row.tenant, row.path)) for row in rows]


def _options(html: str, selected: str) -> SafeString:
    """Mark the chosen tenant's option; `selected` is one of the slugs (checked)."""
    if selected:
        html = html.replace(f'value="{selected}"', f'value="{selected}" selected', 1)
    return mark_safe(html)  # noqa: S308 - built by format_html_join, slug checked


def home(request: HttpRequest) -> HttpResponse:
    """Show what is open now: votes first (they close), then calls for ideas and surveys,
    then processes grouped by their current phase, then the city's e-proposals open for
    support, then this week's meetings."""
    today = timezone.localdate()
    entries = with_tenant(CatalogEntry.objects.visible())
    open_now = entries.active(today)
    by_end = (F("ends").asc(nulls_last=True), "id")
    votes = open_now.filter(kind=CatalogEntry.Kind.VOTE).order_by(*by_end)[:HOME_LIMIT]
    calls = open_now.filter(kind=CatalogEntry.Kind.CALL_FOR_IDEAS).order_by(*by_end)
    surveys = open_now.filter(kind=CatalogEntry.Kind.SURVEY).order_by(*by_end)
    processes = open_now.filter(kind=CatalogEntry.Kind.PROCESS).order_by(
        "-promoted", F("phase_ends").asc(nulls_last=True), "id"
    )[:HOME_PROCESS_LIMIT]
    week_ends = today + timedelta(days=6 - today.weekday())
    meetings = entries.filter(
        kind=CatalogEntry.Kind.MEETING, starts__gte=today, starts__lte=week_ends
    ).order_by("starts", "id")[:HOME_LIMIT]
    # City-wide e-proposals collecting supports, the ones closing first (one query).
    now = timezone.now()
    eproposals = list(
        EProposal.objects.public()
        .filter(status=EProposal.Status.OPEN, support_ends__gt=now)
        .order_by("support_ends", "pk")[:HOME_LIMIT]
    )
    for eproposal in eproposals:
        eproposal.days_left = eproposal.days_left_at(now)  # type: ignore[attr-defined]
    phases: dict[str, list[Card]] = {}
    for card in _cards(request, processes):
        phases.setdefault(str(card[0].phase), []).append(card)
    return render(
        request,
        "portal/home.html",
        {
            "votes": _cards(request, votes),
            "calls": _cards(request, calls[:HOME_LIMIT]),
            "surveys": _cards(request, surveys[:HOME_LIMIT]),
            "phases": sorted(phases.items(), key=lambda item: (item[0] == "", item[0])),
            "meetings": _cards(request, meetings),
            "week_ends": week_ends,
            "eproposals": eproposals,
        },
    )


def entry_list(request: HttpRequest) -> HttpResponse:
    """List every entry of every ready tenant, filtered, sorted and paged by a GET form.

    Unknown filter values answer 400 with the form, a message naming them and no rows;
    a page past the end shows the last page (Paginator.get_page)."""
    today = timezone.localdate()
    tenant_slugs, tenant_options = tenant_choices()
    areas = list(Area.objects.all())
    categories = list(Category.objects.all())
    filters = read_filters(
        request.GET,
        tenant_slugs=tenant_slugs,
        area_slugs={area.slug for area in areas},
        category_slugs={category.slug for category in categories},
    )
    status = 200
    if filters.unknown:
        status = 400
        entries = CatalogEntry.objects.none()
    else:
        entries = with_tenant(filtered_entries(filters, today))
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/entry_list.html",
        {
            "page": page,
            "cards": _cards(request, page.object_list),
            "filters": filters.values,
            "unknown": filters.unknown,
            "query": filters.query(),
            "tenant_options": _options(tenant_options, filters.values.get("administration", "")),
            "areas": areas,
            "categories": categories,
            "kinds": CatalogEntry.Kind.choices,
            "statuses": STATUSES.items(),
            "sorts": SORTS.items(),
        },
        status=status,
    )


def directory(request: HttpRequest) -> HttpResponse:
    """List the administrations and companies with how many things are open in each, in
    one query (a correlated count per tenant, served by the (tenant, space_key) index)."""
    today = timezone.localdate()
    open_count = (
        CatalogEntry.objects.filter(tenant=OuterRef("pk"))
        .active(today)
        .exclude(kind=CatalogEntry.Kind.ASSEMBLY)
        .order_by()
        .values("tenant")
        .annotate(count=Count("pk"))
        .values("count")
    )
    tenants = (
        Tenant.objects.filter(status=Tenant.Status.READY)
        .exclude(schema_name="public")
        .annotate(open_count=Coalesce(Subquery(open_count, output_field=IntegerField()), 0))
        .order_by("kind", "name_sv")
    )
    rows = [(tenant, tenant_url(request, tenant)) for tenant in tenants]
    return render(request, "portal/directory.html", {"rows": rows})


def entry_map(request: HttpRequest) -> HttpResponse:
    """Show open and upcoming entries by area, and on a map where they have coordinates
    and a tile server is configured (PORTAL_MAP_TILE_URL); the list works without both."""
    today = timezone.localdate()
    entries = (
        with_tenant(CatalogEntry.objects.visible())
        .exclude(ends__lt=today)
        .exclude(kind=CatalogEntry.Kind.ASSEMBLY)
        .order_by(F("starts").asc(nulls_first=True), "id")[:MAP_LIMIT]
    )
    cards = _cards(request, entries)
    areas = {area.slug: area for area in Area.objects.all()}
    return render(
        request,
        "portal/map.html",
        {
            "groups": area_groups(cards, areas),
            "map": tile_map(cards, settings.PORTAL_MAP_TILE_URL),
            "attribution": settings.PORTAL_MAP_ATTRIBUTION,
            "limit": MAP_LIMIT,
        },
    )
