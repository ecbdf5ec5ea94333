"""The search page's GET form: every value checked, so bad input is a 400, never a 500."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from shared_apps.search.models import SearchDocument
from shared_apps.search.queries import MAX_PAGE

MAX_QUERY_LENGTH = 200


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search for"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    tenant = forms.ChoiceField(label=_("Administration or company"), required=False)
    area = forms.ChoiceField(label=_("Area"), required=False)
    type = forms.ChoiceField(label=_("Type"), required=False)
    page = forms.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput
    )

    def __init__(
        self,
        data: Any,
        *,
        tenants: list[tuple[str, str]],
        areas: list[tuple[str, str]],
    ) -> None:
        super().__init__(data)
        self.fields["tenant"].choices = [("", _("All administrations")), *tenants]  # type: ignore[attr-defined]
        self.fields["area"].choices = [("", _("All areas")), *areas]  # type: ignore[attr-defined]
        self.fields["type"].choices = [("", _("All types")), *SearchDocument.Kind.choices]  # type: ignore[attr-defined]
