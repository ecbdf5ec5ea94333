"""Forms for the staff pages of budgets. They check types and required fields; the action
functions check the rest (the freeze, the rules) and their errors go back with
`apply_errors`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.vocabularies.models import Area, Category
from tenant_apps.budgets.models import Budget, Milestone, Project
from tenant_apps.spaces.forms import RICH_TEXT_HELP, DateInput


def as_data(form: forms.ModelForm, names: list[str]) -> dict[str, Any]:
    """Return the form's cleaned values for the action (foreign keys as `<name>_id`)."""
    data: dict[str, Any] = {}
    for name in names:
        if name.endswith("_id"):
            value = form.cleaned_data.get(name[:-3])
            data[name] = value.pk if value is not None else None
        else:
            data[name] = form.cleaned_data.get(name)
    return data


class BudgetForm(forms.ModelForm):
    class Meta:
        model = Budget
        fields = [
            "title_sv", "title_en", "description_sv", "description_en", "amount", "area",
            "ballot_rule", "min_share", "min_projects", "max_projects", "points",
            "outcome_rule", "completion",
        ]  # fmt: skip
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "ballot_rule": forms.RadioSelect,
            "outcome_rule": forms.RadioSelect,
        }
        help_texts = {
            "description_sv": RICH_TEXT_HELP,
            "description_en": RICH_TEXT_HELP,
            "min_share": _("Projects within the budget: the least share a ballot must spend."),
            "min_projects": _(
                "Approval and “at least a number of projects”: the fewest to choose."
            ),
            "max_projects": _(
                "Approval, ranking and “at least a number”: the most; empty for no limit."
            ),
            "points": _("Distribute points: how many points each voter gives."),
            "completion": _("Used when the Method of Equal Shares leaves money unspent."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = Area.objects.all()


class ProjectForm(forms.ModelForm):
    remove_image = forms.BooleanField(label=_("Remove the image"), required=False)

    class Meta:
        model = Project
        fields = [
            "title_sv", "title_en", "description_sv", "description_en", "cost", "area",
            "category", "image", "image_alt", "address", "latitude", "longitude", "status",
        ]  # fmt: skip
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 5}),
            "description_en": forms.Textarea(attrs={"rows": 5}),
            "image": forms.FileInput(attrs={"accept": "image/*"}),
        }
        help_texts = {"description_sv": RICH_TEXT_HELP, "description_en": RICH_TEXT_HELP}
        labels = {"latitude": _("latitude"), "longitude": _("longitude")}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["area"]).queryset = Area.objects.all()
        cast(forms.ModelChoiceField, self.fields["category"]).queryset = Category.objects.all()

    def clean_image(self) -> Any:
        # The action checks and re-encodes the file; the model field's own check is skipped.
        return self.files.get("image")


PAPER_CHANNELS = [
    ("paper", _("Paper ballot")),
    ("assisted", _("Assisted ballot (entered with the voter)")),
]


class PaperBallotForm(forms.Form):
    channel = forms.ChoiceField(label=_("Kind of ballot"), choices=PAPER_CHANNELS, initial="paper")
    personal_number = forms.CharField(
        label=_("Personal number (optional)"),
        required=False,
        max_length=20,
        help_text=_(
            "With it, a person who already voted (online with a verified identity or on "
            "paper) is caught. It is not stored, only a keyed hash of it."
        ),
    )


class CsvImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One row per ballot with the columns personal_number and projects. Projects are "
            "ids separated by semicolons; with points as id:points; ranked in order of rank."
        ),
    )
    channel = forms.ChoiceField(label=_("Kind of ballot"), choices=PAPER_CHANNELS, initial="paper")


class PublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Why this rule (public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you publish another rule than the one chosen before voting."),
    )


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for changing the winners"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )


class SimulateForm(forms.Form):
    file = forms.FileField(label=_("Election file (.pb, pabulib format)"))


class DeliveryForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (str(value), label)
            for value, label in Project.Status.choices
            if value in ("selected", "in_progress", "done", "cancelled")
        ],
    )
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title_sv", "title_en", "due", "done"]
        widgets = {"due": DateInput()}


class UpdateForm(forms.Form):
    text_sv = forms.CharField(
        label=_("text in Swedish"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    text_en = forms.CharField(
        label=_("text in English"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
    )
