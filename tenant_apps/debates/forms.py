"""Forms for the staff pages of debates. They check types and required fields; the action
functions check the rest and their errors go back with `apply_errors`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from config.usertext import HELP_TEXT
from tenant_apps.debates.models import Debate


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


class DebateForm(forms.ModelForm):
    class Meta:
        model = Debate
        fields = ["title_sv", "title_en", "background_sv", "background_en", "opens_at", "closes_at"]
        widgets = {
            "background_sv": forms.Textarea(attrs={"rows": 6}),
            "background_en": forms.Textarea(attrs={"rows": 6}),
            "opens_at": DateTimeInput(),
            "closes_at": DateTimeInput(),
        }
        help_texts = {
            "title_sv": _("Ask one question residents can be for or against."),
            "background_sv": HELP_TEXT,
            "background_en": HELP_TEXT,
            "opens_at": _("Empty: open as soon as it is published."),
            "closes_at": _("Empty: open until you close it with a conclusion."),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        opens, closes = cleaned.get("opens_at"), cleaned.get("closes_at")
        if opens is not None and closes is not None and opens >= closes:
            # Next to the field, before the model's constraint would say it less clearly.
            self.add_error("closes_at", _("The debate must close after it opens."))
        return cleaned

    def validate_constraints(self) -> None:
        """Leave the date order to clean() above, which names the field."""


class ConclusionForm(forms.Form):
    # Required and length are checked by the action, with its messages.
    conclusion_sv = forms.CharField(
        label=_("Conclusion in Swedish"),
        required=False,
        help_text=HELP_TEXT,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    conclusion_en = forms.CharField(
        label=_("Conclusion in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
