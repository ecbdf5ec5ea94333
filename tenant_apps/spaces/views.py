"""Public pages of a tenant: home, the list of processes, a process, assemblies."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from config.query_params import SLUG, matching_param
from shared_apps.notifications.actions import is_following
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.spaces.access import get_space_for_user
from tenant_apps.spaces.catalog import space_key
from tenant_apps.spaces.models import Assembly, Process
from tenant_apps.spaces.permissions import has_perm

STATUSES = ("active", "upcoming", "past")
PER_PAGE = 12


def _filters(request: HttpRequest) -> dict[str, Any]:
    """Read the list filters from the query string, ignoring values that mean nothing."""
    status = request.GET.get("status", "")
    return {
        "status": status if status in STATUSES else "",
        "area": matching_param(request, "area", SLUG),
        "category": matching_param(request, "category", SLUG),
    }


def _filtered_processes(filters: dict[str, Any]) -> Any:
    processes = Process.objects.published().for_listing()
    processes = processes.with_status(filters["status"], timezone.localdate())
    if filters["area"]:
        processes = processes.filter(areas__slug=filters["area"])
    if filters["category"]:
        processes = processes.filter(categories__slug=filters["category"])
    return processes


def _follow_context(request: HttpRequest, space: Process | Assembly) -> dict[str, Any]:
    """Return what the follow button needs (no query for visitors)."""
    key = space_key(space)
    return {"follow_key": key, "following": is_following(request.user, key)}


def home(request: HttpRequest) -> HttpResponse:
    """Show the tenant's branding, its active, upcoming and past processes, and news."""
    from tenant_apps.news.views import latest_posts

    today = timezone.localdate()
    published = Process.objects.published().for_listing()
    return render(
        request,
        "spaces/tenant_home.html",
        {
            "tenant": request.tenant,  # type: ignore[attr-defined]
            "active": list(published.active(today)[:PER_PAGE]),
            "upcoming": list(published.upcoming(today)[:6]),
            # Listed by title and date only: no prefetching for these.
            "past": list(Process.objects.published().past(today).order_by("-ends")[:6]),
            "assemblies": list(Assembly.objects.published()[:6]),
            "posts": latest_posts(),
        },
    )


def process_list(request: HttpRequest) -> HttpResponse:
    """List published processes with filters by status, area and category."""
    filters = _filters(request)
    processes = _filtered_processes(filters).distinct()
    page = Paginator(processes, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({key: value for key, value in filters.items() if value})
    return render(
        request,
        "spaces/process_list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "areas": Area.objects.all(),
            "categories": Category.objects.all(),
            "statuses": STATUSES,
        },
    )


def process_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """Show a process: texts, the timeline with the active phase, and its components."""
    process = get_space_for_user(request, "processes", slug)
    phases = list(process.phases.all())
    staff = has_perm(request.user, "spaces.change_process", process)
    components = [
        c for c in process.components.all() if c.type_is_registered and (c.published or staff)
    ]
    return render(
        request,
        "spaces/process_detail.html",
        {
            "space": process,
            "process": process,
            "phases": phases,
            "active_phase": next((p for p in phases if p.is_active), None),
            "components": components,
            "categories": list(process.categories.all()),
            "can_manage": staff,
            "status": process.status(),
            **_follow_context(request, process),
        },
    )


def assembly_list(request: HttpRequest) -> HttpResponse:
    assemblies = Assembly.objects.published().prefetch_related("areas")
    return render(request, "spaces/assembly_list.html", {"assemblies": assemblies})


def assembly_detail(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_space_for_user(request, "assemblies", slug)
    staff = has_perm(request.user, "spaces.change_assembly", assembly)
    components = [
        c for c in assembly.components.all() if c.type_is_registered and (c.published or staff)
    ]
    return render(
        request,
        "spaces/assembly_detail.html",
        {
            "space": assembly,
            "assembly": assembly,
            "members": list(assembly.members.all()),
            "components": components,
            "can_manage": staff,
            **_follow_context(request, assembly),
        },
    )
