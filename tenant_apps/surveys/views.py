"""Surveys for residents: the survey page, answering, the receipt, one's own linked answer
and the published results. Every page works without JavaScript.

Each view finds the component first, so another tenant's host or an unpublished
component answers 404 before sign-in or method checks could reveal that it exists."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from tenant_apps.forms.build import build_form, load_questions
from tenant_apps.forms.results import form_results
from tenant_apps.forms.saving import stored_answers, summary
from tenant_apps.spaces.access import get_component_for_user
from tenant_apps.spaces.announcements import announcement
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action, has_perm
from tenant_apps.surveys.actions import (
    SurveyRefused,
    answer_survey,
    get_survey,
    has_answered,
    own_response,
    rules,
)
from tenant_apps.surveys.component import ONE_PER_PERSON
from tenant_apps.surveys.models import Survey


def _component(request: HttpRequest, kind: str, slug: str, component_id: int) -> Component:
    return get_component_for_user(request, kind, slug, component_id, "surveys")


def _context(request: HttpRequest, component: Component, survey: Survey) -> dict:
    settings = component.current_settings()
    anonymous, one_per = rules(survey, settings)
    return {
        "space": component.space,
        "component": component,
        "survey": survey,
        "settings": settings,
        "announcement": announcement(settings),
        "anonymous": anonymous,
        "per_person": one_per == ONE_PER_PERSON,
        "answer": check_action(request.user, component, "answer", settings=settings),
        "answered": has_answered(survey, request.user, one_per),
        "results_visible": _results_visible(request, component, settings),
        "action": "answer",
    }


def _results_visible(request: HttpRequest, component: Component, settings: dict) -> bool:
    return bool(settings["results_published"]) or has_perm(
        request.user, "surveys.manage_surveys", component
    )


def survey_detail(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    survey = get_survey(component)
    context = _context(request, component, survey)
    context["question_count"] = survey.form.questions.exclude(type="section").count()
    context["own"] = own_response(survey, request.user) if context["answered"] else None
    return render(request, "surveys/survey_detail.html", context)


def survey_answer(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    survey = get_survey(component)
    context = _context(request, component, survey)
    questions = load_questions(survey.form)
    form = build_form(
        survey.form,
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        questions=questions,
    )
    status = 200
    refusal = None
    if request.method == "POST":
        status = 400
        if context["answered"]:
            refusal, status = None, 409
        elif not context["answer"]:
            refusal, status = context["answer"].reason, 403
        elif form.is_valid():
            try:
                answer_survey(request.user, survey, form)
            except SurveyRefused as refused:
                refusal = refused.message
                # A parallel answer got in first: the same clear message as above.
                if has_answered(survey, request.user, rules(survey)[1]):
                    context["answered"], refusal, status = True, None, 409
            else:
                return redirect(f"{component.get_absolute_url()}thanks/")
    context.update({"form": form, "items": form.items(), "refusal": refusal})
    return render(request, "surveys/survey_answer.html", context, status=status)


def survey_thanks(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    survey = get_survey(component)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    context = _context(request, component, survey)
    if not context["answered"]:
        return redirect(component.get_absolute_url())
    context["own"] = own_response(survey, request.user)
    return render(request, "surveys/survey_thanks.html", context)


def survey_mine(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    survey = get_survey(component)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    response = own_response(survey, request.user)
    if response is None:
        raise Http404
    questions = load_questions(survey.form)
    context = _context(request, component, survey)
    context.update({"response": response, "lines": summary(questions, stored_answers(response))})
    return render(request, "surveys/survey_mine.html", context)


def survey_results(
    request: HttpRequest, space_kind: str, space_slug: str, component_id: int
) -> HttpResponse:
    component = _component(request, space_kind, space_slug, component_id)
    survey = get_survey(component)
    context = _context(request, component, survey)
    if not context["results_visible"]:
        raise Http404
    context["results"] = form_results(survey.form, with_texts=False)
    return render(request, "surveys/survey_results.html", context)
