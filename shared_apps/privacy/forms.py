"""Forms of the privacy pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    confirmation = forms.CharField(
        label=_("Type your e-mail address to confirm"),
        help_text=_("Deleting cannot be undone."),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: object, email: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.email = email

    def clean_confirmation(self) -> str:
        value = self.cleaned_data["confirmation"].strip()
        if value.lower() != self.email.lower():
            raise forms.ValidationError(_("Type your e-mail address exactly to confirm."))
        return value


class TermsForm(forms.Form):
    text_sv = forms.CharField(label=_("Terms in Swedish"), widget=forms.Textarea)
    text_en = forms.CharField(label=_("Terms in English"), widget=forms.Textarea, required=False)
    new_version = forms.BooleanField(
        label=_("This is a new version: everyone must accept it again"),
        required=False,
    )
