"""Turn a Form into a Django form that validates a response, and render it without
JavaScript.

`build_form(form, data, files)` returns a `ResponseForm`. Field names: `q<id>` for a
question, `q<id>_other` for its "Other" text, `q<id>_<choice id>` for the rank of a ranking
item, `q<id>_r<row id>` for a matrix row. Every field is optional to Django; `clean()`
decides, in question order, which questions are shown (their condition holds and the
question they depend on is shown), checks the shown ones (required, limits, ranking,
matrix rows, "Other" text, file content), and drops whatever was sent for hidden ones,
errors included. `response_form.answers` then maps each answered question to an
`AnswerValue` for `save_response`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from tenant_apps.forms.files import ACCEPT, CheckedFile, check_file
from tenant_apps.forms.models import Choice, Form, Question

T = Question.Type
OTHER = "other"


@dataclass
class AnswerValue:
    """A checked answer to one question, ready to store."""

    text: str = ""
    number: Decimal | None = None
    date: Any = None
    choices: list[int] = field(default_factory=list)
    ranks: dict[int, int] = field(default_factory=dict)
    rows: dict[int, int] = field(default_factory=dict)
    file: CheckedFile | None = None


@dataclass
class Item:
    """One question as the template renders it."""

    question: Question
    main: Any = None  # the BoundField of q<id>, if the type has one
    other: Any = None  # the BoundField of the "Other" text
    parts: list[tuple[Choice, Any]] = field(default_factory=list)  # ranking items, matrix rows
    errors: list[str] = field(default_factory=list)
    condition: Choice | None = None
    condition_question: Question | None = None
    # "Answer only if you chose …", shown when the page works without JavaScript.
    note: str = ""

    @property
    def dom_id(self) -> str:
        return f"question-{self.question.pk}"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def load_questions(form: Form) -> list[Question]:
    """Return the form's questions with their choices (two queries)."""
    return list(form.questions.prefetch_related("choices"))


def options(question: Question) -> list[Choice]:
    return [c for c in question.choices.all() if c.role == Choice.Role.OPTION]


def rows(question: Question) -> list[Choice]:
    return [c for c in question.choices.all() if c.role == Choice.Role.ROW]


def rank_count(question: Question) -> int:
    """Return how many ranks a resident gives (the top N, or every item)."""
    items = len(options(question))
    return min(question.max_choices, items) if question.max_choices else items


