"""Process designs: what a template holds, how to save one and how to start a process
from one, in any tenant.

A design is JSON with no participant data and no ids, so it travels between schemas:

    {"version": 1,
     "process": {"subtitle_sv": ..., "summary_sv": ..., "description_sv": ..., ...},
     "phases": [{"title_sv": "Idéer", "title_en": "Ideas", "description_sv": ...,
                 "offset_days": 0, "duration_days": 30}, ...],
     "components": [{"type": "pages", "name_sv": ..., "name_en": ..., "published": true,
                     "settings": {...}, "phase_settings": {"0": {...}}, "content": {...}}]}

Phase settings are keyed by the phase's index in the design; `content` is whatever the
component type's `export_design` returned (a page's text, for example).
"""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.designs.models import CityTemplate
from tenant_apps.actionlog.actions import log_action
from tenant_apps.spaces.catalog import sync_space
from tenant_apps.spaces.models import Component, Phase, Process, ProcessTemplate
from tenant_apps.spaces.permissions import require
from tenant_apps.spaces.phases import sync_active_phase
from tenant_apps.spaces.registry import registry
from tenants.models import current_tenant

DESIGN_VERSION = 1
PROCESS_TEXT_FIELDS = [
    "subtitle_sv", "subtitle_en", "summary_sv", "summary_en", "description_sv", "description_en",
]  # fmt: skip
PHASE_TEXT_FIELDS = ["title_sv", "title_en", "description_sv", "description_en"]


def design_of(process: Process) -> dict[str, Any]:
    """Return the design of an existing process (texts, phases, components, settings)."""
    phases = list(process.phases.order_by("position", "pk"))
    index_of = {str(phase.pk): index for index, phase in enumerate(phases)}
    components = []
    for component in process.components.order_by("position", "pk"):
        if not component.type_is_registered:
            continue
        component_type = component.component_type
        components.append(
            {
                "type": component.type,
                "name_sv": component.name_sv,
                "name_en": component.name_en,
                "published": component.published,
                "settings": component.settings,
                "phase_settings": {
                    str(index_of[key]): values
                    for key, values in component.phase_settings.items()
                    if key in index_of
                },
                "content": component_type.export_design(component)
                if component_type.export_design
                else {},
            }
        )
    return {
        "version": DESIGN_VERSION,
        "process": {name: getattr(process, name) for name in PROCESS_TEXT_FIELDS}
        | {"duration_days": (process.ends - process.starts).days + 1},
        "phases": [
            {name: getattr(phase, name) for name in PHASE_TEXT_FIELDS}
            | {
                "offset_days": (phase.starts - process.starts).days,
                "duration_days": (phase.ends - phase.starts).days + 1,
            }
            for phase in phases
        ],
        "components": components,
    }


