"""Account forms: the extra sign-up details, the profile, and allauth's 2FA code forms."""

from __future__ import annotations

from typing import Any

from allauth.core import context as allauth_context
from allauth.mfa.base.forms import AuthenticateForm as MFAAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as MFAReauthenticateForm
from django import forms
from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.models import User


def clean_display_name(value: str) -> str:
    """Return the display name with runs of white space folded; refuse a blank one."""
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(_("Write the name others will see."))
    return name


class SignupDetailsForm(forms.Form):
    """Fields allauth's sign-up form adds to e-mail and password (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        error_messages={"required": _("Write the name others will see.")},
        help_text=_("Shown next to what you write. It does not have to be your full name."),
        widget=forms.TextInput(attrs={"autocomplete": "nickname"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = (get_language() or "sv")[:2]

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])

    def signup(self, request: HttpRequest, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.preferred_language = self.cleaned_data.get("preferred_language") or "sv"
        user.save(update_fields=["display_name", "preferred_language", "modified"])


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "preferred_language"]
        error_messages = {"display_name": {"required": _("Write the name others will see.")}}

    def clean_display_name(self) -> str:
        return clean_display_name(self.cleaned_data["display_name"])


def _log_if_locked(error: forms.ValidationError, user: Any, request: HttpRequest | None) -> None:
    if error.code == "too_many_login_attempts":
        from shared_apps.accounts.audit import log_locked_out

        log_locked_out(user, request)


class TwoFactorAuthenticateForm(MFAAuthenticateForm):
    """allauth's sign-in code form; also logs attempts refused by the lock-out."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            _log_if_locked(error, self.user, allauth_context.request)
            raise


class TwoFactorReauthenticateForm(MFAReauthenticateForm):
    """allauth's re-authentication code form; also logs attempts refused by the lock-out."""

    def clean_code(self) -> str:
        try:
            return super().clean_code()
        except forms.ValidationError as error:
            _log_if_locked(error, self.user, allauth_context.request)
            raise
