"""Proposals for staff: the evaluation list, answering, evaluators, custom states and the
handover of accepted proposals to another component."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.accounts.models import User
from tenant_apps.proposals.actions import ProposalRefused
from tenant_apps.proposals.answers import (
    answer_proposal,
    assign_evaluator,
    delete_custom_state,
    save_custom_state,
    state_choices,
    unassign_evaluator,
)
from tenant_apps.proposals.forms import AnswerForm, CustomStateForm, EvaluatorForm
from tenant_apps.proposals.handover import hand_over, receiving_components
from tenant_apps.proposals.models import EvaluatorAssignment, Proposal
from tenant_apps.spaces.access import get_component_for_rule
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import has_perm, require


def get_component_for_evaluation(
    request: HttpRequest, space_kind: str, slug: str, component_id: int
) -> Component:
    """Return the proposals component for admins and evaluators (404 for everyone else)."""
    return get_component_for_rule(
        request, space_kind, slug, component_id, "proposals", "proposals.evaluate_proposals"
    )


def _visible_to(request: HttpRequest, component: Component) -> QuerySet[Proposal]:
    proposals = Proposal.objects.filter(component=component)
    if not has_perm(request.user, "proposals.manage_proposals", component):
        proposals = proposals.filter(evaluatorassignment__user_id=request.user.pk or 0)
    return proposals


def get_proposal_for_evaluation(request: HttpRequest, component: Component, pk: int) -> Proposal:
    proposal = _visible_to(request, component).filter(pk=pk).select_related("author").first()
    if proposal is None:
        raise Http404
    proposal.component = component
    return proposal


@login_required
def manage_proposals(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_evaluation(request, space_kind, space_slug, component_id)
    states = state_choices(component)
    state = request.GET.get("state")
    proposals = _visible_to(request, component).select_related("author", "area")
    if state is not None and state in dict(states):
        proposals = proposals.filter(state=state)
    proposals = proposals.prefetch_related(
        Prefetch(
            "evaluatorassignment_set", queryset=EvaluatorAssignment.objects.select_related("user")
        )
    ).order_by("-created", "-pk")
    page = Paginator(proposals, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "manage/proposals_list.html",
        {
            "space": component.space,
            "component": component,
            "page": page,
            "states": states,
            "state_labels": dict(states),
            "current_state": state,
            "query": f"state={state}" if state else "",
            "can_manage": has_perm(request.user, "proposals.manage_proposals", component),
            "receivers": receiving_components(component),
        },
    )


@login_required
def proposal_answer(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = get_component_for_evaluation(request, space_kind, space_slug, component_id)
    proposal = get_proposal_for_evaluation(request, component, proposal_id)
    require(request.user, "proposals.answer_proposal", proposal)
    initial = {
        "state": proposal.state,
        "answer_sv": proposal.answer_sv,
        "answer_en": proposal.answer_en,
        "answer_cost": proposal.answer_cost,
    }
    form = AnswerForm(request.POST or None, initial=initial, states=state_choices(component))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            answer_proposal(
                request.user,
                proposal,
                state=data["state"],
                answer_sv=data["answer_sv"],
                answer_en=data["answer_en"],
                cost=data["answer_cost"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The answer is saved."))
            return redirect(component.get_content_manage_url())
    return render(
        request,
        "manage/proposal_answer.html",
        {
            "space": component.space,
            "component": component,
            "proposal": proposal,
            "form": form,
            "evaluator_form": EvaluatorForm(),
            "evaluators": [a.user for a in proposal.evaluatorassignment_set.select_related("user")],
            "can_manage": has_perm(request.user, "proposals.manage_proposals", component),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def proposal_evaluators(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = get_component_for_evaluation(request, space_kind, space_slug, component_id)
    proposal = get_proposal_for_evaluation(request, component, proposal_id)
    require(request.user, "proposals.manage_proposals", component)
    remove = request.POST.get("remove", "")
    try:
        if remove.isdigit():
            unassign_evaluator(request.user, proposal, int(remove))
            messages.success(request, _("The evaluator is removed."))
        else:
            form = EvaluatorForm(request.POST)
            user = (
                User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
                if form.is_valid()
                else None
            )
            if user is None:
                raise ValidationError(_("No account has that e-mail address."))
            assign_evaluator(request.user, proposal, user)
            messages.success(request, _("The evaluator is assigned."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(f"{component.get_content_manage_url()}{proposal.pk}/")


@login_required
def custom_states(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_evaluation(request, space_kind, space_slug, component_id)
    require(request.user, "proposals.manage_proposals", component)
    form = CustomStateForm(request.POST or None)
    if request.method == "POST":
        delete = request.POST.get("delete", "")
        if delete.isdigit():
            state = component.proposal_states.filter(pk=int(delete)).first()
            if state is None:
                raise Http404
            try:
                delete_custom_state(request.user, state)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("The state is removed."))
            return redirect(request.path)
        if form.is_valid():
            try:
                save_custom_state(request.user, component, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, _("The state is saved."))
                return redirect(request.path)
    return render(
        request,
        "manage/proposal_states.html",
        {
            "space": component.space,
            "component": component,
            "form": form,
            "states": component.proposal_states.all(),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@login_required
def proposals_hand_over(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_evaluation(request, space_kind, space_slug, component_id)
    require(request.user, "proposals.manage_proposals", component)
    target_id = request.POST.get("target", "")
    target = next((c for c in receiving_components(component) if str(c.pk) == target_id), None)
    if target is None:
        messages.error(request, _("Choose where the accepted proposals should go."))
        return redirect(component.get_content_manage_url())
    try:
        links = hand_over(request.user, component, target)
    except ProposalRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(
            request,
            _("%(count)s accepted proposals were added to %(target)s.")
            % {"count": len(links), "target": target.name.text},
        )
    return redirect(component.get_content_manage_url())