class ResponseForm(forms.Form):
    """A response to one Form; build it with `build_form`."""

    required_css_class = "required"

    def __init__(
        self,
        form: Form,
        data: Any = None,
        files: Any = None,
        *,
        questions: list[Question] | None = None,
        prefix: str | None = None,
    ) -> None:
        super().__init__(data, files, prefix=prefix)
        self.form_object = form
        self.questions = questions if questions is not None else load_questions(form)
        self.choices_by_id = {c.pk: c for q in self.questions for c in q.choices.all()}
        self.questions_by_id = {q.pk: q for q in self.questions}
        self.answers: dict[int, AnswerValue] = {}
        self.visible: dict[int, bool] = {}
        for question in self.questions:
            self._add_fields(question)

    # --- fields -----------------------------------------------------------------------

    def _add_fields(self, question: Question) -> None:
        name = question.field_name
        label = question.text.text
        describedby = {"aria-describedby": f"{name}-help"} if question.help.text else {}
        if question.type == T.SHORT_TEXT:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=question.max_length,
                widget=forms.TextInput(attrs=describedby),
            )
        elif question.type == T.LONG_TEXT:
            self.fields[name] = forms.CharField(
                label=label,
                required=False,
                max_length=question.max_length,
                widget=forms.Textarea(attrs={"rows": 5, **describedby}),
            )
        elif question.type == T.NUMBER:
            self.fields[name] = forms.DecimalField(
                label=label,
                required=False,
                max_digits=18,
                decimal_places=0 if question.whole_numbers else 4,
                min_value=question.number_min,
                max_value=question.number_max,
                widget=forms.NumberInput(
                    attrs={"step": "1" if question.whole_numbers else "any", **describedby}
                ),
            )
        elif question.type == T.DATE:
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=DateInput(attrs=describedby)
            )
        elif question.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
            choices = [(str(c.pk), c.label.text) for c in options(question)]
            if question.other_enabled:
                choices.append((OTHER, _("Other")))
            if question.type == T.SINGLE_CHOICE:
                self.fields[name] = forms.ChoiceField(
                    label=label, required=False, choices=choices, widget=forms.RadioSelect
                )
            else:
                self.fields[name] = forms.MultipleChoiceField(
                    label=label,
                    required=False,
                    choices=choices,
                    widget=forms.CheckboxSelectMultiple,
                )
            if question.other_enabled:
                self.fields[f"{name}_other"] = forms.CharField(
                    label=_("Other, namely"), required=False, max_length=300
                )
        elif question.type == T.RANKING:
            ranks = [("", "–")] + [(str(n), str(n)) for n in range(1, rank_count(question) + 1)]
            for item in options(question):
                self.fields[f"{name}_{item.pk}"] = forms.ChoiceField(
                    label=item.label.text, required=False, choices=ranks
                )
        elif question.type == T.MATRIX:
            columns = [(str(c.pk), c.label.text) for c in options(question)]
            for row in rows(question):
                self.fields[f"{name}_r{row.pk}"] = forms.ChoiceField(
                    label=row.label.text,
                    required=False,
                    choices=columns,
                    widget=forms.RadioSelect,
                )
        elif question.type == T.FILE:
            accept = ",".join(ACCEPT[kind] for kind in question.file_kinds if kind in ACCEPT)
            self.fields[name] = forms.FileField(
                label=label,
                required=False,
                widget=forms.ClearableFileInput(attrs={"accept": accept, **describedby}),
            )

    def field_names(self, question: Question) -> list[str]:
        """Return every field of the question (to drop them together when it is hidden)."""
        prefix = question.field_name
        return [n for n in self.fields if n == prefix or n.startswith(prefix + "_")]

    def _anchor(self, question: Question) -> str:
        """Return the field a question-level error is attached to."""
        names = self.field_names(question)
        return question.field_name if question.field_name in self.fields else names[0]

    # --- validation -------------------------------------------------------------------

    def _chosen(self, question: Question) -> set[str]:
        value = self.cleaned_data.get(question.field_name)
        if not value:
            return set()
        return {value} if isinstance(value, str) else set(value)

    def is_shown(self, question: Question) -> bool:
        """Return whether the question is shown for the answers given (call in clean)."""
        if question.condition_choice_id is None:
            return True
        condition = self.choices_by_id.get(question.condition_choice_id)
        parent = self.questions_by_id.get(condition.question_id) if condition else None
        if parent is None or not self.visible.get(parent.pk, False):
            return False
        return str(question.condition_choice_id) in self._chosen(parent)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for question in self.questions:
            if question.is_section:
                continue
            shown = self.is_shown(question)
            self.visible[question.pk] = shown
            if not shown:
                # Answers to a hidden question are dropped, with any error they caused.
                for name in self.field_names(question):
                    self.errors.pop(name, None)
                    cleaned.pop(name, None)
                continue
            if any(name in self.errors for name in self.field_names(question)):
                continue
            try:
                value = self._check(question)
            except ValidationError as error:
                for message in error.messages:
                    self.add_error(self._anchor(question), message)
                continue
            if value is not None:
                self.answers[question.pk] = value
        return cleaned

    def _check(self, question: Question) -> AnswerValue | None:
        """Return the question's answer, None when unanswered, or raise ValidationError."""
        name = question.field_name
        data = self.cleaned_data
        missing = ValidationError(_("Answer this question."), code="required")
        if question.type in (T.SHORT_TEXT, T.LONG_TEXT):
            text = (data.get(name) or "").strip()
            if not text:
                if question.required:
                    raise missing
                return None
            return AnswerValue(text=text)
        if question.type == T.NUMBER:
            number = data.get(name)
            if number is None:
                if question.required:
                    raise ValidationError(_("Enter a number."), code="required")
                return None
            return AnswerValue(number=number)
        if question.type == T.DATE:
            day = data.get(name)
            if day is None:
                if question.required:
                    raise ValidationError(_("Enter a date."), code="required")
                return None
            return AnswerValue(date=day)
        if question.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
            return self._check_choices(question)
        if question.type == T.RANKING:
            return self._check_ranking(question)
        if question.type == T.MATRIX:
            return self._check_matrix(question)
        if question.type == T.FILE:
            upload = data.get(name)
            if not upload:
                if question.required:
                    raise ValidationError(_("Choose a file to send."), code="required")
                return None
            return AnswerValue(file=check_file(upload, question.file_kinds, question.file_max_mb))
        return None

    def _check_choices(self, question: Question) -> AnswerValue | None:
        chosen = self._chosen(question)
        other = (self.cleaned_data.get(f"{question.field_name}_other") or "").strip()
        if other and OTHER not in chosen and question.type == T.MULTIPLE_CHOICE:
            # Writing in the box is choosing "Other", for those who forget the tick.
            chosen.add(OTHER)
        if not chosen:
            if question.required:
                raise ValidationError(_("Choose an answer."), code="required")
            return None
        if OTHER in chosen and not other:
            raise ValidationError(_("Write your answer next to “Other”."), code="other")
        if question.type == T.MULTIPLE_CHOICE:
            if question.max_choices is not None and len(chosen) > question.max_choices:
                raise ValidationError(
                    _("Choose at most %(limit)s.") % {"limit": question.max_choices},
                    code="max_choices",
                )
            if question.min_choices is not None and len(chosen) < question.min_choices:
                raise ValidationError(
                    _("Choose at least %(limit)s.") % {"limit": question.min_choices},
                    code="min_choices",
                )
        return AnswerValue(
            choices=sorted(int(value) for value in chosen if value != OTHER),
            text=other if OTHER in chosen else "",
        )

    def _check_ranking(self, question: Question) -> AnswerValue | None:
        given: dict[int, int] = {}
        for item in options(question):
            value = self.cleaned_data.get(f"{question.field_name}_{item.pk}")
            if value:
                given[item.pk] = int(value)
        wanted = rank_count(question)
        if not given:
            if question.required:
                raise ValidationError(
                    _("Rank the items: give each number from 1 to %(count)s once.")
                    % {"count": wanted},
                    code="required",
                )
            return None
        if len(set(given.values())) != len(given):
            raise ValidationError(
                _("Each number may be used only once; two items have the same rank."),
                code="duplicate_rank",
            )
        if sorted(given.values()) != list(range(1, wanted + 1)):
            raise ValidationError(
                _("The ranking is incomplete: give each number from 1 to %(count)s once.")
                % {"count": wanted},
                code="incomplete_ranking",
            )
        return AnswerValue(ranks=given)

    def _check_matrix(self, question: Question) -> AnswerValue | None:
        given: dict[int, int] = {}
        unanswered: list[str] = []
        for row in rows(question):
            value = self.cleaned_data.get(f"{question.field_name}_r{row.pk}")
            if value:
                given[row.pk] = int(value)
            else:
                unanswered.append(row.label.text)
        if not given and not question.required:
            return None
        if question.required and unanswered:
            raise ValidationError(
                _("Answer every row; missing: %(rows)s.") % {"rows": ", ".join(unanswered)},
                code="matrix_rows",
            )
        return AnswerValue(rows=given)

    # --- rendering --------------------------------------------------------------------

    def items(self) -> list[Item]:
        """Return the questions for the template, with their fields and errors."""
        made = []
        for question in self.questions:
            item = Item(question)
            if question.condition_choice_id is not None:
                item.condition = self.choices_by_id.get(question.condition_choice_id)
                if item.condition is not None:
                    item.condition_question = self.questions_by_id.get(item.condition.question_id)
                    item.note = condition_note(item)
            if not question.is_section:
                name = question.field_name
                if name in self.fields:
                    item.main = self[name]
                if f"{name}_other" in self.fields:
                    item.other = self[f"{name}_other"]
                if question.type == T.RANKING:
                    item.parts = [(c, self[f"{name}_{c.pk}"]) for c in options(question)]
                elif question.type == T.MATRIX:
                    item.parts = [(r, self[f"{name}_r{r.pk}"]) for r in rows(question)]
                if self.is_bound:
                    for field_name in self.field_names(question):
                        item.errors.extend(str(e) for e in self.errors.get(field_name, []))
            made.append(item)
        return made


