"""Tenant admin: a process's phases and a space's components with their settings."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenant_apps.spaces import actions, phases
from tenant_apps.spaces.access import get_component_for_manage, get_space_for_manage
from tenant_apps.spaces.forms import (
    AddComponentForm,
    ComponentNamesForm,
    PhaseForm,
    RequirementsForm,
    SettingsForm,
    apply_errors,
)
from tenant_apps.spaces.models import Phase, Process


def _phase(process: Process, phase_id: int) -> Phase:
    phase = process.phases.filter(pk=phase_id).first()
    if phase is None:
        raise Http404
    return phase


@login_required
def phase_list(request: HttpRequest, slug: str) -> HttpResponse:
    """List the phases with actions, and add a new one (the form is on the same page)."""
    process = get_space_for_manage(request, "processes", slug)
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            phases.save_phase(process, by=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The phase is added."))
            return redirect("manage:phases", slug=process.slug)
    return render(
        request,
        "manage/phase_list.html",
        {"space": process, "phases": list(process.phases.all()), "form": form},
    )


@login_required
def phase_edit(request: HttpRequest, slug: str, phase_id: int) -> HttpResponse:
    process = get_space_for_manage(request, "processes", slug)
    phase = _phase(process, phase_id)
    form = PhaseForm(request.POST or None, instance=phase)
    if request.method == "POST" and form.is_valid():
        try:
            phases.save_phase(process, by=request.user, data=form.cleaned_data, phase=phase)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The phase is saved."))
            return redirect("manage:phases", slug=process.slug)
    return render(
        request,
        "manage/form_page.html",
        {
            "space": process,
            "form": form,
            "heading": _("Edit the phase “%(title)s”") % {"title": phase.title},
            "submit": _("Save"),
        },
    )


@require_POST
@login_required
def phase_action(request: HttpRequest, slug: str, phase_id: int) -> HttpResponse:
    """Activate, move or delete a phase (one POST endpoint, the button says which)."""
    process = get_space_for_manage(request, "processes", slug)
    phase = _phase(process, phase_id)
    action = request.POST.get("action")
    try:
        if action == "activate":
            phases.activate_phase(phase, by=request.user)
            messages.success(
                request,
                _("“%(title)s” is now the active phase; phases no longer follow the dates.")
                % {"title": phase.title},
            )
        elif action in {"up", "down"}:
            phases.move_phase(phase, -1 if action == "up" else 1, by=request.user)
        elif action == "delete":
            phases.delete_phase(phase, by=request.user)
            messages.success(request, _("The phase is deleted."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("manage:phases", slug=process.slug)


@login_required
def component_list(request: HttpRequest, space_kind: str, slug: str) -> HttpResponse:
    space = get_space_for_manage(request, space_kind, slug)
    form = AddComponentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            component = actions.add_component(space, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, _("The component is added, hidden. Set it up, then publish it.")
            )
            return redirect(component.get_manage_url())
    return render(
        request,
        "manage/component_list.html",
        {"space": space, "components": list(space.components.all()), "form": form},
    )


def _settings_forms(component: Any, data: Any) -> tuple[Any, list[tuple[Phase, Any]]]:
    component_type = component.component_type
    general = SettingsForm(
        data, declared=component_type.settings, values=component.settings, prefix="settings"
    )
    per_phase = []
    if component.process_id and component_type.phase_settings:
        for phase in component.process.phases.all():
            values = component.phase_settings.get(str(phase.pk), {})
            per_phase.append(
                (
                    phase,
                    SettingsForm(
                        data,
                        declared=component_type.phase_settings,
                        values=values,
                        prefix=f"phase-{phase.pk}",
                    ),
                )
            )
    return general, per_phase


@login_required
def component_edit(
    request: HttpRequest, space_kind: str, slug: str, component_id: int
) -> HttpResponse:
    """Names, settings and per-phase settings of one component; all saved or none."""
    component = get_component_for_manage(request, space_kind, slug, component_id)
    data = request.POST if request.method == "POST" else None
    names = ComponentNamesForm(
        data, initial={"name_sv": component.name_sv, "name_en": component.name_en}, prefix="names"
    )
    general, per_phase = _settings_forms(component, data)
    requirements = [
        (
            action,
            RequirementsForm(
                data, rule=component.permissions.get(action) or {}, prefix=f"requires-{action}"
            ),
        )
        for action in component.component_type.actions
    ]
    forms_ok = (
        [names.is_valid(), general.is_valid()]
        + [f.is_valid() for _p, f in per_phase]
        + [f.is_valid() for _a, f in requirements]
    )
    if request.method == "POST" and all(forms_ok):
        try:
            actions.update_component(
                component,
                by=request.user,
                name_sv=names.cleaned_data["name_sv"],
                name_en=names.cleaned_data["name_en"],
                settings=general.cleaned_data,
                phase_settings={str(p.pk): f.cleaned_data for p, f in per_phase},
                permissions={action: f.rule for action, f in requirements if f.rule},
            )
        except ValidationError as error:
            apply_errors(general, error)
        else:
            messages.success(request, _("The settings are saved."))
            return redirect(component.get_manage_url())
    elif request.method == "POST":
        messages.error(request, _("Nothing was saved: correct the fields marked below."))
    return render(
        request,
        "manage/component_edit.html",
        {
            "space": component.space,
            "component": component,
            "names": names,
            "general": general,
            "per_phase": per_phase,
            "requirements": requirements,
        },
    )


@require_POST
@login_required
def component_action(
    request: HttpRequest, space_kind: str, slug: str, component_id: int
) -> HttpResponse:
    """Publish, hide, move or delete a component."""
    component = get_component_for_manage(request, space_kind, slug, component_id)
    space = component.space
    action = request.POST.get("action")
    try:
        if action in {"publish", "hide"}:
            actions.set_component_published(component, action == "publish", by=request.user)
        elif action in {"up", "down"}:
            actions.move_component(component, -1 if action == "up" else 1, by=request.user)
        elif action == "delete":
            actions.delete_component(component, by=request.user)
            messages.success(request, _("The component is deleted."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"/manage{space.get_absolute_url()}components/")
