"""Tenant admin (/manage/): the dashboard, processes, assemblies, publishing, templates."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.designs.models import CityTemplate
from tenant_apps.spaces import actions
from tenant_apps.spaces.access import get_space_for_manage
from tenant_apps.spaces.designs import delete_template, instantiate_design, save_as_template
from tenant_apps.spaces.forms import (
    AssemblyForm,
    MemberForm,
    NewProcessForm,
    ProcessForm,
    SaveTemplateForm,
    apply_errors,
)
from tenant_apps.spaces.models import Assembly, Process, ProcessTemplate
from tenant_apps.spaces.permissions import has_perm, require

DASHBOARD_PER_PAGE = 25


def _space_data(form: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Split a space form's cleaned data into fields and many-to-many relations."""
    data = dict(form.cleaned_data)
    relations = {name: data.pop(name) for name in ("areas", "categories") if name in data}
    if data.get("hero_image") is None:
        data.pop("hero_image", None)  # no new upload: keep the current image
    elif data.get("hero_image") is False:
        data["hero_image"] = ""  # "clear" ticked
    return data, relations


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    require(request.user, "spaces.view_manage")
    processes = (
        Process.objects.annotate(
            phase_count=Count("phases", distinct=True),
            component_count=Count("components", distinct=True),
        )
        .prefetch_related("phases")
        .order_by("-starts", "-pk")
    )
    page = Paginator(processes, DASHBOARD_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "manage/dashboard.html",
        {
            "page": page,
            "processes": page.object_list,
            "assemblies": Assembly.objects.annotate(member_count=Count("members")),
            "can_add": has_perm(request.user, "spaces.add_process"),
        },
    )


def _templates() -> list[tuple[str, Any]]:
    """Return every template this tenant can use, keyed "city-ID" or "local-ID"."""
    city = [(f"city-{t.pk}", t) for t in CityTemplate.objects.all()]
    local = [(f"local-{t.pk}", t) for t in ProcessTemplate.objects.all()]
    return city + local


@login_required
def process_new(request: HttpRequest) -> HttpResponse:
    """Start a process from a template (city-wide or this tenant's) or from scratch."""
    require(request.user, "spaces.add_process")
    templates = _templates()
    by_key = dict(templates)
    chosen = request.POST.get("template", request.GET.get("template", ""))
    if chosen == "" and request.method == "GET" and "template" not in request.GET:
        return render(
            request,
            "manage/process_new.html",
            {
                "city_templates": [t for key, t in templates if key.startswith("city-")],
                "local_templates": [t for key, t in templates if key.startswith("local-")],
            },
        )
    if chosen and chosen not in by_key:
        raise Http404
    if not chosen:
        return redirect("manage:process_add")
    form = NewProcessForm(
        request.POST or None,
        initial={"template": chosen},
        templates=[(key, str(template.name)) for key, template in templates],
    )
    if request.method == "POST" and form.is_valid():
        template = by_key[chosen]
        try:
            process = instantiate_design(
                template.design,
                by=request.user,
                slug=form.cleaned_data["slug"],
                title_sv=form.cleaned_data["title_sv"],
                title_en=form.cleaned_data["title_en"],
                starts=form.cleaned_data["starts"],
                template_name=template.name_sv,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The process is created from “%(template)s”. "
                    "Check its texts and dates, then publish it."
                )
                % {"template": template.name},
            )
            return redirect("manage:process_edit", slug=process.slug)
    return render(
        request,
        "manage/form_page.html",
        {
            "form": form,
            "heading": _("New process from “%(template)s”") % {"template": by_key[chosen].name},
            "intro": by_key[chosen].description,
            "submit": _("Create the process"),
        },
    )


def _save_space_form(
    request: HttpRequest, form: Any, save: Callable[..., Any], success: str
) -> Any | None:
    """Validate the space form and save it with the action; return the space, or None
    when the form (or the action's checks) found errors, which are now on the form."""
    if request.method != "POST" or not form.is_valid():
        return None
    data, relations = _space_data(form)
    try:
        space = save(by=request.user, data=data, **relations)
    except ValidationError as error:
        apply_errors(form, error)
        return None
    messages.success(request, success)
    return space


def _space_edit_page(request: HttpRequest, space: Any, form: Any, **extra: Any) -> HttpResponse:
    return render(
        request,
        "manage/space_edit.html",
        {
            "space": type(space).objects.get(pk=space.pk),  # as saved, not as typed
            "form": form,
            "preview_url": request.build_absolute_uri(
                f"{space.get_absolute_url()}?preview={space.preview_token}"
            ),
            **extra,
        },
    )


def _new_space_page(request: HttpRequest, form: Any, heading: str, submit: str) -> HttpResponse:
    return render(
        request,
        "manage/form_page.html",
        {"form": form, "heading": heading, "submit": submit, "multipart": True},
    )


