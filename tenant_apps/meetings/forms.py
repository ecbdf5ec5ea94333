"""Forms for meetings; they read the request, the actions check the rest."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from config.usertext import HELP_TEXT
from tenant_apps.meetings.models import AgendaItem, Meeting
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.models import Assembly

TEXT_HELP = _("You may use *italic*, **bold**, lists and links.")


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M", **kwargs)


DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def _datetime_field(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        widget=DateTimeInput(),
        input_formats=DATETIME_FORMATS,
        help_text=_("Date and time, e.g. 2027-03-14 18:00."),
    )


class _MeetingFormBase(forms.ModelForm):
    starts = _datetime_field(_("Starts"))
    ends = _datetime_field(_("Ends"))
    online_url = forms.URLField(
        label=_("Link to the online meeting"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Shown only to registered participants, shortly before the start."),
    )

    def _post_clean(self) -> None:
        # The action validates the meeting (model clean) and says what is wrong next to
        # each field; ModelForm's own pass would only repeat it.
        pass


class MeetingForm(_MeetingFormBase):
    """Staff's meeting form, both languages."""

    class Meta:
        model = Meeting
        fields = [
            "title_sv", "title_en", "description_sv", "description_en", "kind", "starts",
            "ends", "place", "address", "latitude", "longitude", "accessibility_sv",
            "accessibility_en", "online_url", "organiser", "organiser_assembly",
            "takes_registrations", "capacity", "published",
        ]  # fmt: skip
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 6}),
            "description_en": forms.Textarea(attrs={"rows": 6}),
            "accessibility_sv": forms.Textarea(attrs={"rows": 3}),
            "accessibility_en": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
        }
        help_texts = {
            "description_sv": TEXT_HELP,
            "description_en": TEXT_HELP,
            "accessibility_sv": _("Step-free access, hearing loop, interpretation, ..."),
            "online_url": _("Shown only to registered participants, shortly before the start."),
            "published": _("Published meetings are shown to residents and on the portal."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisers = [
            (value, label)
            for value, label in Meeting.Organiser.choices
            if value != Meeting.Organiser.RESIDENT
            or self.instance.organiser == Meeting.Organiser.RESIDENT
        ]
        cast(forms.ChoiceField, self.fields["organiser"]).choices = organisers
        cast(
            forms.ModelChoiceField, self.fields["organiser_assembly"]
        ).queryset = Assembly.objects.order_by("title_sv")
        cast(forms.ChoiceField, self.fields["kind"]).choices = Meeting.Kind.choices


class ProposeMeetingForm(_MeetingFormBase):
    """A resident proposes a meeting (Swedish fields hold whatever language they write)."""

    class Meta:
        model = Meeting
        fields = [
            "title_sv", "description_sv", "kind", "starts", "ends", "place", "address",
            "accessibility_sv", "online_url",
        ]  # fmt: skip
        labels = {
            "title_sv": _("Title"),
            "description_sv": _("Description"),
            "accessibility_sv": _("Accessibility"),
        }
        widgets = {
            "description_sv": forms.Textarea(attrs={"rows": 6}),
            "accessibility_sv": forms.Textarea(attrs={"rows": 3}),
            "kind": forms.RadioSelect,
        }
        help_texts = {"description_sv": HELP_TEXT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["kind"]).choices = Meeting.Kind.choices


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title_sv", "title_en", "time"]
        widgets = {"time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


AgendaFormSet = forms.modelformset_factory(
    AgendaItem, form=AgendaItemForm, extra=3, can_delete=True, can_order=True
)


class ReportForm(forms.Form):
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 10}),
        help_text=TEXT_HELP,
    )  # fmt: skip
    attendance_count = forms.IntegerField(
        label=_("Attendance"), required=False, min_value=0, max_value=1000000,
        help_text=_("How many took part; checking in by code counts them too."),
    )  # fmt: skip
    closing_report = forms.CharField(
        label=_("Closing report"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=TEXT_HELP,
    )  # fmt: skip
    linked_proposals = forms.ModelMultipleChoiceField(
        label=_("Linked proposals"), required=False, queryset=Proposal.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    close = forms.BooleanField(
        label=_("The meeting is closed"), required=False,
        help_text=_(
            "Registration and cancellation end; the report is shown on the meeting's page."
        ),
    )  # fmt: skip

    def __init__(self, *args: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["linked_proposals"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = proposals


class CheckInForm(forms.Form):
    code = forms.CharField(
        label=_("Entry code"), max_length=20,
        help_text=_("As the participant shows it, e.g. ABCD-EFGH."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )  # fmt: skip
