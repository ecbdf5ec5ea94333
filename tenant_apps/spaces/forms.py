"""Forms for the tenant admin. They check what a form can (types, required fields); the
action functions check the rest (dates against siblings, permissions) and their
ValidationErrors are put back on the form with `apply_errors`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from shared_apps.accounts.models import Membership
from shared_apps.vocabularies.models import Area, Category
from tenant_apps.spaces.models import Assembly, AssemblyMember, Phase, Process
from tenant_apps.spaces.registry import Setting, registry

RICH_TEXT_HELP = _(
    "You may use simple HTML: paragraphs, headings (h2–h4), lists, links, bold, italic, "
    "tables and images. Scripts, styles and event attributes are refused."
)


def apply_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show an action's ValidationError on the form (field errors where they belong)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class ProcessForm(forms.ModelForm):
    class Meta:
        model = Process
        fields = [
            "title_sv", "title_en", "slug", "subtitle_sv", "subtitle_en", "summary_sv",
            "summary_en", "description_sv", "description_en", "starts", "ends", "areas",
            "categories", "promoted", "phase_mode", "hero_image", "hero_alt_sv", "hero_alt_en",
        ]  # fmt: skip
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "summary_sv": forms.Textarea(attrs={"rows": 3}),
            "summary_en": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "areas": forms.CheckboxSelectMultiple,
            "categories": forms.CheckboxSelectMultiple,
        }
        help_texts = {"description_sv": RICH_TEXT_HELP, "description_en": RICH_TEXT_HELP}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["areas"]).queryset = Area.objects.all()
        cast(
            forms.ModelMultipleChoiceField, self.fields["categories"]
        ).queryset = Category.objects.all()


class AssemblyForm(forms.ModelForm):
    class Meta:
        model = Assembly
        fields = [
            "title_sv", "title_en", "slug", "purpose_sv", "purpose_en", "description_sv",
            "description_en", "areas", "hero_image", "hero_alt_sv", "hero_alt_en",
        ]  # fmt: skip
        widgets = {
            "purpose_sv": forms.Textarea(attrs={"rows": 3}),
            "purpose_en": forms.Textarea(attrs={"rows": 3}),
            "description_sv": forms.Textarea(attrs={"rows": 8}),
            "description_en": forms.Textarea(attrs={"rows": 8}),
            "areas": forms.CheckboxSelectMultiple,
        }
        help_texts = {"description_sv": RICH_TEXT_HELP, "description_en": RICH_TEXT_HELP}


class MemberForm(forms.ModelForm):
    class Meta:
        model = AssemblyMember
        fields = ["name", "role_sv", "role_en"]


class PhaseForm(forms.ModelForm):
    class Meta:
        model = Phase
        fields = ["title_sv", "title_en", "description_sv", "description_en", "starts", "ends"]
        widgets = {
            "starts": DateInput(),
            "ends": DateInput(),
            "description_sv": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
            self.add_error("ends", _("The phase cannot end before it starts."))
        return data

    def _post_clean(self) -> None:
        # The action validates the whole phase against its siblings under a lock.
        pass


class NewProcessForm(forms.Form):
    """Start a process: from scratch or from a template (this tenant's or the city's)."""

    # Chosen on the previous page (the template list); validated against what exists.
    template = forms.ChoiceField(label=_("Start from"), widget=forms.HiddenInput)
    title_sv = forms.CharField(label=_("Title in Swedish"), max_length=200)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    slug = forms.SlugField(
        label=_("Web address"),
        max_length=80,
        help_text=_("Lowercase letters, digits and hyphens; part of the page's address."),
    )
    starts = forms.DateField(label=_("Start date"), widget=DateInput())

    def __init__(self, *args: Any, templates: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["template"]).choices = [
            ("", _("An empty process")),
            *templates,
        ]
        self.fields["template"].required = False

    def clean_slug(self) -> str:
        slug = self.cleaned_data["slug"]
        if Process.objects.filter(slug=slug).exists():
            raise ValidationError(_("Another process already uses this address."))
        return slug


class SaveTemplateForm(forms.Form):
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=160)
    name_en = forms.CharField(label=_("Name in English"), max_length=160, required=False)
    description_sv = forms.CharField(
        label=_("Description in Swedish"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    description_en = forms.CharField(
        label=_("Description in English"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    city_wide = forms.BooleanField(
        label=_("Share in the city-wide library (every administration can use it)"),
        required=False,
    )


class AddComponentForm(forms.Form):
    type = forms.ChoiceField(label=_("Type"))
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=120)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["type"]).choices = registry.choices()


def setting_field(setting: Setting) -> forms.Field:
    """Return the form field for a declared setting."""
    common: dict[str, Any] = {
        "label": setting.label or setting.name,
        "help_text": setting.help_text,
    }
    if setting.kind == "bool":
        return forms.BooleanField(required=False, **common)
    if setting.kind == "int":
        return forms.IntegerField(min_value=setting.minimum, max_value=setting.maximum, **common)
    if setting.kind == "choice":
        return forms.ChoiceField(choices=setting.choices, **common)
    return forms.CharField(
        required=False,
        max_length=setting.max_length,
        widget=forms.Textarea(attrs={"rows": 2}),
        **common,
    )


class SettingsForm(forms.Form):
    """Fields built from a component type's declarations, prefixed per phase."""

    def __init__(
        self, *args: Any, declared: tuple[Setting, ...], values: dict[str, Any], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        for setting in declared:
            self.fields[setting.name] = setting_field(setting)
            self.initial[setting.name] = values.get(setting.name, setting.default)


class RequirementsForm(forms.Form):
    """The verifications one action of a component requires, with their conditions."""

    verifications = forms.MultipleChoiceField(
        label=_("Verifications required"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Leave all unticked to let every signed-in resident take part."),
    )
    resident = forms.BooleanField(label=_("Only residents of the city"), required=False)
    areas = forms.MultipleChoiceField(
        label=_("Only residents of these areas"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), required=False, min_value=1, max_value=120)

    def __init__(self, *args: Any, rule: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from shared_apps.identity.handlers import HANDLERS
        from shared_apps.vocabularies.models import Area

        handlers = [
            (h.name, h.label)
            for h in HANDLERS.values()
            if h.enabled or h.name in rule.get("verifications", [])
        ]
        cast(forms.MultipleChoiceField, self.fields["verifications"]).choices = handlers
        cast(forms.MultipleChoiceField, self.fields["areas"]).choices = [
            (a.slug, a.name) for a in Area.objects.all()
        ]
        chosen = list(rule.get("verifications") or [])
        options: dict[str, Any] = {}
        for values in (rule.get("options") or {}).values():
            options.update(values)
        self.initial.update(
            verifications=chosen,
            resident=bool(options.get("resident")),
            areas=options.get("areas", []),
            min_age=options.get("min_age"),
        )

    def clean(self) -> dict[str, Any]:
        from shared_apps.identity.handlers import AREAS, HANDLERS, MIN_AGE, RESIDENT

        data = super().clean() or {}
        chosen = data.get("verifications") or []
        wanted = {
            RESIDENT: bool(data.get("resident")),
            AREAS: list(data.get("areas") or []),
            MIN_AGE: data.get("min_age"),
        }
        options: dict[str, dict[str, Any]] = {}
        for option, value in wanted.items():
            if not value:
                continue
            able = [name for name in chosen if option in HANDLERS[name].options]
            if not able:
                self.add_error(
                    None,
                    _("None of the ticked verifications can show this: %(what)s.")
                    % {"what": self.fields[option].label},
                )
            for name in able:
                options.setdefault(name, {})[option] = value
        self.rule = {"verifications": chosen, "options": options} if chosen else {}
        return data


class ComponentNamesForm(forms.Form):
    name_sv = forms.CharField(label=_("Name in Swedish"), max_length=120)
    name_en = forms.CharField(label=_("Name in English"), max_length=120, required=False)


class RoleForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address of the person's account"))
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)