def build_form(
    form: Form,
    data: Any = None,
    files: Any = None,
    *,
    questions: list[Question] | None = None,
    prefix: str | None = None,
) -> ResponseForm:
    """Return the Django form for a response to `form` (bound when data is given)."""
    return ResponseForm(form, data, files, questions=questions, prefix=prefix)


def describe(question: Question, value: AnswerValue, choices: dict[int, Choice]) -> list[str]:
    """Return an answer in words, one line per part (for receipts and "your answer")."""
    if question.type in (T.SINGLE_CHOICE, T.MULTIPLE_CHOICE):
        words = [choices[pk].label.text for pk in value.choices if pk in choices]
        if value.text:
            words.append(f"{_('Other')}: {value.text}")
        return words
    if question.type == T.RANKING:
        ordered = sorted(value.ranks.items(), key=lambda pair: pair[1])
        return [f"{rank}. {choices[pk].label.text}" for pk, rank in ordered if pk in choices]
    if question.type == T.MATRIX:
        return [
            f"{choices[row].label.text}: {choices[column].label.text}"
            for row, column in value.rows.items()
            if row in choices and column in choices
        ]
    if question.type == T.NUMBER and value.number is not None:
        return [f"{value.number.normalize():f}"]
    if question.type == T.DATE and value.date is not None:
        return [value.date.isoformat()]
    if question.type == T.FILE:
        return [value.text or _("A file")]
    return [value.text]


def condition_note(item: Item) -> str:
    """Return "Answer only if you chose “X” in “P”." for a conditional question."""
    if item.condition is None or item.condition_question is None:
        return ""
    return _("Answer only if you chose “%(choice)s” in “%(question)s”.") % {
        "choice": item.condition.label.text,
        "question": item.condition_question.text.text,
    }


def sections(items: Iterable[Item]) -> list[list[Item]]:
    """Split items at section breaks (each section starts with its break, if any)."""
    groups: list[list[Item]] = [[]]
    for item in items:
        if item.question.is_section and groups[-1]:
            groups.append([])
        groups[-1].append(item)
    return [group for group in groups if group]
