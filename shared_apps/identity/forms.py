from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PostalCodeForm(forms.Form):
    postal_code = forms.CharField(
        label=_("Your postal code"),
        max_length=8,
        help_text=_("Five digits, for example 413 01. You state it yourself; nobody checks it."),
        error_messages={"required": _("Write your postal code.")},
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)
