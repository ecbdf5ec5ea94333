"""Staff edit a form's questions: add, change, move, delete; choices and conditions.

Every action locks the form row (one editor at a time per form), keeps positions 0..n,
checks conditions (a question may depend only on an option of an earlier single or
multiple choice question) and writes the action log in its transaction.

Once a form has responses its structure is frozen: texts, help texts and option labels
can still be corrected, but questions, options, types, limits and conditions cannot
change, so every stored answer keeps meaning what the resident meant.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.forms.models import CHOICE_TYPES, Choice, Form, Question

T = Question.Type
TEXT_FIELDS = ("text_sv", "text_en", "help_sv", "help_en")
STRUCTURE_FIELDS = (
    "required", "max_length", "other_enabled", "min_choices", "max_choices", "number_min",
    "number_max", "whole_numbers", "file_kinds", "file_max_mb",
)  # fmt: skip


def _lock(form: Form) -> Form:
    return Form.objects.select_for_update().get(pk=form.pk)


def is_frozen(form: Form) -> bool:
    """Return whether the form has responses (its structure can no longer change)."""
    return form.responses.exists()


def _renumber(form: Form) -> None:
    for position, question in enumerate(form.questions.order_by("position", "pk")):
        if question.position != position:
            Question.objects.filter(pk=question.pk).update(position=position)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _sync_choices(question: Question, role: str, sv: str, en: str, *, frozen: bool) -> None:
    """Make the question's choices of `role` equal the lines given (matched by position)."""
    labels_sv, labels_en = _lines(sv), _lines(en)
    existing = list(question.choices.filter(role=role).order_by("position", "pk"))
    if frozen and len(labels_sv) != len(existing):
        raise ValidationError(
            {"options_sv": _("The form has answers: correct the labels, but keep their number.")}
        )
    for index, label in enumerate(labels_sv):
        label_en = labels_en[index] if index < len(labels_en) else ""
        if index < len(existing):
            choice = existing[index]
            if (choice.label_sv, choice.label_en, choice.position) != (label, label_en, index):
                choice.label_sv, choice.label_en, choice.position = label, label_en, index
                choice.save(update_fields=["label_sv", "label_en", "position"])
        else:
            Choice.objects.create(
                question=question, role=role, position=index, label_sv=label, label_en=label_en
            )
    removed = existing[len(labels_sv) :]
    if removed:
        depending = Question.objects.filter(condition_choice__in=removed).first()
        if depending is not None:
            raise ValidationError(
                _("“%(question)s” is shown only when a removed option is chosen; change it first.")
                % {"question": depending.text_sv}
            )
        Choice.objects.filter(pk__in=[c.pk for c in removed]).delete()


def _check_condition(form: Form, question: Question, condition: Choice | None) -> None:
    if condition is None:
        return
    parent = condition.question
    if parent.form_id != form.pk or not parent.can_be_condition or parent.pk == question.pk:
        raise ValidationError({"condition": _("Choose an option of an earlier choice question.")})
    if question.pk is not None and parent.position >= question.position:
        raise ValidationError({"condition": _("Choose an option of an earlier choice question.")})
    if question.is_section:
        raise ValidationError({"condition": _("A section break cannot have a condition.")})


def _check_limits(question: Question) -> None:
    errors: dict[str, str] = {}
    if question.type in CHOICE_TYPES:
        count = question.choices.filter(role=Choice.Role.OPTION).count()
        if count < (1 if question.type == T.RANKING else 2) and question.type != T.MATRIX:
            errors["options_sv"] = _("Give at least two options, one per line.")
        if question.type == T.MATRIX and (
            count < 2 or not question.choices.filter(role=Choice.Role.ROW).exists()
        ):
            errors["options_sv"] = _("A matrix needs at least two columns and one row.")
        if question.max_choices is not None and question.max_choices < 1:
            errors["max_choices"] = _("Enter 1 or more.")
    if question.type == T.FILE and not question.file_kinds:
        errors["file_kinds"] = _("Choose at least one kind of file.")
    if (
        question.number_min is not None
        and question.number_max is not None
        and question.number_min > question.number_max
    ):
        errors["number_max"] = _("The largest number must not be below the smallest.")
    if (
        question.min_choices is not None
        and question.max_choices is not None
        and question.min_choices > question.max_choices
    ):
        errors["max_choices"] = _("The most choices must not be below the fewest.")
    if errors:
        raise ValidationError(errors)


