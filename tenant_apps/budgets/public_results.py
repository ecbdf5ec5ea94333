"""Public pages after the vote: the published results of each budget (winners, votes
online and on paper, participation), the anonymised ballots for download, and the
delivery of the selected projects.

Everything goes through `get_component_for_user`, so another tenant's host, an
unpublished space or a hidden component answers 404; a budget without a published
outcome has no results page and no downloads.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shared_apps.notifications.actions import is_following
from shared_apps.vocabularies.models import Area
from tenant_apps.budgets import exports
from tenant_apps.budgets.access import get_budget
from tenant_apps.budgets.delivery import DELIVERY_STATUSES
from tenant_apps.budgets.models import Budget, Outcome, Project
from tenant_apps.budgets.results import participation
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.models import Component

CHART_WIDTH = 400


def _component(request: HttpRequest, kind: str, slug: str, component_id: int) -> Component:
    return get_component_for_user(request, kind, slug, component_id, "budgets")


def _published_budget(component: Component, budget_id: int) -> tuple[Budget, Outcome]:
    budget = get_budget(component, budget_id)
    outcome = Outcome.objects.filter(budget=budget, published_at__isnull=False).first()
    if outcome is None:
        raise Http404
    return budget, outcome


def results_index(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budgets = list(Budget.objects.filter(component=component))
    published = set(
        Outcome.objects.filter(budget__component=component, published_at__isnull=False).values_list(
            "budget_id", flat=True
        )
    )
    return render(
        request,
        "budgets/results_index.html",
        {
            "space": component.space,
            "component": component,
            "budgets": [(budget, budget.pk in published) for budget in budgets],
        },
    )


def _bars(rows: list[dict[str, Any]]) -> None:
    """Give each row the bar widths of its online and paper votes (SVG units)."""
    most = max((row["total"] for row in rows), default=0) or 1
    for row in rows:
        row["online_width"] = round(CHART_WIDTH * row["online"] / most)
        row["paper_width"] = round(CHART_WIDTH * row["paper"] / most)


def budget_results(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget, outcome = _published_budget(component, budget_id)
    winners = outcome.winners
    rows = []
    for project in budget.projects.all():
        counted = outcome.votes.get(str(project.pk), {})
        rows.append(
            {
                "project": project,
                "total": counted.get("total", 0),
                "online": counted.get("online", 0),
                "paper": counted.get("paper", 0),
                "selected": project.pk in winners,
            }
        )
    rows.sort(key=lambda row: (-row["total"], row["project"].pk))
    _bars(rows)
    for index, row in enumerate(rows):
        row["y"] = index * 28
    figures = participation(budget)
    names = dict(Area.objects.values_list("slug", "name_sv"))
    areas = sorted(
        ((names.get(slug, slug) or _("Not known"), n) for slug, n in figures["per_area"].items()),
        key=lambda item: -item[1],
    )
    won = [row for row in rows if row["selected"]]
    return render(
        request,
        "budgets/results_budget.html",
        {
            "space": component.space,
            "component": component,
            "budget": budget,
            "outcome": outcome,
            "rows": rows,
            "winners": won,
            "spent": sum(row["project"].cost for row in won),
            "chart_height": max(len(rows) * 28, 28),
            "chart_width": CHART_WIDTH,
            "areas": areas,
            "figures": figures,
        },
    )


def download(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    fmt: str,
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget, _outcome = _published_budget(component, budget_id)
    writers = {
        "pb": (exports.to_pabulib, "text/plain; charset=utf-8"),
        "csv": (exports.to_csv, "text/csv; charset=utf-8"),
        "json": (exports.to_json, "application/json"),
    }
    if fmt not in writers:
        raise Http404
    write, content_type = writers[fmt]
    response = HttpResponse(write(budget), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="budget-{budget.pk}-ballots.{fmt}"'
    return response


def delivery_list(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    projects = (
        Project.objects.filter(budget__component=component, status__in=DELIVERY_STATUSES)
        .select_related("budget", "area", "category")
        .order_by("budget__position", "budget_id", "position", "pk")
    )
    return render(
        request,
        "budgets/delivery_list.html",
        {"space": component.space, "component": component, "projects": projects},
    )


def delivery_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, project_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    project = (
        Project.objects.filter(
            budget__component=component, pk=project_id, status__in=DELIVERY_STATUSES
        )
        .select_related("budget", "area", "category")
        .first()
    )
    if project is None:
        raise Http404
    project.budget.component = component
    return render(
        request,
        "budgets/delivery_project.html",
        {
            "space": component.space,
            "component": component,
            "project": project,
            "milestones": project.milestones.all(),
            "updates": project.updates.all(),
            "following": is_following(request.user, project.follow_key),
        },
    )
