"""Voting for residents: the budgets of a component, a budget's ballot, a project, the
review before submitting, and the receipt. Every form is a plain POST form.

Each view finds the component, the budget and the project first, so another tenant's
host, an unpublished component or a missing row answer 404 before sign-in or method
checks could tell a visitor that the address exists.
"""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from shared_apps.notifications.actions import is_following
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.budgets import ballot_rules, queries, voting
from tenant_apps.budgets.access import get_budget, get_project
from tenant_apps.budgets.eligibility import answers_for
from tenant_apps.budgets.models import Ballot, Budget, Project
from tenant_apps.budgets.voters import voter_key
from tenant_apps.comments.queries import comment_section
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.models import Component

Rule = Budget.BallotRule
# A project id in a form field name: ASCII digits only (str.isdigit also accepts "²").
DIGITS = re.compile(r"[0-9]{1,18}")


def _component(request: HttpRequest, kind: str, slug: str, component_id: int) -> Component:
    return get_component_for_user(request, kind, slug, component_id, "budgets")


def rule_summary(budget: Budget) -> str:
    """Return the budget's ballot rule in one sentence for residents."""
    kronor = ballot_rules.kronor
    rule = budget.ballot_rule
    most = budget.max_projects
    if rule == Rule.KNAPSACK:
        return _(
            "Choose projects that together cost at most %(amount)s; spend at least %(least)s."
        ) % {"amount": kronor(budget.amount), "least": kronor(budget.min_spend)}
    if rule == Rule.MIN_PROJECTS:
        text = ngettext(
            "Choose at least %(count)s project within %(amount)s.",
            "Choose at least %(count)s projects within %(amount)s.",
            budget.min_projects,
        ) % {"count": budget.min_projects, "amount": kronor(budget.amount)}
    elif rule == Rule.APPROVAL:
        text = ngettext(
            "Approve at least %(count)s project.",
            "Approve at least %(count)s projects.",
            budget.min_projects,
        ) % {"count": budget.min_projects}
    elif rule == Rule.CUMULATIVE:
        return ngettext(
            "Distribute %(points)s point over the projects you like.",
            "Distribute %(points)s points over the projects you like.",
            budget.points,
        ) % {"points": budget.points}
    else:
        text = _("Rank the projects you like, 1 for your first choice.")
    if most:
        text += " " + ngettext(
            "At most %(count)s project.", "At most %(count)s projects.", most
        ) % {"count": most}
    return text


def _safe_next(request: HttpRequest, budget: Budget) -> str:
    """Return where to go after a ballot change: a page of this budget, else the ballot."""
    target = request.POST.get("next", "")
    if (
        target.startswith(budget.get_absolute_url())
        and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()})
        and "\x00" not in target
    ):
        return target
    return f"{budget.get_absolute_url()}#ballot"