@login_required
def process_add(request: HttpRequest) -> HttpResponse:
    """Create an empty process with the full form."""
    require(request.user, "spaces.add_process")
    form = ProcessForm(request.POST or None, request.FILES or None)
    success = _("The process is created. Add its phases next.")
    process = _save_space_form(request, form, actions.create_process, success)
    if process is not None:
        return redirect("manage:phases", slug=process.slug)
    return _new_space_page(request, form, _("New empty process"), _("Create the process"))


@login_required
def process_edit(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_space_for_manage(request, "processes", slug)
    form = ProcessForm(request.POST or None, request.FILES or None, instance=process)
    update = partial(actions.update_process, process)
    if _save_space_form(request, form, update, _("The changes are saved.")) is not None:
        return redirect("manage:process_edit", slug=form.instance.slug)
    return _space_edit_page(request, process, form)


@login_required
def assembly_add(request: HttpRequest) -> HttpResponse:
    require(request.user, "spaces.change_assembly")
    form = AssemblyForm(request.POST or None, request.FILES or None)
    success = _("The assembly is created.")
    assembly = _save_space_form(request, form, actions.create_assembly, success)
    if assembly is not None:
        return redirect("manage:assembly_edit", slug=assembly.slug)
    return _new_space_page(request, form, _("New assembly"), _("Create the assembly"))


@login_required
def assembly_edit(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_space_for_manage(request, "assemblies", slug)
    form = AssemblyForm(request.POST or None, request.FILES or None, instance=assembly)
    update = partial(actions.update_assembly, assembly)
    if _save_space_form(request, form, update, _("The changes are saved.")) is not None:
        return redirect("manage:assembly_edit", slug=form.instance.slug)
    return _space_edit_page(
        request, assembly, form, members=assembly.members.all(), member_form=MemberForm()
    )


@require_POST
@login_required
def member_add(request: HttpRequest, slug: str) -> HttpResponse:
    assembly = get_space_for_manage(request, "assemblies", slug)
    form = MemberForm(request.POST)
    if form.is_valid():
        actions.save_assembly_member(assembly, by=request.user, data=form.cleaned_data)
        messages.success(request, _("The member is added."))
    else:
        messages.error(request, _("Give the member's name."))
    return redirect("manage:assembly_edit", slug=assembly.slug)


@require_POST
@login_required
def member_remove(request: HttpRequest, slug: str, member_id: int) -> HttpResponse:
    assembly = get_space_for_manage(request, "assemblies", slug)
    member = assembly.members.filter(pk=member_id).first()
    if member is None:
        raise Http404
    actions.remove_assembly_member(member, by=request.user)
    messages.success(request, _("The member is removed."))
    return redirect("manage:assembly_edit", slug=assembly.slug)


def _edit_url(space: Any) -> str:
    return f"/manage{space.get_absolute_url()}"


@require_POST
@login_required
def space_publish(request: HttpRequest, space_kind: str, slug: str) -> HttpResponse:
    space = get_space_for_manage(request, space_kind, slug)
    publish = request.POST.get("published") == "1"
    try:
        actions.set_space_published(space, publish, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("It is published.") if publish else _("It is unpublished."))
    return redirect(_edit_url(space))


@require_POST
@login_required
def space_preview_link(request: HttpRequest, space_kind: str, slug: str) -> HttpResponse:
    space = get_space_for_manage(request, space_kind, slug)
    actions.rotate_preview_link(space, by=request.user)
    messages.success(request, _("There is a new preview link; the old one no longer works."))
    return redirect(_edit_url(space))


@login_required
def process_save_template(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_space_for_manage(request, "processes", slug)
    form = SaveTemplateForm(
        request.POST or None, initial={"name_sv": process.title_sv, "name_en": process.title_en}
    )
    if not has_perm(request.user, "spaces.add_city_template"):
        del form.fields["city_wide"]
    if request.method == "POST" and form.is_valid():
        save_as_template(process, by=request.user, **form.cleaned_data)
        messages.success(request, _("The template is saved."))
        return redirect("manage:templates")
    return render(
        request,
        "manage/form_page.html",
        {
            "space": process,
            "form": form,
            "heading": _("Save “%(title)s” as a template") % {"title": process.title},
            "intro": _(
                "The template keeps the phases (as durations), the components with their "
                "settings and the page texts. It keeps nothing residents wrote."
            ),
            "submit": _("Save the template"),
        },
    )


@login_required
def template_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "spaces.view_manage")
    return render(
        request,
        "manage/template_list.html",
        {
            "city_templates": CityTemplate.objects.select_related("source_tenant"),
            "local_templates": ProcessTemplate.objects.all(),
            "can_add": has_perm(request.user, "spaces.add_process"),
        },
    )


@require_POST
@login_required
def template_delete(request: HttpRequest, template_id: int) -> HttpResponse:
    require(request.user, "spaces.add_process")
    template = ProcessTemplate.objects.filter(pk=template_id).first()
    if template is None:
        raise Http404
    delete_template(template, by=request.user)
    messages.success(request, _("The template is deleted."))
    return redirect("manage:templates")
