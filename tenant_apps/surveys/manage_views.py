"""Surveys for staff: the introduction and questions, results as charts, the CSV and
answered files. Every view starts with `_survey_for_staff` (404 for everyone else)."""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from tenant_apps.forms.editor_views import (
    add_question_view,
    edit_question_view,
    question_action_view,
    questions_context,
)
from tenant_apps.forms.export import write_csv
from tenant_apps.forms.models import Answer
from tenant_apps.forms.results import form_results
from tenant_apps.spaces.access import get_component_for_rule
from tenant_apps.surveys.actions import get_survey, rules, update_intro
from tenant_apps.surveys.component import ONE_PER_PERSON
from tenant_apps.surveys.models import Survey


class IntroForm(forms.Form):
    intro_sv = forms.CharField(
        label=gettext_lazy("Introduction in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )
    intro_en = forms.CharField(
        label=gettext_lazy("Introduction in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


def _survey_for_staff(
    request: HttpRequest, space_kind: str, slug: str, component_id: int
) -> Survey:
    component = get_component_for_rule(
        request, space_kind, slug, component_id, "surveys", "surveys.manage_surveys"
    )
    return get_survey(component)


def _context(survey: Survey) -> dict:
    component = survey.component
    anonymous, one_per = rules(survey)
    return {
        "space": component.space,
        "component": component,
        "survey": survey,
        "anonymous": anonymous,
        "per_person": one_per == ONE_PER_PERSON,
        "fixed": bool(survey.frozen_one_per),
        "editor_url": f"{component.get_content_manage_url()}questions/",
    }


@login_required
def survey_manage(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    intro = IntroForm(
        request.POST if request.method == "POST" else None,
        initial={"intro_sv": survey.intro_sv, "intro_en": survey.intro_en},
    )
    if request.method == "POST" and intro.is_valid():
        update_intro(request.user, survey, **intro.cleaned_data)
        messages.success(request, _("The introduction is saved."))
        return redirect(request.path)
    return render(
        request,
        "manage/survey_manage.html",
        {
            **_context(survey),
            **questions_context(survey.form),
            "intro_form": intro,
            "responses": survey.form.responses.count(),
        },
        status=400 if request.method == "POST" else 200,
    )


def _editor_args(survey: Survey) -> dict:
    return {
        "back": survey.component.get_content_manage_url(),
        "log_target": survey.component.space.slug,
    }


@login_required
def question_add(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    return add_question_view(request, survey.form, context=_context(survey), **_editor_args(survey))


@login_required
def question_edit(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, question_id: int
) -> HttpResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    return edit_question_view(
        request, survey.form, question_id, context=_context(survey), **_editor_args(survey)
    )


@login_required
def question_action(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, question_id: int
) -> HttpResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    # After the lookup: a GET from someone else is a 404 like every other request.
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return question_action_view(request, survey.form, question_id, **_editor_args(survey))


@login_required
def survey_results(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    return render(
        request,
        "manage/survey_results.html",
        {**_context(survey), "results": form_results(survey.form, with_texts=True)},
    )


@login_required
def survey_export(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    base = survey.component.get_content_manage_url()
    out = io.StringIO()
    # A byte-order mark, so spreadsheet programs read the Swedish letters right.
    out.write("\ufeff")
    write_csv(
        survey.form,
        out,
        file_url=lambda answer: request.build_absolute_uri(f"{base}files/{answer.pk}/"),
    )
    name = slugify(survey.component.name_sv) or "survey"
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
def answer_file(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int, answer_id: str
) -> FileResponse:
    survey = _survey_for_staff(request, space_kind, space_slug, component_id)
    answer = Answer.objects.filter(pk=answer_id, response__form_id=survey.form_id).first()
    if answer is None or not answer.file:
        raise Http404
    extension = (answer.file.name or "").rsplit(".", 1)[-1]
    return FileResponse(
        answer.file.open("rb"),
        as_attachment=True,
        filename=f"answer-{answer.pk}.{extension}",
    )
