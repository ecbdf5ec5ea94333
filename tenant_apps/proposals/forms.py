"""Forms for proposals; the actions do the real checking, these read the request."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.usertext import HELP_TEXT
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.proposals.attachments import MAX_BYTES, MAX_FILES


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Accept several files in one input; each is checked by content in the action."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/*,.pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data if item]
        return [super().clean(data, initial)] if data else []


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=150, help_text=_("5–150 characters."))
    body = forms.CharField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 10}), help_text=HELP_TEXT
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.all(), required=False, empty_label=_("Whole city")
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("No category"),
    )
    address = forms.CharField(
        label=_("Address or place"),
        max_length=200,
        required=False,
        help_text=_("For example a street, a park or a square."),
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-90,
        max_value=90,
        help_text=_("Optional, for the map, e.g. 57.70887."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        help_text=_("Optional, e.g. 11.97456."),
    )
    attachments = MultipleFileField(
        label=_("Images or PDF documents"),
        required=False,
        help_text=_("At most %(count)s files of %(size)s MB each.")
        % {"count": MAX_FILES, "size": MAX_BYTES // 2**20},
    )

    def __init__(self, *args: Any, settings: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The action refuses too long texts with a message; the browser limit is a hint.
        body = self.fields["body"]
        assert isinstance(body, forms.CharField)
        body.max_length = settings["body_max_length"]
        self.fields["body"].widget.attrs["maxlength"] = settings["body_max_length"]
        if not settings["place_enabled"]:
            for name in ("address", "latitude", "longitude"):
                del self.fields[name]
        if not settings["attachments_enabled"]:
            del self.fields["attachments"]


class AnswerForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), required=False)
    answer_sv = forms.CharField(
        label=_("Answer in Swedish"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=HELP_TEXT,
    )
    answer_en = forms.CharField(
        label=_("Answer in English"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )
    answer_cost = forms.IntegerField(label=_("Estimated cost (SEK)"), required=False, min_value=0)

    def __init__(self, *args: Any, states: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state = self.fields["state"]
        assert isinstance(state, forms.ChoiceField)
        state.choices = states


class CustomStateForm(forms.Form):
    slug = forms.SlugField(
        label=_("Short name"),
        max_length=40,
        help_text=_("Letters, digits and hyphens, e.g. in-budget."),
    )
    label_sv = forms.CharField(label=_("Name in Swedish"), max_length=60)
    label_en = forms.CharField(label=_("Name in English"), max_length=60, required=False)


class EvaluatorForm(forms.Form):
    email = forms.EmailField(label=_("Staff member's e-mail address"))
