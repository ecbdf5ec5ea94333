from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.notifications.models import NotificationSettings


class EmailChoiceForm(forms.Form):
    email = forms.ChoiceField(
        label=_("E-mail me about new entries in my inbox"),
        choices=NotificationSettings.Email.choices,
        widget=forms.RadioSelect,
        help_text=_("A digest is one e-mail covering every administration and company."),
    )
