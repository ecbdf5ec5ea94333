"""Residents' forms for e-proposals: the submit form (two steps when similar e-proposals
exist) and the list filters. The action functions stay the last word on every rule;
these forms only catch what can be said before anything is written."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from config.usertext import HELP_TEXT, clean_user_text
from shared_apps.eproposals.models import BODY_MAX_LENGTH, MAX_IMAGES, TITLE_MAX_LENGTH
from shared_apps.vocabularies.models import Area, Category

IMAGE_SLOTS = range(1, MAX_IMAGES + 1)


class EProposalForm(forms.Form):
    """Title, description, area, category, place and up to MAX_IMAGES images, each with
    its description. `confirming` adds the "not the same as these" checkbox (step two)."""

    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        help_text=_("A short headline that says what you propose (5–120 characters)."),
    )
    body = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        max_length=BODY_MAX_LENGTH,
        help_text=HELP_TEXT,
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        queryset=Area.objects.all(),
        required=False,
        empty_label=_("The whole city / not one area"),
        to_field_name="slug",
    )
    category = forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        required=False,
        empty_label=_("Choose a category"),
        to_field_name="slug",
    )
    place_name = forms.CharField(
        label=_("Place (optional)"),
        max_length=200,
        required=False,
        help_text=_("A street, park or building the e-proposal is about."),
    )
    not_duplicate = forms.BooleanField(
        label=_("My e-proposal is not the same as these"), required=False
    )

    def __init__(self, *args: Any, confirming: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.confirming = confirming
        for number in IMAGE_SLOTS:
            self.fields[f"image_{number}"] = forms.FileField(
                label=_("Image %(number)s (optional)") % {"number": number},
                required=False,
                widget=forms.FileInput(attrs={"accept": "image/*"}),
            )
            self.fields[f"alt_{number}"] = forms.CharField(
                label=_("Description of image %(number)s") % {"number": number},
                max_length=200,
                required=False,
                help_text=_("Required with an image: what it shows, for people who cannot see it."),
            )
        if confirming:
            self.fields["not_duplicate"].required = True
        else:
            self.fields["not_duplicate"].widget = forms.HiddenInput()

    def clean_title(self) -> str:
        return clean_user_text(
            self.cleaned_data.get("title", ""),
            max_length=TITLE_MAX_LENGTH,
            min_length=5,
            field=str(_("title")),
        )

    def clean_body(self) -> str:
        return clean_user_text(
            self.cleaned_data.get("body", ""),
            max_length=BODY_MAX_LENGTH,
            min_length=20,
            field=str(_("description")),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Slots beyond MAX_IMAGES do not exist on the page; a crafted request may still
        # send more files, and then nothing is accepted.
        if len(self.files) > MAX_IMAGES:
            raise ValidationError(_("At most %(count)d images.") % {"count": MAX_IMAGES})
        for number in IMAGE_SLOTS:
            if data.get(f"image_{number}") and not (data.get(f"alt_{number}") or "").strip():
                self.add_error(
                    f"alt_{number}",
                    _("Describe the image for people who cannot see it."),
                )
        return data

    def images(self) -> list[tuple[Any, str]]:
        """Return the (upload, description) pairs for actions.submit()."""
        return [
            (self.cleaned_data[f"image_{number}"], self.cleaned_data.get(f"alt_{number}", ""))
            for number in IMAGE_SLOTS
            if self.cleaned_data.get(f"image_{number}")
        ]

    def text_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in ("title", "body", "area", "category", "place_name")]

    def image_slots(self) -> list[tuple[int, forms.BoundField, forms.BoundField]]:
        return [(n, self[f"image_{n}"], self[f"alt_{n}"]) for n in IMAGE_SLOTS]
