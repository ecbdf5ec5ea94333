"""Budgets for staff: the budgets of a component with their figures, budget and project
forms (rules frozen once voting has begun) and the entry of paper and assisted ballots.

Results, the simulation of other elections and delivery tracking are in
`manage_results_views.py`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.vocabularies.models import Area
from tenant_apps.budgets.access import get_budget, get_project
from tenant_apps.budgets.admin_actions import (
    BUDGET_FIELDS,
    PROJECT_FIELDS,
    delete_budget,
    delete_project,
    frozen_message,
    move_budget,
    save_budget,
    save_project,
)
from tenant_apps.budgets.admin_forms import (
    BudgetForm,
    CsvImportForm,
    PaperBallotForm,
    ProjectForm,
    as_data,
)
from tenant_apps.budgets.ballot_rules import Choice
from tenant_apps.budgets.models import Ballot, Budget, Project
from tenant_apps.budgets.paper import (
    STAFF_CHANNELS,
    enter_paper_ballot,
    import_paper_ballots,
    void_paper_ballot,
)
from tenant_apps.spaces.access import get_component_for_rule
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm

MANAGE = "budgets.manage_budgets"
ENTER = "budgets.enter_ballots"


def get_component_for_budgets(
    request: HttpRequest, space_kind: str, slug: str, component_id: int, rule: str = MANAGE
) -> Component:
    """Return the budgets component if the user has `rule` on it (verifiers enter ballots
    without being able to change the space); 404 for everyone else."""
    return get_component_for_rule(request, space_kind, slug, component_id, "budgets", rule)


def _ballots(status: str, *channels: str) -> Coalesce:
    rows = Ballot.objects.filter(budget=OuterRef("pk"), status=status)
    if channels:
        rows = rows.filter(channel__in=channels)
    count = rows.order_by().values("budget").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def budgets_with_figures(component: Component) -> QuerySet[Budget]:
    """Return the component's budgets with project and ballot counts, in one query."""
    projects = Project.objects.filter(budget=OuterRef("pk")).order_by().values("budget")
    submitted = Ballot.Status.SUBMITTED
    return (
        Budget.objects.filter(component=component)
        .select_related("area")
        .annotate(
            project_count=Coalesce(
                Subquery(projects.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
                0,
            ),
            project_cost=Coalesce(
                Subquery(projects.annotate(s=Sum("cost")).values("s"), output_field=IntegerField()),
                0,
            ),
            online=_ballots(submitted, Ballot.Channel.ONLINE),
            paper=_ballots(submitted, Ballot.Channel.PAPER, Ballot.Channel.ASSISTED),
            drafts=_ballots(Ballot.Status.DRAFT),
        )
    )


def _context(component: Component, **extra: Any) -> dict[str, Any]:
    return {"space": component.space, "component": component, **extra}


@login_required
def manage_budgets(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id, ENTER)
    return render(
        request,
        "manage/budgets_list.html",
        _context(
            component,
            budgets=budgets_with_figures(component),
            can_manage=has_perm(request.user, MANAGE, component),
        ),
    )


@login_required
@require_POST
def budget_delete(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    try:
        delete_budget(request.user, budget)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The budget is removed."))
    return redirect(component.get_content_manage_url())


@login_required
@require_POST
def budget_move(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        messages.error(request, _("Choose up or down."))
    else:
        move_budget(request.user, budget, step)
        messages.success(request, _("The order is saved."))
    return redirect(component.get_content_manage_url())


def _budget_form(request: HttpRequest, component: Component, budget: Budget | None) -> HttpResponse:
    form = BudgetForm(request.POST or None, instance=budget)
    if request.method == "POST" and form.is_valid():
        data = as_data(form, BUDGET_FIELDS)
        try:
            saved = save_budget(request.user, component, budget, data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The budget is saved."))
            return redirect(f"{component.get_content_manage_url()}{saved.pk}/projects/")
    return render(
        request,
        "manage/budget_form.html",
        _context(
            component,
            budget=budget,
            form=form,
            frozen=frozen_message(budget) if budget and budget.is_frozen else "",
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def budget_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    return _budget_form(request, component, None)


@login_required
def budget_edit(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    return _budget_form(request, component, get_budget(component, budget_id))


@login_required
def budget_projects(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    projects = budget.projects.select_related("area", "category")
    return render(
        request,
        "manage/budget_projects.html",
        _context(
            component,
            budget=budget,
            projects=projects,
            total=sum(p.cost for p in projects),
            frozen=frozen_message(budget) if budget.is_frozen else "",
        ),
    )


def _project_form(
    request: HttpRequest, component: Component, budget: Budget, project: Project | None
) -> HttpResponse:
    form = ProjectForm(request.POST or None, request.FILES or None, instance=project)
    if request.method == "POST" and form.is_valid():
        data = as_data(form, PROJECT_FIELDS)
        try:
            save_project(
                request.user,
                budget,
                project,
                data,
                image=request.FILES.get("image"),
                remove_image=form.cleaned_data["remove_image"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The project is saved."))
            return redirect(f"{component.get_content_manage_url()}{budget.pk}/projects/")
    return render(
        request,
        "manage/budget_project_form.html",
        _context(
            component,
            budget=budget,
            project=project,
            form=form,
            frozen=frozen_message(budget) if budget.is_frozen else "",
        ),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def project_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if budget.is_frozen:
        messages.error(request, frozen_message(budget))
        return redirect(f"{component.get_content_manage_url()}{budget.pk}/projects/")
    return _project_form(request, component, budget, None)


@login_required
def project_edit(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    project_id: int,
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    return _project_form(request, component, budget, get_project(budget, project_id))


@require_POST
@login_required
def project_delete(
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
    try:
        delete_project(request.user, project)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The project is removed."))
    return redirect(f"{component.get_content_manage_url()}{budget.pk}/projects/")


# --- paper and assisted ballots -------------------------------------------------------


def choices_from_post(budget: Budget, projects: list[Project], post: Any) -> list[Choice]:
    """Read the paper form: a box per project, or points or a rank per project."""
    rule = budget.ballot_rule
    choices = []
    for project in projects:
        if rule in (Budget.BallotRule.CUMULATIVE, Budget.BallotRule.RANKED):
            value = post.get(f"project_{project.pk}", "").strip()
            if not value:
                continue
            if not value.isdigit():
                raise ValidationError(
                    _("Write a whole number for “%(title)s”.") % {"title": project.title_sv}
                )
            if int(value) == 0:
                continue
            if rule == Budget.BallotRule.CUMULATIVE:
                choices.append(Choice(project.pk, project.cost, points=int(value)))
            else:
                choices.append(Choice(project.pk, project.cost, rank=int(value)))
        elif post.get(f"project_{project.pk}"):
            choices.append(Choice(project.pk, project.cost))
    return choices


def _area_choices() -> list[tuple[str, str]]:
    return [("", _("Not known"))] + [
        (area.slug, area.name_sv) for area in Area.objects.order_by("position", "name_sv")
    ]


@login_required
def paper_ballots(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id, ENTER)
    budget = get_budget(component, budget_id)
    projects = list(budget.projects.all())
    form = PaperBallotForm(request.POST or None)
    areas = _area_choices()
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        area = request.POST.get("area", "")
        try:
            choices = choices_from_post(budget, projects, request.POST)
            enter_paper_ballot(
                request.user,
                budget,
                choices,
                personal_number=form.cleaned_data["personal_number"],
                channel=form.cleaned_data["channel"],
                area_slug=area if area in dict(areas) else "",
            )
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The ballot is entered. Enter the next one."))
            return redirect(request.path)
    return _paper_page(
        request,
        component,
        budget,
        projects,
        form=form,
        errors=errors,
        status=400 if request.method == "POST" else 200,
    )


# The staff-entered ballots listed under the form, newest first, to check and void.
RECENT_PAPER_BALLOTS = 20


def _paper_page(
    request: HttpRequest,
    component: Component,
    budget: Budget,
    projects: list[Project],
    *,
    form: PaperBallotForm,
    errors: list[str],
    status: int,
    void_errors: list[str] | None = None,
) -> HttpResponse:
    counts = dict(
        Ballot.objects.filter(budget=budget, status=Ballot.Status.SUBMITTED)
        .values("channel")
        .annotate(n=Count("pk"))
        .values_list("channel", "n")
    )
    voided = Ballot.objects.filter(budget=budget, status=Ballot.Status.VOIDED).count()
    titles = {project.pk: project.title.text for project in projects}
    recent = list(
        Ballot.objects.filter(budget=budget, channel__in=STAFF_CHANNELS)
        .exclude(status=Ballot.Status.DRAFT)
        .select_related("entered_by", "voided_by")
        .prefetch_related("choices")
        .order_by("-created", "-pk")[:RECENT_PAPER_BALLOTS]
    )
    entered = [
        (
            ballot,
            [
                (titles.get(choice.project_id, ""), choice.points, choice.rank)
                for choice in sorted(ballot.choices.all(), key=lambda c: (c.rank or 0, c.pk))
            ],
        )
        for ballot in recent
    ]
    return render(
        request,
        "manage/budget_ballots.html",
        _context(
            component,
            budget=budget,
            rows=[(p, request.POST.get(f"project_{p.pk}", "")) for p in projects],
            form=form,
            errors=errors,
            areas=_area_choices(),
            area=request.POST.get("area", ""),
            counts=counts,
            voided=voided,
            entered=entered,
            void_errors=void_errors or [],
            void_target=request.POST.get("ballot", "") if void_errors else "",
            void_reason=request.POST.get("reason", "") if void_errors else "",
            can_manage=has_perm(request.user, MANAGE, component),
        ),
        status=status,
    )


@login_required
@require_POST
def paper_void(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    """Void a paper or assisted ballot entered by mistake (a reason is required)."""
    component = get_component_for_budgets(request, space_kind, space_slug, component_id, ENTER)
    budget = get_budget(component, budget_id)
    try:
        void_paper_ballot(
            request.user, budget, request.POST.get("ballot", ""), request.POST.get("reason", "")
        )
    except ValidationError as error:
        return _paper_page(
            request,
            component,
            budget,
            list(budget.projects.all()),
            form=PaperBallotForm(),
            errors=[],
            status=400,
            void_errors=error.messages,
        )
    messages.success(request, _("The ballot is voided. It no longer counts."))
    return redirect(f"{component.get_content_manage_url()}{budget.pk}/ballots/#entered")


@login_required
def paper_import(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = get_component_for_budgets(request, space_kind, space_slug, component_id, ENTER)
    budget = get_budget(component, budget_id)
    form = CsvImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            form.add_error("file", _("Save the file as CSV in UTF-8 and try again."))
        else:
            try:
                report = import_paper_ballots(
                    request.user, budget, text, channel=form.cleaned_data["channel"]
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                if not report.errors:
                    messages.success(
                        request,
                        _("%(count)s ballots were imported.") % {"count": len(report.ballots)},
                    )
                    return redirect(f"{component.get_content_manage_url()}{budget.pk}/ballots/")
    return render(
        request,
        "manage/budget_import.html",
        _context(
            component,
            budget=budget,
            form=form,
            report=report,
            projects=budget.projects.all(),
        ),
        status=400 if request.method == "POST" else 200,
    )
