"""Forms of the report page and the moderators' pages."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.usertext import clean_user_text
from tenant_apps.moderation.actions import DETAILS_MAX_LENGTH, REASON_MAX_LENGTH
from tenant_apps.moderation.models import ModerationSettings, Report


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you reporting this?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(
        label=_("Anything the moderators should know (optional)"),
        help_text=_("Only the moderators see this. At most 1000 characters."),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": DETAILS_MAX_LENGTH}),
    )

    def clean_details(self) -> str:
        return clean_user_text(
            self.cleaned_data.get("details") or "", max_length=DETAILS_MAX_LENGTH, min_length=0
        )


class ReasonForm(forms.Form):
    """The reason a moderator gives for hiding content or blocking an account."""

    reason = forms.CharField(label=_("Reason"), max_length=REASON_MAX_LENGTH)

    def clean_reason(self) -> str:
        value = self.cleaned_data.get("reason", "")
        try:
            return clean_user_text(value, max_length=REASON_MAX_LENGTH)
        except ValidationError as error:
            raise ValidationError(error.messages) from error


class SettingsForm(forms.ModelForm):
    class Meta:
        model = ModerationSettings
        fields = ["hide_after_reports"]
        widgets = {"hide_after_reports": forms.NumberInput(attrs={"min": 1, "max": 50})}
