"""The staff form for one question; it shows only the settings its type uses."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tenant_apps.forms.models import CHOICE_TYPES, Choice, Form, Question

T = Question.Type

# The settings each type uses, besides texts and "required".
TYPE_FIELDS: dict[str, tuple[str, ...]] = {
    T.SHORT_TEXT: ("required", "max_length"),
    T.LONG_TEXT: ("required", "max_length"),
    T.SINGLE_CHOICE: ("required", "options_sv", "options_en", "other_enabled"),
    T.MULTIPLE_CHOICE: (
        "required", "options_sv", "options_en", "other_enabled", "min_choices", "max_choices",
    ),
    T.RANKING: ("required", "options_sv", "options_en", "max_choices"),
    T.MATRIX: ("required", "rows_sv", "rows_en", "options_sv", "options_en"),
    T.NUMBER: ("required", "number_min", "number_max", "whole_numbers"),
    T.DATE: ("required",),
    T.FILE: ("required", "file_kinds", "file_max_mb"),
    T.SECTION: (),
}  # fmt: skip
ALWAYS = ("text_sv", "text_en", "help_sv", "help_en", "condition")
ONE_PER_LINE = _("One per line.")


def condition_choices(form: Form, before: Question | None) -> list[tuple[str, str]]:
    """Return the options a question may depend on: those of earlier choice questions."""
    questions = form.questions.filter(
        type__in=[T.SINGLE_CHOICE, T.MULTIPLE_CHOICE]
    ).prefetch_related("choices")
    if before is not None:
        questions = questions.filter(position__lt=before.position)
    made: list[tuple[str, str]] = [("", str(_("Always show this question")))]
    for question in questions:
        for choice in question.choices.all():
            if choice.role == Choice.Role.OPTION:
                made.append((str(choice.pk), f"{question.text_sv} → {choice.label_sv}"))
    return made


class QuestionForm(forms.Form):
    text_sv = forms.CharField(label=_("Question in Swedish"), max_length=500)
    text_en = forms.CharField(label=_("Question in English"), max_length=500, required=False)
    help_sv = forms.CharField(
        label=_("Help text in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    help_en = forms.CharField(
        label=_("Help text in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    max_length = forms.IntegerField(
        label=_("Longest answer (characters)"), min_value=1, max_value=10000, initial=1000
    )
    rows_sv = forms.CharField(
        label=_("Rows in Swedish"),
        required=False,
        help_text=ONE_PER_LINE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    rows_en = forms.CharField(
        label=_("Rows in English"),
        required=False,
        help_text=ONE_PER_LINE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    options_sv = forms.CharField(
        label=_("Options in Swedish"),
        help_text=ONE_PER_LINE,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    options_en = forms.CharField(
        label=_("Options in English"),
        required=False,
        help_text=_("One per line, in the same order as the Swedish."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    other_enabled = forms.BooleanField(label=_("Offer “Other” with a text box"), required=False)
    min_choices = forms.IntegerField(
        label=_("Fewest choices"), required=False, min_value=1, max_value=100
    )
    max_choices = forms.IntegerField(
        label=_("Most choices"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Ranking: how many items to rank; empty means all."),
    )
    number_min = forms.DecimalField(
        label=_("Smallest number"), required=False, max_digits=18, decimal_places=4
    )
    number_max = forms.DecimalField(
        label=_("Largest number"), required=False, max_digits=18, decimal_places=4
    )
    whole_numbers = forms.BooleanField(label=_("Whole numbers only"), required=False)
    file_kinds = forms.MultipleChoiceField(
        label=_("Accepted files"),
        choices=Question.FileKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    file_max_mb = forms.IntegerField(
        label=_("Largest file (MB)"), min_value=1, max_value=20, initial=5
    )
    condition = forms.ChoiceField(
        label=_("Show only when"),
        required=False,
        help_text=_("A hidden question is not required, and answers to it are not kept."),
    )

    def __init__(
        self,
        *args: Any,
        form: Form,
        question_type: str,
        question: Question | None = None,
        **kwargs: Any,
    ) -> None:
        if question is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(question)
        super().__init__(*args, **kwargs)
        self.question_type = question_type
        kept = set(ALWAYS) | set(TYPE_FIELDS[question_type])
        if question_type == T.SECTION:
            kept -= {"condition"}
            self.fields["text_sv"].label = _("Heading in Swedish")
            self.fields["text_en"].label = _("Heading in English")
        if question_type == T.MATRIX:
            self.fields["options_sv"].label = _("Columns in Swedish")
            self.fields["options_en"].label = _("Columns in English")
        for name in list(self.fields):
            if name not in kept:
                del self.fields[name]
        condition = self.fields.get("condition")
        if isinstance(condition, forms.ChoiceField):
            condition.choices = condition_choices(form, question)

    def clean_condition(self) -> Choice | None:
        value = self.cleaned_data.get("condition")
        if not value:
            return None
        return Choice.objects.select_related("question").filter(pk=int(value)).first()

    def action_data(self) -> dict[str, Any]:
        """Return the cleaned data for editor.save_question."""
        data = dict(self.cleaned_data)
        data["type"] = self.question_type
        if "file_kinds" in data:
            data["file_kinds"] = sorted(data["file_kinds"])
        return data


def initial_for(question: Question) -> dict[str, Any]:
    choices = list(question.choices.all())
    options = [c for c in choices if c.role == Choice.Role.OPTION]
    rows = [c for c in choices if c.role == Choice.Role.ROW]
    initial: dict[str, Any] = {
        name: getattr(question, name)
        for name in (
            "text_sv", "text_en", "help_sv", "help_en", "required", "max_length",
            "other_enabled", "min_choices", "max_choices", "number_min", "number_max",
            "whole_numbers", "file_kinds", "file_max_mb",
        )
    }  # fmt: skip
    initial["condition"] = str(question.condition_choice_id or "")
    if question.type in CHOICE_TYPES:
        initial["options_sv"] = "\n".join(c.label_sv for c in options)
        initial["options_en"] = "\n".join(c.label_en for c in options)
        initial["rows_sv"] = "\n".join(c.label_sv for c in rows)
        initial["rows_en"] = "\n".join(c.label_en for c in rows)
    return initial