def budget_list(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    settings = component.current_settings()
    budgets = queries.component_budgets(component)
    for budget in budgets:
        budget.component = component
    key = voter_key(request.user) if request.user.is_authenticated else ""
    answers = answers_for(request.user, component, budgets, key=key, settings=settings)
    ballots = queries.ballots_by_budget(request.user, budgets, key)
    rows = [
        {
            "budget": budget,
            "rule": rule_summary(budget),
            "answer": answers[budget.pk],
            "ballot": ballots.get(budget.pk),
        }
        for budget in budgets
    ]
    action = next(iter(answers.values())).action if answers else None
    return render(
        request,
        "budgets/budget_list.html",
        {
            "space": component.space,
            "component": component,
            "settings": settings,
            "announcement": announcement(settings),
            "rows": rows,
            "action": action,
            "mode_text": _mode_text(settings["budget_mode"]),
        },
    )


def _mode_text(mode: str) -> str:
    return {
        "any_one": _("You vote in one budget of your choice."),
        "all": _("You may vote in every budget."),
        "own_area_plus_one": _(
            "You vote in the budget of the area you live in and in one other; "
            "city-wide budgets are open to everyone."
        ),
        "assigned_area": _(
            "You vote in the budget of the area you live in; city-wide budgets are open to "
            "everyone."
        ),
    }.get(mode, "")


def _ballot_context(request: HttpRequest, component: Component, budget: Budget) -> dict[str, Any]:
    """Return what the ballot, the review and the receipt pages share: the resident's
    ballot, its choices and the running totals."""
    user = request.user
    key = voter_key(user) if user.is_authenticated else ""
    ballot = voting.current_ballot(user, budget, key) if user.is_authenticated else None
    choices = voting.ballot_choices(ballot)
    rule_choices = voting.as_rule_choices(choices)
    total = ballot_rules.total_cost(rule_choices)
    points_used = sum(choice.points for choice in choices)
    most = budget.max_projects
    return {
        "space": component.space,
        "component": component,
        "budget": budget,
        "key": key,
        "ballot": ballot,
        "submitted": ballot is not None and ballot.status == Ballot.Status.SUBMITTED,
        "choices": choices,
        "chosen_ids": {choice.project_id for choice in choices},
        "total": total,
        "left": budget.amount - total,
        "spends_money": ballot_rules.spends_money(budget),
        "points_used": points_used,
        "points_left": budget.points - points_used,
        "count": len(choices),
        "most": most,
        "rule": rule_summary(budget),
        "is_knapsack": budget.ballot_rule == Rule.KNAPSACK,
        "is_cumulative": budget.ballot_rule == Rule.CUMULATIVE,
        "is_ranked": budget.ballot_rule == Rule.RANKED,
        "counts_projects": budget.ballot_rule in (Rule.APPROVAL, Rule.MIN_PROJECTS, Rule.RANKED),
        "rule_choices": rule_choices,
    }


def ballot(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    settings = component.current_settings()
    context = _ballot_context(request, component, budget)
    budgets = list(component.budgets.select_related("area"))
    answer = answers_for(request.user, component, budgets, key=context["key"], settings=settings)[
        budget.pk
    ]
    filters = queries.read_filters(request)
    seed = queries.visitor_seed(request) if filters.sort == "random" else ""
    projects = list(queries.filtered_projects(budget, filters, seed=seed))
    chosen = context["chosen_ids"]
    editable = bool(answer) and not context["submitted"]
    for project in projects:
        project.budget = budget
        # Shown next to the add button; computed here so the template needs no lookups.
        why = ""
        if editable and project.pk not in chosen:
            why = ballot_rules.why_not_add(
                budget,
                context["rule_choices"],
                ballot_rules.Choice(project.pk, project.cost, 1, len(chosen) + 1),
            )
        setattr(project, "why_not", why)  # noqa: B010
    return render(
        request,
        "budgets/ballot.html",
        {
            **context,
            "settings": settings,
            "announcement": announcement(settings),
            "answer": answer,
            "action": answer.action,
            "editable": editable,
            "projects": projects,
            "filters": filters,
            "areas": Area.objects.all(),
            "categories": Category.objects.all(),
            "sort_choices": [(name, str(label)) for name, label in queries.SORTS],
            "allow_vote_change": settings["allow_vote_change"],
        },
    )


def _post_only(request: HttpRequest) -> HttpResponse | None:
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def ballot_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if refused := _post_only(request):
        return refused
    try:
        voting.add_project(request.user, budget, request.POST.get("project"))
    except voting.VoteRefused as refused_vote:
        messages.error(request, refused_vote.message)
    else:
        messages.success(request, _("The project is on your ballot."))
    return redirect(_safe_next(request, budget))


def ballot_remove(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if refused := _post_only(request):
        return refused
    try:
        voting.remove_project(request.user, budget, request.POST.get("project"))
    except voting.VoteRefused as refused_vote:
        messages.error(request, refused_vote.message)
    else:
        messages.success(request, _("The project is off your ballot."))
    return redirect(_safe_next(request, budget))


def ballot_allocate(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if refused := _post_only(request):
        return refused
    prefix = "points-" if budget.ballot_rule == Rule.CUMULATIVE else "rank-"
    values: dict[int, str] = {}
    for name, value in request.POST.items():
        if name.startswith(prefix):
            number = name[len(prefix) :]
            if not DIGITS.fullmatch(number):
                messages.error(request, _("This project is not on your ballot."))
                return redirect(_safe_next(request, budget))
            values[int(number)] = str(value)
    try:
        voting.set_allocation(request.user, budget, values)
    except voting.VoteRefused as refused_vote:
        messages.error(request, refused_vote.message)
    else:
        messages.success(
            request,
            _("Your points are saved.")
            if budget.ballot_rule == Rule.CUMULATIVE
            else _("Your ranking is saved."),
        )
    return redirect(_safe_next(request, budget))


def ballot_review(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.method == "POST":
        try:
            voting.submit_ballot(request.user, budget)
        except voting.VoteRefused as refused_vote:
            messages.error(request, refused_vote.message)
            return redirect(f"{budget.get_absolute_url()}review/")
        messages.success(request, _("Thank you! Your vote is submitted."))
        return redirect(f"{budget.get_absolute_url()}receipt/")
    context = _ballot_context(request, component, budget)
    if context["submitted"]:
        return redirect(f"{budget.get_absolute_url()}receipt/")
    settings = component.current_settings()
    budgets = list(component.budgets.select_related("area"))
    answer = answers_for(request.user, component, budgets, key=context["key"], settings=settings)[
        budget.pk
    ]
    found = ballot_rules.problems(budget, context["rule_choices"], final=True)
    return render(
        request,
        "budgets/ballot_review.html",
        {
            **context,
            "settings": settings,
            "answer": answer,
            "action": answer.action,
            "problems": found,
            "allow_vote_change": settings["allow_vote_change"],
        },
    )


def ballot_receipt(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = _ballot_context(request, component, budget)
    if not context["submitted"]:
        messages.info(request, _("You have not submitted a vote in this budget."))
        return redirect(budget.get_absolute_url())
    settings = component.current_settings()
    ballot_row = context["ballot"]
    can_reopen = (
        settings["allow_vote_change"]
        and settings["votes_enabled"]
        and ballot_row.user_id == request.user.pk
        and ballot_row.channel == Ballot.Channel.ONLINE
    )
    return render(
        request,
        "budgets/ballot_receipt.html",
        {**context, "settings": settings, "can_reopen": can_reopen},
    )


def ballot_reopen(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, budget_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    if refused := _post_only(request):
        return refused
    try:
        voting.reopen_ballot(request.user, budget)
    except voting.VoteRefused as refused_vote:
        messages.error(request, refused_vote.message)
        return redirect(f"{budget.get_absolute_url()}receipt/")
    messages.warning(
        request,
        _(
            "Your vote is open for changes. It does not count until you submit it again, "
            "before voting closes."
        ),
    )
    return redirect(f"{budget.get_absolute_url()}#ballot")


def project_detail(
    request: HttpRequest,
    space_kind: str,
    space_slug: str,
    component_id: int,
    budget_id: int,
    project_id: int,
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    budget = get_budget(component, budget_id)
    project = get_project(budget, project_id)
    settings = component.current_settings()
    comments = comment_section(request, component, "project", project)
    context = _ballot_context(request, component, budget)
    budgets = list(component.budgets.select_related("area"))
    answer = answers_for(request.user, component, budgets, key=context["key"], settings=settings)[
        budget.pk
    ]
    on_ballot = project.pk in context["chosen_ids"]
    editable = bool(answer) and not context["submitted"]
    why = ""
    if editable and not on_ballot and project.status == Project.Status.PROPOSED:
        why = ballot_rules.why_not_add(
            budget,
            context["rule_choices"],
            ballot_rules.Choice(project.pk, project.cost, 1, context["count"] + 1),
        )
    return render(
        request,
        "budgets/project_detail.html",
        {
            **context,
            "settings": settings,
            "project": project,
            "answer": answer,
            "action": answer.action,
            "editable": editable and project.status == Project.Status.PROPOSED,
            "on_ballot": on_ballot,
            "why_not": why,
            "links": queries.proposal_links(project),
            "following": is_following(request.user, project.follow_key),
            # The discussion shows while the phase allows comments, and stays readable
            # afterwards once it has any.
            "comments": comments if settings["comments_enabled"] or comments.count else None,
        },
    )
