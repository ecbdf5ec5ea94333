"""Proposals for residents: the list, a proposal, proposing, changing, withdrawing,
supporting and liking. Every form works without JavaScript.

Each view finds the component and the proposal first, so another tenant's host, an
unpublished component or a missing proposal answer 404 before sign-in or method checks
could tell a visitor that the address exists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from shared_apps.notifications.actions import is_following
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.comments.queries import comment_section, counts_for
from tenant_apps.proposals import queries
from tenant_apps.proposals.actions import (
    ProposalRefused,
    can_edit,
    create_proposal,
    edit_proposal,
    editable_until,
    withdraw_proposal,
)
from tenant_apps.proposals.answers import state_choices
from tenant_apps.proposals.forms import ProposalForm
from tenant_apps.proposals.models import Proposal
from tenant_apps.proposals.supports import support, toggle_like, withdraw_support
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action, has_perm


def _component(request: HttpRequest, kind: str, slug: str, component_id: int) -> Component:
    return get_component_for_user(request, kind, slug, component_id, "proposals")


def get_proposal(component: Component, proposal_id: int) -> Proposal:
    """Return the component's proposal (withdrawn and hidden ones too; their pages say
    so), or 404 when it is not in this component."""
    proposal = (
        Proposal.objects.filter(component=component, pk=proposal_id)
        .select_related("area", "category", "author")
        .first()
    )
    if proposal is None:
        raise Http404
    proposal.component = component
    return proposal


def _answers_visible(request: HttpRequest, component: Component, settings: dict) -> bool:
    return bool(settings["answers_published"]) or has_perm(
        request.user, "proposals.evaluate_proposals", component
    )


def proposal_list(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    settings = component.current_settings()
    filters = queries.read_filters(request, settings["default_sort"])
    answers_visible = _answers_visible(request, component, settings)
    proposals = queries.filtered(
        component,
        filters,
        user=request.user,
        answers_visible=answers_visible,
        seed=queries.visitor_seed(request) if filters.sort == "random" else "",
    )
    page = Paginator(queries.page_rows(proposals), settings["per_page"]).get_page(
        request.GET.get("page")
    )
    ids = [proposal.pk for proposal in page]
    states = state_choices(component)
    labels = dict(states)
    comment_counts = counts_for("proposal", ids)
    for proposal in page:
        # Shown on the card; set here so the template needs no lookups.
        setattr(proposal, "state_label", labels.get(proposal.state, proposal.state))  # noqa: B010
        setattr(proposal, "comment_count", comment_counts.get(proposal.pk, 0))  # noqa: B010
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "space": component.space,
            "component": component,
            "settings": settings,
            "announcement": announcement(settings),
            "page": page,
            "filters": filters,
            "query": filters.query_string(),
            "areas": Area.objects.all(),
            "categories": Category.objects.all(),
            "states": states,
            "state_labels": dict(states),
            "answers_visible": answers_visible,
            "supported": queries.supported_ids(request.user, ids),
            "liked": queries.liked_ids(request.user, ids),
            "create": check_action(request.user, component, "create"),
            "sort_choices": [(name, label) for name, label in _sorts()],
        },
    )


def _sorts() -> list[tuple[str, str]]:
    from tenant_apps.proposals.component import SORTS

    return [(name, str(label)) for name, label in SORTS]


def proposal_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    proposal = get_proposal(component, proposal_id)
    settings = component.current_settings()
    user = request.user
    states = dict(state_choices(component))
    return render(
        request,
        "proposals/proposal_detail.html",
        {
            "space": component.space,
            "component": component,
            "proposal": proposal,
            "settings": settings,
            "attachments": list(proposal.attachments.all()),
            "answers_visible": _answers_visible(request, component, settings),
            "state_label": states.get(proposal.state, proposal.state),
            "supported": bool(queries.supported_ids(user, [proposal.pk])),
            "liked": bool(queries.liked_ids(user, [proposal.pk])),
            "supports_given": queries.supports_given(user, component),
            "support_answer": check_action(user, component, "support"),
            "like_answer": check_action(user, component, "like"),
            "can_edit": can_edit(user, proposal),
            "editable_until": editable_until(proposal),
            "is_author": proposal.author_id is not None and proposal.author_id == user.pk,
            "links": list(proposal.links.all()),
            "following": is_following(user, proposal.follow_key),
            "comments": None
            if proposal.hidden
            else comment_section(request, component, "proposal", proposal),
        },
    )


def _form_page(
    request: HttpRequest,
    component: Component,
    form: ProposalForm,
    *,
    proposal: Proposal | None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "proposals/proposal_form.html",
        {
            "space": component.space,
            "component": component,
            "form": form,
            "proposal": proposal,
            "answer": check_action(request.user, component, "create"),
            "action": "create",
        },
        status=status,
    )


def proposal_new(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    settings = component.current_settings()
    form = ProposalForm(request.POST or None, request.FILES or None, settings=settings)
    if request.method != "POST":
        return _form_page(request, component, form, proposal=None)
    if form.is_valid():
        try:
            proposal = create_proposal(
                request.user, component, form.cleaned_data, form.cleaned_data.get("attachments", [])
            )
        except ProposalRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your proposal is published."))
            return redirect(proposal.get_absolute_url())
    return _form_page(request, component, form, proposal=None, status=400)


def proposal_edit(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    proposal = get_proposal(component, proposal_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if proposal.author_id != request.user.pk:
        raise Http404
    settings = component.current_settings()
    initial = {
        name: getattr(proposal, name)
        for name in ("title", "body", "area", "category", "address", "latitude", "longitude")
    }
    form = ProposalForm(
        request.POST or None, request.FILES or None, settings=settings, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        try:
            edit_proposal(
                request.user, proposal, form.cleaned_data, form.cleaned_data.get("attachments", [])
            )
        except ProposalRefused as refused:
            form.add_error(None, refused.message)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your changes are saved."))
            return redirect(proposal.get_absolute_url())
    elif request.method != "POST" and not can_edit(request.user, proposal):
        messages.error(request, _("This proposal can no longer be changed."))
        return redirect(proposal.get_absolute_url())
    return _form_page(
        request, component, form, proposal=proposal, status=400 if request.method == "POST" else 200
    )


def proposal_withdraw(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    proposal = get_proposal(component, proposal_id)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if proposal.author_id != request.user.pk:
        raise Http404
    if request.method == "POST":
        try:
            withdraw_proposal(request.user, proposal)
        except ProposalRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.success(request, _("Your proposal is withdrawn."))
        return redirect(proposal.get_absolute_url())
    return render(
        request,
        "proposals/proposal_withdraw.html",
        {"space": component.space, "component": component, "proposal": proposal},
    )


def proposal_support(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    proposal = get_proposal(component, proposal_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        if request.POST.get("withdraw") == "1":
            withdraw_support(request.user, proposal)
            messages.success(request, _("Your support is withdrawn."))
        else:
            support(request.user, proposal)
            messages.success(request, _("Thank you for your support."))
    except ProposalRefused as refused:
        messages.error(request, refused.message)
    return redirect(f"{proposal.get_absolute_url()}#support")


def proposal_like(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, proposal_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    proposal = get_proposal(component, proposal_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        liked = toggle_like(request.user, proposal)
    except ProposalRefused as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("You like this proposal.") if liked else _("Like removed."))
    return redirect(f"{proposal.get_absolute_url()}#support")
