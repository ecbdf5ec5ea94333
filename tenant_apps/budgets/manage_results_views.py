"""Budgets for staff, after the vote: results (compute, publish, override), the simulation
of a pabulib election, and the delivery of the selected projects."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.budgets import delivery, exports, results
from tenant_apps.budgets.access import get_budget, get_project
from tenant_apps.budgets.admin_forms import (
    DeliveryForm,
    MilestoneForm,
    OverrideForm,
    PublishForm,
    SimulateForm,
    UpdateForm,
)
from tenant_apps.budgets.manage_views import get_component_for_budgets
from tenant_apps.budgets.models import Budget, Milestone, Outcome, Project
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component


def _get_outcome(budget: Budget, outcome_id: int) -> Outcome:
    outcome = Outcome.objects.filter(budget=budget, pk=outcome_id).first()
    if outcome is None:
        raise Http404
    outcome.budget = budget
    return outcome


def _results_url(component: Component, budget: Budget) -> str:
    return f"{component.get_content_manage_url()}{budget.pk}/results/"


@login_required
def budget_results(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if request.method == "POST":
        outcomes = results.compute_outcomes(request.user, budget)
        messages.success(
            request,
            _("The outcome is computed from %(count)s ballots.")
            % {"count": outcomes[0].ballots_online + outcomes[0].ballots_paper},
        )
        return redirect(request.path)
    latest = results.latest_outcomes(budget)
    projects = {p.pk: p for p in budget.projects.all()}
    shown = [
        latest[rule]
        for rule in (Budget.OutcomeRule.GREEDY, Budget.OutcomeRule.EQUAL_SHARES)
        if rule in latest
    ]
    published = latest.get("published")
    if published is not None and published not in shown:
        shown.insert(0, published)
    columns = [
        {
            "outcome": outcome,
            "default": results.is_default(outcome, budget),
            "winners": [projects[pk] for pk in outcome.winners if pk in projects],
            "cost": sum(projects[pk].cost for pk in outcome.winners if pk in projects),
        }
        for outcome in shown
    ]
    return render(
        request,
        "manage/budget_results.html",
        {
            "space": component.space,
            "component": component,
            "budget": budget,
            "columns": columns,
            "projects": list(projects.values()),
            "publish_form": PublishForm(),
            "override_form": OverrideForm(),
        },
    )


@require_POST
@login_required
def outcome_publish(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    outcome_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    outcome = _get_outcome(budget, outcome_id)
    form = PublishForm(request.POST)
    form.is_valid()
    try:
        results.publish_outcome(request.user, outcome, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The outcome is published; the projects' statuses are set."))
    return redirect(_results_url(component, budget))


@require_POST
@login_required
def outcome_override(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    outcome_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    outcome = _get_outcome(budget, outcome_id)
    form = OverrideForm(request.POST)
    selected = [int(v) for v in request.POST.getlist("selected") if v.isdigit()]
    try:
        if not form.is_valid():
            raise ValidationError(_("Give the public reason for changing the winners."))
        results.override_outcome(
            request.user, outcome, selected=selected, reason=form.cleaned_data["reason"]
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The winners are changed; the reason is shown with them."))
    return redirect(_results_url(component, budget))


@login_required
def simulate(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    form = SimulateForm(request.POST or None, request.FILES or None)
    simulation = None
    if request.method == "POST" and form.is_valid():
        try:
            simulation = exports.simulate(form.cleaned_data["file"])
        except ValidationError as error:
            apply_errors(form, error)
    return render(
        request,
        "manage/budget_simulate.html",
        {
            "space": component.space,
            "component": component,
            "form": form,
            "simulation": simulation,
        },
        status=400 if request.method == "POST" and simulation is None else 200,
    )


# --- delivery ----------------------------------------------------------------------


def _delivery_url(component: Component, project: Project) -> str:
    return (
        f"{component.get_content_manage_url()}{project.budget_id}/projects/{project.pk}/delivery/"
    )


@login_required
def project_delivery(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    project_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    project = get_project(budget, project_id)
    initial = {"status": project.status, "progress": project.progress}
    form = DeliveryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            delivery.set_delivery(
                request.user,
                project,
                status=form.cleaned_data["status"],
                progress=form.cleaned_data["progress"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The delivery status is saved."))
            return redirect(request.path)
    return render(
        request,
        "manage/budget_delivery.html",
        {
            "space": component.space,
            "component": component,
            "budget": budget,
            "project": project,
            "delivered": delivery.is_delivered(project),
            "form": form,
            "milestone_form": MilestoneForm(prefix="milestone"),
            "update_form": UpdateForm(prefix="update"),
            "milestones": project.milestones.all(),
            "updates": project.updates.select_related("author"),
            "public_url": delivery.delivery_path(project),
        },
        status=400 if request.method == "POST" else 200,
    )


def _errors_to_messages(request: HttpRequest, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
@login_required
def milestone_add(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    project_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    project = get_project(get_budget(component, budget_id), project_id)
    form = MilestoneForm(request.POST, prefix="milestone")
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}: {message}" if label else str(message))
    else:
        try:
            delivery.add_milestone(request.user, project, **form.cleaned_data)
        except ValidationError as error:
            _errors_to_messages(request, error)
        else:
            messages.success(request, _("The milestone is added."))
    return redirect(_delivery_url(component, project))


@require_POST
@login_required
def milestone_change(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    project_id: int,
    milestone_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    project = get_project(get_budget(component, budget_id), project_id)
    milestone = Milestone.objects.filter(project=project, pk=milestone_id).first()
    if milestone is None:
        raise Http404
    milestone.project = project
    action = request.POST.get("action", "")
    if action == "delete":
        delivery.change_milestone(request.user, milestone, delete=True)
        messages.success(request, _("The milestone is removed."))
    elif action in ("done", "not_done"):
        delivery.change_milestone(request.user, milestone, done=action == "done")
        messages.success(request, _("The milestone is saved."))
    else:
        messages.error(request, _("Choose what to do with the milestone."))
    return redirect(_delivery_url(component, project))


@require_POST
@login_required
def update_add(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    project_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    project = get_project(get_budget(component, budget_id), project_id)
    try:
        delivery.add_update(
            request.user,
            project,
            text_sv=request.POST.get("update-text_sv", ""),
            text_en=request.POST.get("update-text_en", ""),
        )
    except ValidationError as error:
        _errors_to_messages(request, error)
    else:
        messages.success(request, _("The update is posted; followers are told."))
    return redirect(_delivery_url(component, project))
