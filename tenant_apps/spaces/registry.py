"""The component registry: the one way a feature (pages, news, proposals, budgets, ...)
plugs into spaces.

A component app registers its type once, in its AppConfig.ready():

    registry.register(ComponentType(
        name="news", label=_("News"),
        settings=[Setting("posts_per_page", "int", 10, minimum=1, maximum=50)],
        phase_settings=[Setting("announcement_sv", "text", "")],
        actions={"comment": "comments_enabled"},
        urls="tenant_apps.news.urls", manage_urls="tenant_apps.news.manage_urls",
    ))

The registry then gives spaces everything they need: the public and admin URLs (mounted
under the component), the settings forms (built from the declarations, so a value of the
wrong type is refused with a message), per-phase behaviour, the actions permissions gate,
and the entries the component contributes to the portal catalog.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

    from tenant_apps.spaces.models import Component

SETTING_KINDS = ("bool", "int", "text", "choice")


@dataclass(frozen=True)
class Setting:
    """One setting: a name, a kind (bool, int, text, choice), a default and its limits."""

    name: str
    kind: str
    default: Any
    label: str | _StrPromise = ""
    help_text: str | _StrPromise = ""
    choices: tuple[tuple[str, str | _StrPromise], ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 1000

    def __post_init__(self) -> None:
        if self.kind not in SETTING_KINDS:
            raise ValueError(f"setting {self.name}: unknown kind {self.kind!r}")
        if self.kind == "choice" and self.default not in {value for value, _ in self.choices}:
            raise ValueError(f"setting {self.name}: default is not one of the choices")

    def clean(self, value: Any) -> Any:
        """Return the value in its proper type, or raise ValidationError saying why."""
        if self.kind == "bool":
            if isinstance(value, bool):
                return value
            if value in ("true", "on", "1", 1):
                return True
            if value in ("false", "off", "0", 0, "", None):
                return False
            raise ValidationError(_("Choose yes or no."), code="bool")
        if self.kind == "int":
            if isinstance(value, bool):
                raise ValidationError(_("Enter a whole number."), code="int")
            try:
                number = int(value)
            except (TypeError, ValueError, OverflowError):
                raise ValidationError(_("Enter a whole number."), code="int") from None
            if isinstance(value, float) and value != number:
                raise ValidationError(_("Enter a whole number."), code="int")
            if self.minimum is not None and number < self.minimum:
                raise ValidationError(
                    _("Enter %(limit)s or more."), code="min", params={"limit": self.minimum}
                )
            if self.maximum is not None and number > self.maximum:
                raise ValidationError(
                    _("Enter %(limit)s or less."), code="max", params={"limit": self.maximum}
                )
            return number
        if self.kind == "choice":
            allowed = [choice for choice, _label in self.choices]
            if value not in allowed:
                raise ValidationError(
                    _("Choose one of: %(choices)s."),
                    code="choice",
                    params={"choices": ", ".join(allowed)},
                )
            return value
        if not isinstance(value, str):
            raise ValidationError(_("Enter text."), code="text")
        if len(value) > self.max_length:
            raise ValidationError(
                _("Use at most %(limit)s characters."),
                code="length",
                params={"limit": self.max_length},
            )
        return value.strip()


def clean_settings(declared: Iterable[Setting], values: Mapping[str, Any]) -> dict[str, Any]:
    """Validate `values` against `declared`: unknown names and wrong types are refused.

    Missing names get their defaults. Raises one ValidationError naming every bad field.
    """
    by_name = {setting.name: setting for setting in declared}
    errors: dict[str, list[ValidationError]] = {}
    for name in values:
        if name not in by_name:
            errors[name] = [ValidationError(_("There is no such setting."), code="unknown")]
    cleaned: dict[str, Any] = {}
    for name, setting in by_name.items():
        if name not in values:
            cleaned[name] = setting.default
            continue
        try:
            cleaned[name] = setting.clean(values[name])
        except ValidationError as error:
            errors[name] = [error]
    if errors:
        raise ValidationError(errors)
    return cleaned


@dataclass(frozen=True)
class CatalogItem:
    """An entry a component adds to the portal catalog (an open vote, a call for ideas)."""

    key: str
    kind: str
    title_sv: str
    title_en: str
    summary_sv: str = ""
    summary_en: str = ""
    url_path: str = ""
    starts: Any = None
    ends: Any = None
    # WGS 84 degrees, where the component knows a place (a meeting's venue); the portal's
    # map shows entries that have them.
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class ComponentType:
    """Everything the platform knows about one kind of component."""

    name: str
    label: str | _StrPromise
    description: str | _StrPromise = ""
    settings: tuple[Setting, ...] = ()
    phase_settings: tuple[Setting, ...] = ()
    # Action name -> the per-phase bool setting that switches it on (or None: always on).
    # Permissions check these; the identity features add verification requirements.
    actions: Mapping[str, str | None] = field(default_factory=dict)
    urls: str = ""  # module with `urlpatterns` for residents, mounted under the component
    manage_urls: str = ""  # module with `urlpatterns` for staff, under /manage/.../c/<id>/
    # Return the catalog entries of a published component in a published space.
    catalog: Callable[[Component], list[CatalogItem]] | None = None
    # Return the city-wide search documents of a published component in a published
    # space: only what residents may see (shared_apps.search.index.Document; see
    # docs/search.md). Single items are re-indexed by the type's actions with
    # tenant_apps.spaces.search.index_item.
    search: Callable[[Component], list[Any]] | None = None
    # Called in the creating transaction, e.g. to create the component's first rows.
    on_create: Callable[[Component], None] | None = None
    # Called in the transaction that makes `phase` the active phase of the component's
    # process (previous: the phase active before, or None), with who did it (None: the
    # dates did), e.g. to tell followers that voting has opened.
    on_phase_activated: Callable[[Component, Any, Any, Any], None] | None = None
    # Return this component's content for a design (template); no participant data.
    export_design: Callable[[Component], dict[str, Any]] | None = None
    import_design: Callable[[Component, dict[str, Any]], None] | None = None

    def settings_with_defaults(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {s.name: values.get(s.name, s.default) for s in self.settings}

    def phase_settings_with_defaults(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return {s.name: values.get(s.name, s.default) for s in self.phase_settings}

    def clean_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return clean_settings(self.settings, values)

    def clean_phase_settings(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return clean_settings(self.phase_settings, values)


class ComponentRegistry:
    """Component types by name; registering a name twice is a programming error."""

    def __init__(self) -> None:
        self._types: dict[str, ComponentType] = {}

    def register(self, component_type: ComponentType) -> ComponentType:
        if component_type.name in self._types:
            raise ValueError(f"component type {component_type.name!r} is already registered")
        bools = {s.name for s in component_type.phase_settings if s.kind == "bool"}
        for action, gate in component_type.actions.items():
            if gate is not None and gate not in bools:
                raise ValueError(f"action {action!r} must be gated by a bool phase setting")
        self._types[component_type.name] = component_type
        return component_type

    def unregister(self, name: str) -> None:
        self._types.pop(name, None)

    def get(self, name: str) -> ComponentType:
        try:
            return self._types[name]
        except KeyError:
            raise LookupError(f"no component type {name!r}") from None

    def __contains__(self, name: object) -> bool:
        return name in self._types

    def all(self) -> list[ComponentType]:
        return sorted(self._types.values(), key=lambda t: t.name)

    def choices(self) -> list[tuple[str, str | _StrPromise]]:
        return [(t.name, t.label) for t in self.all()]


registry = ComponentRegistry()