def save_question(
    actor: Any,
    form: Form,
    question: Question | None,
    data: dict[str, Any],
    *,
    log_target: str = "",
) -> Question:
    """Create (question None) or change a question from the editor's cleaned data:
    the model's fields, `options_sv`/`options_en` and `rows_sv`/`rows_en` (one label per
    line) and `condition` (a Choice or None)."""
    with transaction.atomic():
        form = _lock(form)
        frozen = is_frozen(form)
        if question is None:
            if frozen:
                raise ValidationError(_("The form has answers: questions can no longer be added."))
            question = Question(form=form, type=data["type"], position=form.questions.count())
            verb = "forms.question_added"
        else:
            question = Question.objects.select_for_update().get(pk=question.pk, form=form)
            verb = "forms.question_changed"
        condition = data.get("condition")
        changed = condition != question.condition_choice or any(
            name in data and data[name] != getattr(question, name) for name in STRUCTURE_FIELDS
        )
        if frozen and changed:
            raise ValidationError(
                _("The form has answers: only texts and labels can be corrected.")
            )
        _check_condition(form, question, condition)
        for name in (*TEXT_FIELDS, *STRUCTURE_FIELDS):
            if name in data:
                setattr(question, name, data[name])
        question.condition_choice = condition
        question.save()
        if question.type in CHOICE_TYPES:
            _sync_choices(
                question,
                Choice.Role.OPTION,
                data.get("options_sv", ""),
                data.get("options_en", ""),
                frozen=frozen,
            )
        if question.type == T.MATRIX:
            _sync_choices(
                question,
                Choice.Role.ROW,
                data.get("rows_sv", ""),
                data.get("rows_en", ""),
                frozen=frozen,
            )
        _check_limits(question)
        _renumber(form)
        log_action(actor, verb, target=log_target, form=form.pk, question=question.pk)
    return question


def move_question(actor: Any, question: Question, direction: str, *, log_target: str = "") -> None:
    """Move a question one place up or down, unless that breaks a condition."""
    with transaction.atomic():
        form = _lock(question.form)
        if is_frozen(form):
            raise ValidationError(_("The form has answers: questions can no longer move."))
        ordered = list(form.questions.order_by("position", "pk"))
        index = next(i for i, q in enumerate(ordered) if q.pk == question.pk)
        other = index - 1 if direction == "up" else index + 1
        if not 0 <= other < len(ordered):
            return
        ordered[index], ordered[other] = ordered[other], ordered[index]
        position = {q.pk: i for i, q in enumerate(ordered)}
        parents = dict(Choice.objects.filter(question__form=form).values_list("pk", "question_id"))
        for item in ordered:
            if item.condition_choice_id is not None:
                parent = parents[item.condition_choice_id]
                if position[parent] >= position[item.pk]:
                    raise ValidationError(
                        _("“%(question)s” depends on an earlier question and must stay after it.")
                        % {"question": item.text_sv}
                    )
        for item in ordered:
            Question.objects.filter(pk=item.pk).update(position=position[item.pk])
        log_action(
            actor, "forms.question_moved", target=log_target, form=form.pk, question=question.pk,
            direction=direction,
        )  # fmt: skip


def delete_question(actor: Any, question: Question, *, log_target: str = "") -> None:
    """Delete a question (not when answers exist or another question depends on it)."""
    with transaction.atomic():
        form = _lock(question.form)
        if is_frozen(form):
            raise ValidationError(_("The form has answers: questions can no longer be deleted."))
        depending = Question.objects.filter(condition_choice__question=question).first()
        if depending is not None:
            raise ValidationError(
                _("“%(question)s” depends on this question; change or delete it first.")
                % {"question": depending.text_sv}
            )
        question.delete()
        _renumber(form)
        log_action(
            actor, "forms.question_deleted", target=log_target, form=form.pk, question=question.pk
        )


def copy_form(form: Form) -> Form:
    """Return a new form with the same questions, choices and conditions (no responses)."""
    with transaction.atomic():
        copy = Form.objects.create()
        choice_map: dict[int, Choice] = {}
        pending: list[tuple[Question, int]] = []
        for question in form.questions.order_by("position", "pk").prefetch_related("choices"):
            condition = question.condition_choice_id
            choices = list(question.choices.all())
            question.pk = None
            question.form = copy
            question.condition_choice = None
            question.save()
            for choice in choices:
                old = choice.pk
                choice.pk = None
                choice.question = question
                choice.save()
                choice_map[old] = choice
            if condition is not None:
                pending.append((question, condition))
        for question, condition in pending:
            question.condition_choice = choice_map[condition]
            question.save(update_fields=["condition_choice"])
    return copy