def _days(value: Any) -> int:
    """Return a day count from a design, or -1 when it is not a whole number."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        return -1
    try:
        return int(value)
    except ValueError:
        return -1


def validate_design(design: Any) -> None:
    """Raise ValidationError with a readable message when the design cannot be used here.

    Designs are JSON that people can edit, so every shape is checked before use.
    """
    unreadable = ValidationError(_("The template is not in a format this platform reads."))
    if not isinstance(design, dict) or design.get("version") != DESIGN_VERSION:
        raise unreadable
    phases = design.get("phases", [])
    components = design.get("components", [])
    if not isinstance(phases, list) or not isinstance(components, list):
        raise unreadable
    if not all(isinstance(item, dict) for item in [*phases, *components]):
        raise unreadable
    if not isinstance(design.get("process", {}), dict):
        raise unreadable
    for index, phase in enumerate(phases):
        if not str(phase.get("title_sv", "")).strip():
            raise ValidationError(_("Phase %(n)s of the template has no title.") % {"n": index + 1})
        if _days(phase.get("duration_days")) < 1 or _days(phase.get("offset_days")) < 0:
            raise ValidationError(
                _("Phase %(n)s of the template has impossible dates.") % {"n": index + 1}
            )
    spans = sorted(
        (_days(phase["offset_days"]), _days(phase["duration_days"]), index)
        for index, phase in enumerate(phases)
    )
    for (offset, duration, index), (next_offset, _duration, next_index) in pairwise(spans):
        if next_offset < offset + duration:
            raise ValidationError(
                _("Phases %(a)s and %(b)s of the template overlap.")
                % {"a": index + 1, "b": next_index + 1}
            )
    for item in components:
        if item.get("type") not in registry:
            raise ValidationError(
                _("The template uses a component “%(type)s” that this platform does not have.")
                % {"type": item.get("type")}
            )
        component_type = registry.get(item["type"])
        settings = item.get("settings", {})
        phase_settings = item.get("phase_settings", {})
        if not isinstance(settings, dict) or not isinstance(phase_settings, dict):
            raise unreadable
        try:
            component_type.clean_settings(settings)
            for key, values in phase_settings.items():
                if not str(key).isdigit() or int(key) >= len(phases):
                    raise ValidationError(_("Settings for a phase the template does not have."))
                if not isinstance(values, dict):
                    raise unreadable
                component_type.clean_phase_settings(values)
        except ValidationError as error:
            raise ValidationError(
                _("The template's component “%(name)s” has invalid settings: %(errors)s")
                % {"name": item.get("name_sv"), "errors": "; ".join(error.messages)}
            ) from error
        if not isinstance(item.get("content", {}), dict):
            raise unreadable


def instantiate_design(
    design: dict[str, Any],
    *,
    by: Any,
    slug: str,
    title_sv: str,
    title_en: str,
    starts: date,
    template_name: str = "",
) -> Process:
    """Create an unpublished process from a design, its phases dated from `starts`."""
    from tenant_apps.spaces.actions import create_process

    validate_design(design)
    texts = design.get("process", {})
    phases = design.get("phases", [])
    phase_end = max((int(p["offset_days"]) + int(p["duration_days"]) for p in phases), default=1)
    duration = max(int(texts.get("duration_days", 1)), phase_end)
    with transaction.atomic():
        process = create_process(
            by=by,
            data={
                **{name: texts.get(name, "") for name in PROCESS_TEXT_FIELDS},
                "slug": slug,
                "title_sv": title_sv,
                "title_en": title_en,
                "starts": starts,
                "ends": starts + timedelta(days=duration - 1),
            },
        )
        process.template_name = template_name
        process.save(update_fields=["template_name"])
        created_phases = [
            Phase.objects.create(
                process=process,
                position=index,
                starts=starts + timedelta(days=int(item["offset_days"])),
                ends=starts
                + timedelta(days=int(item["offset_days"]) + int(item["duration_days"]) - 1),
                **{name: item.get(name, "") for name in PHASE_TEXT_FIELDS},
            )
            for index, item in enumerate(phases)
        ]
        for position, item in enumerate(design.get("components", [])):
            component_type = registry.get(item["type"])
            component = Component.objects.create(
                process=process,
                type=item["type"],
                name_sv=item.get("name_sv", "") or str(component_type.label),
                name_en=item.get("name_en", ""),
                position=position,
                published=bool(item.get("published")),
                settings=component_type.clean_settings(item.get("settings", {})),
                phase_settings={
                    str(created_phases[int(key)].pk): component_type.clean_phase_settings(values)
                    for key, values in item.get("phase_settings", {}).items()
                },
            )
            if component_type.on_create:
                component_type.on_create(component)
            if component_type.import_design and item.get("content"):
                component_type.import_design(component, item["content"])
        sync_active_phase(process)
        log_action(by, "process.created_from_template", target=process.slug, template=template_name)
        sync_space(process)
    return process


def save_as_template(
    process: Process,
    *,
    by: Any,
    name_sv: str,
    name_en: str = "",
    description_sv: str = "",
    description_en: str = "",
    city_wide: bool = False,
) -> ProcessTemplate | CityTemplate:
    """Save the process's design as a template in this tenant or the city-wide library."""
    require(by, "spaces.change_process", process)
    if city_wide:
        require(by, "spaces.add_city_template")
    fields = {
        "name_sv": name_sv,
        "name_en": name_en,
        "description_sv": description_sv,
        "description_en": description_en,
        "design": design_of(process),
        "created_by": by,
    }
    with transaction.atomic():
        template: ProcessTemplate | CityTemplate
        if city_wide:
            template = CityTemplate.objects.create(
                source_tenant=current_tenant(),
                **fields,
            )
        else:
            template = ProcessTemplate.objects.create(**fields)
        log_action(
            by,
            "process.saved_as_template",
            target=process.slug,
            template=name_sv,
            city_wide=city_wide,
        )
    return template


def delete_template(template: ProcessTemplate, *, by: Any) -> None:
    """Delete one of this tenant's templates (processes made from it are not affected)."""
    require(by, "spaces.add_process")
    with transaction.atomic():
        log_action(by, "template.deleted", target=template.name_sv)
        template.delete()
