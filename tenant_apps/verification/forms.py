from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.models import User
from shared_apps.identity.personal_number import InvalidPersonalNumber, parse_personal_number
from shared_apps.vocabularies.city import area_for_postal_code
from tenant_apps.verification.codes import MAX_BATCH


class RedeemCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Voting code"),
        max_length=40,
        help_text=_("The code on your sheet, for example ABCD-EFGH-JKMN."),
        error_messages={"required": _("Write the code from your sheet.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)


class CodeBatchForm(forms.Form):
    size = forms.IntegerField(
        label=_("Number of codes"), min_value=1, max_value=MAX_BATCH, initial=100
    )
    note = forms.CharField(
        label=_("Note for staff"),
        max_length=200,
        required=False,
        help_text=_("For example where the codes are handed out."),
    )


EVIDENCE_CHOICES = [
    ("id_card", _("National ID card")),
    ("passport", _("Passport")),
    ("driving_licence", _("Driving licence")),
    ("other", _("Other (describe)")),
]


class InPersonForm(forms.Form):
    email = forms.EmailField(
        label=_("The resident's e-mail address"),
        help_text=_("The address of their account on the platform."),
        error_messages={"required": _("Write the address of the resident's account.")},
    )
    personal_number = forms.CharField(
        label=_("Personal identity number"),
        max_length=13,
        help_text=_("From the ID document: YYYYMMDD-NNNN. Only a keyed hash is stored."),
        error_messages={"required": _("Write the personal identity number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    postal_code = forms.CharField(
        label=_("Postal code of the home address"),
        max_length=8,
        required=False,
        help_text=_("Leave empty if the resident does not live in the city."),
    )
    evidence = forms.ChoiceField(label=_("Checked against"), choices=EVIDENCE_CHOICES)
    evidence_other = forms.CharField(label=_("Other document"), max_length=120, required=False)

    def clean_email(self) -> User:
        user = User.objects.filter(email__iexact=self.cleaned_data["email"], is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("No account has that address. The resident creates an account first.")
            )
        return user

    def clean_personal_number(self) -> Any:
        try:
            return parse_personal_number(self.cleaned_data["personal_number"])
        except InvalidPersonalNumber as error:
            raise forms.ValidationError(str(error)) from None

    def clean_postal_code(self) -> Any:
        value = self.cleaned_data["postal_code"].strip()
        if not value:
            return None
        row = area_for_postal_code(value)
        if row is None:
            raise forms.ValidationError(
                _("%(code)s is not a postal code in %(city)s.")
                % {"code": value, "city": settings.CITY_NAME}
            )
        return row

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("evidence") == "other" and not data.get("evidence_other", "").strip():
            self.add_error("evidence_other", _("Describe the document you checked."))
        return data

    def evidence_text(self) -> str:
        """Return what was checked, as stored: the document kind (and the description)."""
        data = self.cleaned_data
        other = " ".join(data.get("evidence_other", "").split())
        return f"other: {other}" if data["evidence"] == "other" else data["evidence"]
