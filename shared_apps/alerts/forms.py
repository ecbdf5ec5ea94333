from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.vocabularies.models import Area, Category
from tenants.models import Tenant


class TenantChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def alert_tenants() -> Any:
    """Administrations and companies a resident can get alerts from: the ready ones."""
    return Tenant.objects.ready()


class AlertsForm(forms.Form):
    """Plain checkboxes; slugs, not ids, in the submitted values."""

    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Something opens in one of these parts of the city."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Category.objects.all(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Something opens about one of these topics."),
    )
    tenants = TenantChoiceField(
        label=_("Administrations and companies"),
        queryset=alert_tenants(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Anything opens at one of these."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Evaluated per form, so a tenant made ready since start-up is listed.
        self.fields["tenants"].queryset = alert_tenants()  # type: ignore[attr-defined]
