"""Debates for staff: the list with argument counts, the debate form, publishing, order,
removal (only without arguments), closing with a conclusion and reopening."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.debates import queries
from tenant_apps.debates.access import get_debate_for_manage
from tenant_apps.debates.actions import (
    FIELDS,
    MANAGE,
    close_debate,
    delete_debate,
    move_debate,
    reopen_debate,
    save_debate,
    set_published,
)
from tenant_apps.debates.forms import ConclusionForm, DebateForm
from tenant_apps.debates.models import Debate
from tenant_apps.spaces.access import get_component_for_rule
from tenant_apps.spaces.forms import apply_errors
from tenant_apps.spaces.models import Component


def get_component_for_debates(
    request: HttpRequest, space_kind: str, slug: str, component_id: int
) -> Component:
    """Return the debates component for staff who manage debates (404 for everyone else)."""
    return get_component_for_rule(request, space_kind, slug, component_id, "debates", MANAGE)


def _context(component: Component, **extra: Any) -> dict[str, Any]:
    return {"space": component.space, "component": component, **extra}


@login_required
def manage_debates(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    debates = list(Debate.objects.filter(component=component).order_by("position", "pk"))
    counts = queries.tallies(debate.pk for debate in debates)
    for debate in debates:
        debate.component = component
        setattr(debate, "tally", counts[debate.pk])  # noqa: B010
    return render(request, "manage/debates_list.html", _context(component, debates=debates))


def _debate_form(request: HttpRequest, component: Component, debate: Debate | None) -> HttpResponse:
    form = DebateForm(request.POST or None, instance=debate)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data.get(name) for name in FIELDS}
        try:
            saved = save_debate(request.user, component, debate, data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The debate is saved."))
            return redirect(f"{component.get_content_manage_url()}{saved.pk}/")
    return render(
        request,
        "manage/debate_form.html",
        _context(component, debate=debate, form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
def debate_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    return _debate_form(request, component, None)


@login_required
def debate_edit(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    return _debate_form(request, component, get_debate_for_manage(component, debate_id))


@login_required
@require_POST
def debate_publish(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    debate = get_debate_for_manage(component, debate_id)
    published = request.POST.get("published") == "1"
    set_published(request.user, debate, published)
    messages.success(
        request, _("The debate is published.") if published else _("The debate is unpublished.")
    )
    return redirect(component.get_content_manage_url())


@login_required
@require_POST
def debate_move(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    debate = get_debate_for_manage(component, debate_id)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if step is None:
        messages.error(request, _("Choose up or down."))
    else:
        move_debate(request.user, debate, step)
        messages.success(request, _("The order is saved."))
    return redirect(component.get_content_manage_url())


@login_required
@require_POST
def debate_delete(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    debate = get_debate_for_manage(component, debate_id)
    try:
        delete_debate(request.user, debate)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The debate is removed."))
    return redirect(component.get_content_manage_url())


@login_required
def debate_close(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    debate = get_debate_for_manage(component, debate_id)
    initial = {"conclusion_sv": debate.conclusion_sv, "conclusion_en": debate.conclusion_en}
    form = ConclusionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            close_debate(
                request.user,
                debate,
                conclusion_sv=form.cleaned_data["conclusion_sv"],
                conclusion_en=form.cleaned_data["conclusion_en"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The debate is closed and the conclusion is shown."))
            return redirect(component.get_content_manage_url())
    return render(
        request,
        "manage/debate_close.html",
        _context(component, debate=debate, form=form),
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def debate_reopen(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, debate_id: int
) -> HttpResponse:
    component = get_component_for_debates(request, space_kind, space_slug, component_id)
    debate = get_debate_for_manage(component, debate_id)
    try:
        reopen_debate(request.user, debate)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The debate is open again."))
    return redirect(component.get_content_manage_url())
