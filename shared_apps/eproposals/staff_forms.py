"""Forms of the staff pages: the city officers' (/ops/e-proposals/) and the responsible
tenant's (/manage/e-proposals/).

The forms only parse input; the rules (a reroute needs a reason, a decision needs text,
only open tenants receive e-proposals) live in the action functions, whose messages the
views show on the form. That way a forged POST meets the same rule as the form does.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from shared_apps.eproposals.handling import NOT_OURS
from shared_apps.eproposals.models import (
    BODY_MAX_LENGTH,
    AnswerDeadline,
    EProposal,
    EProposalSettings,
    RoutingRule,
)
from shared_apps.identity.handlers import HANDLERS
from shared_apps.vocabularies.models import Area, Category
from tenants.models import Tenant

REASON_MAX_LENGTH = 1000


class TenantChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


def _tenant_field(label: Any, *, required: bool, help_text: Any = "") -> TenantChoiceField:
    """Return a select that offers the open tenants but accepts any tenant's id, so that
    the action (not the form) refuses an archived or suspended one with its message."""
    field = TenantChoiceField(
        queryset=Tenant.objects.exclude(schema_name="public").order_by("name_sv"),
        required=required,
        label=label,
        help_text=help_text,
        empty_label=_("Choose…"),
    )
    return field


def _offer_ready_tenants(field: Any) -> None:
    ready = Tenant.objects.ready().order_by("name_sv")
    field.widget.choices = [("", field.empty_label), *((t.pk, t.name) for t in ready)]


class PublishForm(forms.Form):
    prefix = "publish"
    tenant = _tenant_field(
        _("Route to"),
        required=False,
        help_text=_("Optional: you can also choose the responsible body later."),
    )

    def __init__(self, *args: Any, suggestion: Tenant | None = None, **kwargs: Any) -> None:
        if suggestion is not None:
            kwargs.setdefault("initial", {"tenant": suggestion.pk})
        super().__init__(*args, **kwargs)
        _offer_ready_tenants(self.fields["tenant"])


class DeclineForm(forms.Form):
    prefix = "decline"
    rule = forms.ChoiceField(
        label=_("The rule it breaks"),
        choices=EProposal.DeclineRule.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the rule the e-proposal breaks.")},
    )
    text = forms.CharField(
        label=_("Explanation to the proposer"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional. The proposer reads it together with the rule."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)


class RouteForm(forms.Form):
    prefix = "route"
    tenant = _tenant_field(_("Responsible administration or company"), required=True)
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required when the e-proposal is already routed. Shown in its history."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _offer_ready_tenants(self.fields["tenant"])


class HideCommentForm(forms.Form):
    reason = forms.CharField(
        label=_("Rule the comment breaks"),
        required=False,
        max_length=300,
        help_text=_("Shown in place of the comment."),
    )


def verification_choices() -> list[tuple[str, Any]]:
    """Return the verifications that work city-wide (not the ones tied to one process,
    like voting codes)."""
    return [(h.name, h.label) for h in HANDLERS.values() if h.scope != "process"]


class SettingsForm(forms.ModelForm):
    prefix = "settings"
    support_days = forms.IntegerField(
        label=_("Support period in days"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("From publication. Applies to e-proposals published after the change."),
    )
    threshold = forms.IntegerField(
        label=_("Supports needed"),
        validators=[MinValueValidator(1), MaxValueValidator(1_000_000)],
        help_text=_("Applies to e-proposals published after the change."),
    )
    answer_days = forms.IntegerField(
        label=_("Days for the responsible body to answer"),
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("Unless the body has its own number of days below."),
    )
    submit_verifications = forms.MultipleChoiceField(
        label=_("Verification needed to submit"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Any one of the ticked is enough. None ticked: signing in is enough."),
    )
    support_verifications = forms.MultipleChoiceField(
        label=_("Verification needed to support"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Any one of the ticked is enough. None ticked: one support per account, not per person."
        ),
    )

    class Meta:
        model = EProposalSettings
        fields = [
            "support_days",
            "threshold",
            "answer_days",
            "submit_verifications",
            "support_verifications",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = verification_choices()
        for name in ("submit_verifications", "support_verifications"):
            field: Any = self.fields[name]
            field.choices = choices


class RoutingRuleForm(forms.Form):
    prefix = "rule"
    area = forms.ModelChoiceField(
        queryset=Area.objects.all(), required=False, label=_("Area"), empty_label=_("Any area")
    )
    category = forms.ModelChoiceField(
        queryset=Category.objects.all(),
        required=False,
        label=_("Category"),
        empty_label=_("Any category"),
    )
    tenant = _tenant_field(_("Suggest"), required=True)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenants: Any = self.fields["tenant"]
        tenants.queryset = Tenant.objects.ready().order_by("name_sv")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        area, category = data.get("area"), data.get("category")
        if area is None and category is None:
            raise forms.ValidationError(_("Choose an area, a category or both."))
        if RoutingRule.objects.filter(area=area, category=category).exists():
            raise forms.ValidationError(
                _("There is already a rule for this area and category. Delete it first.")
            )
        return data

    def save(self) -> RoutingRule:
        return RoutingRule.objects.create(**self.cleaned_data)


class AnswerDeadlineForm(forms.Form):
    prefix = "deadline"
    tenant = _tenant_field(_("Administration or company"), required=True)
    days = forms.IntegerField(
        label=_("Days to answer"), validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tenants: Any = self.fields["tenant"]
        tenants.queryset = Tenant.objects.ready().order_by("name_sv")

    def save(self) -> AnswerDeadline:
        row, _created = AnswerDeadline.objects.update_or_create(
            tenant=self.cleaned_data["tenant"], defaults={"days": self.cleaned_data["days"]}
        )
        return row


class OfficerForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the account"))


# --- the responsible tenant ------------------------------------------------------------


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            *EProposal.Decision.choices,
            (NOT_OURS, _("Not our responsibility: send back to the city for routing")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the decision.")},
    )
    text = forms.CharField(
        label=_("The decision in words"),
        required=False,
        max_length=BODY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Residents read this on the e-proposal's page. For “not our responsibility”, "
            "say who you think is responsible."
        ),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("Not needed for “not our responsibility”."),
    )
    minutes_url = forms.URLField(
        label=_("Link to the minutes"),
        required=False,
        assume_scheme="https",
        help_text=_("Optional: the published minutes where the decision is recorded."),
    )


class FollowUpForm(forms.Form):
    target = forms.ChoiceField(label=_("Carried on in"))

    def __init__(self, *args: Any, choices: list[tuple[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        target: Any = self.fields["target"]
        target.choices = [("", _("Choose…")), *choices]
