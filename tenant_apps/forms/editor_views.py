"""The question editor's views, for any owner of a form (a survey, a meeting).

The owner's view finds its object and checks the permission first (404 for everyone
else), then calls one of these with the form, the page's context (space, component: the
staff navigation) and `back` (the owner's page listing the questions). Templates:
`manage/form_question_type.html`, `manage/form_question.html`; the owner's page includes
`manage/_form_questions.html` with `questions`, `frozen` and `editor_url`.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from tenant_apps.forms.editor import delete_question, is_frozen, move_question, save_question
from tenant_apps.forms.editor_forms import TYPE_FIELDS, QuestionForm
from tenant_apps.forms.models import Form, Question
from tenant_apps.spaces.forms import apply_errors


def get_question(form: Form, question_id: int) -> Question:
    question = form.questions.filter(pk=question_id).prefetch_related("choices").first()
    if question is None:
        raise Http404
    return question


def questions_context(form: Form) -> dict[str, Any]:
    """Return what `manage/_form_questions.html` shows: the questions and the lock."""
    questions = list(form.questions.select_related("condition_choice__question"))
    return {"questions": questions, "frozen": is_frozen(form)}


def add_question_view(
    request: HttpRequest, form: Form, *, context: dict[str, Any], back: str, log_target: str
) -> HttpResponse:
    """GET without a type: choose one; with `?type=`: the question's form; POST: save."""
    question_type = request.POST.get("type") or request.GET.get("type", "")
    if question_type not in TYPE_FIELDS:
        return render(
            request,
            "manage/form_question_type.html",
            {**context, "types": Question.Type.choices, "back": back},
            status=400 if question_type else 200,
        )
    editor = QuestionForm(
        request.POST if request.method == "POST" else None, form=form, question_type=question_type
    )
    if request.method == "POST" and editor.is_valid():
        try:
            save_question(request.user, form, None, editor.action_data(), log_target=log_target)
        except ValidationError as error:
            apply_errors(editor, error)
        else:
            messages.success(request, _("The question is added."))
            return redirect(back)
    return render(
        request,
        "manage/form_question.html",
        {
            **context,
            "editor": editor,
            "question": None,
            "type_label": Question.Type(question_type).label,
            "question_type": question_type,
            "back": back,
        },
        status=400 if request.method == "POST" else 200,
    )


def edit_question_view(
    request: HttpRequest,
    form: Form,
    question_id: int,
    *,
    context: dict[str, Any],
    back: str,
    log_target: str,
) -> HttpResponse:
    question = get_question(form, question_id)
    editor = QuestionForm(
        request.POST if request.method == "POST" else None,
        form=form,
        question_type=question.type,
        question=question,
    )
    if request.method == "POST" and editor.is_valid():
        try:
            save_question(request.user, form, question, editor.action_data(), log_target=log_target)
        except ValidationError as error:
            apply_errors(editor, error)
        else:
            messages.success(request, _("The question is saved."))
            return redirect(back)
    return render(
        request,
        "manage/form_question.html",
        {
            **context,
            "editor": editor,
            "question": question,
            "type_label": question.get_type_display(),
            "question_type": question.type,
            "frozen": is_frozen(form),
            "back": back,
        },
        status=400 if request.method == "POST" else 200,
    )


def question_action_view(
    request: HttpRequest, form: Form, question_id: int, *, back: str, log_target: str
) -> HttpResponse:
    """POST `action` = up, down or delete."""
    question = get_question(form, question_id)
    action = request.POST.get("action", "")
    try:
        if action in ("up", "down"):
            move_question(request.user, question, action, log_target=log_target)
            messages.success(request, _("The question is moved."))
        elif action == "delete":
            delete_question(request.user, question, log_target=log_target)
            messages.success(request, _("The question is deleted."))
        else:
            messages.error(request, _("Choose what to do with the question."))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    return redirect(back)
