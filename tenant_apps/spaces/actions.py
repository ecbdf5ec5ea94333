"""State changes of spaces and components. Each function checks the permission, writes in
one transaction, logs the action (before and after) and keeps the portal catalog current.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.richtext import clean_rich_text
from shared_apps.identity.requirements import clean_permissions
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.spaces.catalog import sync_space
from tenant_apps.spaces.lock_objects import lock_space
from tenant_apps.spaces.models import (
    Assembly,
    AssemblyMember,
    Component,
    Process,
    new_preview_token,
)
from tenant_apps.spaces.ordering import move
from tenant_apps.spaces.permissions import require
from tenant_apps.spaces.phases import sync_active_phase
from tenant_apps.spaces.registry import registry

PROCESS_FIELDS = [
    "slug", "title_sv", "title_en", "subtitle_sv", "subtitle_en", "summary_sv", "summary_en",
    "description_sv", "description_en", "starts", "ends", "promoted", "phase_mode",
    "hero_image", "hero_alt_sv", "hero_alt_en",
]  # fmt: skip
ASSEMBLY_FIELDS = [
    "slug", "title_sv", "title_en", "purpose_sv", "purpose_en", "description_sv",
    "description_en", "hero_image", "hero_alt_sv", "hero_alt_en",
]  # fmt: skip
RICH_TEXT_FIELDS = ("description_sv", "description_en")


def _kind(space: Process | Assembly) -> str:
    """Return "process" or "assembly" (the prefix of the space's action-log verbs)."""
    return space._meta.model_name  # type: ignore[return-value]


def _clean_rich_fields(data: dict[str, Any]) -> dict[str, Any]:
    cleaned = dict(data)
    errors = {}
    for name in RICH_TEXT_FIELDS:
        if name in cleaned:
            try:
                cleaned[name] = clean_rich_text(cleaned[name])
            except ValidationError as error:
                errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return cleaned


def _save_space(space: Process | Assembly, fields: list[str], data: dict[str, Any]) -> None:
    for name, value in _clean_rich_fields(data).items():
        if name not in fields:
            raise ValueError(f"{name} is not an editable field")
        setattr(space, name, value)
    space.full_clean(exclude=["areas", "categories"])
    space.save()


def create_process(
    *, by: Any, data: dict[str, Any], areas: Any = (), categories: Any = ()
) -> Process:
    """Create an unpublished process (its phases and components are added afterwards)."""
    require(by, "spaces.add_process")
    with transaction.atomic():
        process = Process()
        _save_space(process, PROCESS_FIELDS, data)
        process.areas.set(areas)
        process.categories.set(categories)
        log_action(by, "process.created", target=process.slug, after=snapshot(process, list(data)))
    return process


def update_process(
    process: Process, *, by: Any, data: dict[str, Any], areas: Any = None, categories: Any = None
) -> Process:
    """Change a process's texts, dates or settings; phases must stay inside its dates."""
    require(by, "spaces.change_process", process)
    with transaction.atomic():
        process = lock_space(process)
        before = snapshot(process, list(data))
        _save_space(process, PROCESS_FIELDS, data)
        outside = process.phases.exclude(starts__gte=process.starts, ends__lte=process.ends)
        if outside.exists():
            raise ValidationError(
                _("Phase “%(phase)s” would fall outside the process's dates. Change it first.")
                % {"phase": outside[0].title_sv}
            )
        if areas is not None:
            process.areas.set(areas)
        if categories is not None:
            process.categories.set(categories)
        sync_active_phase(process)
        log_action(
            by,
            "process.updated",
            target=process.slug,
            changes=changes(before, snapshot(process, list(data))),
        )
        sync_space(process)
    return process


def create_assembly(*, by: Any, data: dict[str, Any], areas: Any = ()) -> Assembly:
    require(by, "spaces.change_assembly")
    with transaction.atomic():
        assembly = Assembly()
        _save_space(assembly, ASSEMBLY_FIELDS, data)
        assembly.areas.set(areas)
        log_action(
            by, "assembly.created", target=assembly.slug, after=snapshot(assembly, list(data))
        )
    return assembly


def update_assembly(
    assembly: Assembly, *, by: Any, data: dict[str, Any], areas: Any = None
) -> Assembly:
    require(by, "spaces.change_assembly", assembly)
    with transaction.atomic():
        assembly = lock_space(assembly)
        before = snapshot(assembly, list(data))
        _save_space(assembly, ASSEMBLY_FIELDS, data)
        if areas is not None:
            assembly.areas.set(areas)
        log_action(
            by,
            "assembly.updated",
            target=assembly.slug,
            changes=changes(before, snapshot(assembly, list(data))),
        )
        sync_space(assembly)
    return assembly


def set_space_published(space: Process | Assembly, published: bool, *, by: Any) -> None:
    """Publish or unpublish a space; the portal catalog follows in the same transaction."""
    require(by, space.change_rule, space)
    with transaction.atomic():
        space = lock_space(space)
        if space.published == published:
            return
        if published and isinstance(space, Process) and not space.phases.exists():
            raise ValidationError(_("Add at least one phase before publishing the process."))
        space.published = published
        space.published_at = timezone.now() if published else space.published_at
        space.save(update_fields=["published", "published_at", "modified"])
        verb = "published" if published else "unpublished"
        log_action(by, f"{_kind(space)}.{verb}", target=space.slug)
        sync_space(space)


def rotate_preview_link(space: Process | Assembly, *, by: Any) -> str:
    """Give the space a new private preview link; the old one stops working."""
    require(by, space.change_rule, space)
    with transaction.atomic():
        space = lock_space(space)
        space.preview_token = new_preview_token()
        space.save(update_fields=["preview_token", "modified"])
        log_action(by, f"{_kind(space)}.preview_link_rotated", target=space.slug)
    return space.preview_token


def save_assembly_member(
    assembly: Assembly, *, by: Any, data: dict[str, Any], member: AssemblyMember | None = None
) -> AssemblyMember:
    require(by, "spaces.change_assembly", assembly)
    with transaction.atomic():
        member = member or AssemblyMember(assembly=assembly, position=assembly.members.count())
        before = snapshot(member, list(data)) if member.pk else {}
        for name, value in data.items():
            setattr(member, name, value)
        member.full_clean()
        member.save()
        log_action(
            by,
            "assembly.member_saved",
            target=assembly.slug,
            member=member.name,
            changes=changes(before, snapshot(member, list(data))),
        )
    return member


def remove_assembly_member(member: AssemblyMember, *, by: Any) -> None:
    require(by, "spaces.change_assembly", member.assembly)
    with transaction.atomic():
        log_action(by, "assembly.member_removed", target=member.assembly.slug, member=member.name)
        member.delete()


# --- components --------------------------------------------------------------------


def add_component(
    space: Process | Assembly,
    *,
    by: Any,
    type: str,
    name_sv: str,
    name_en: str = "",
    settings: dict[str, Any] | None = None,
) -> Component:
    """Add a hidden component of a registered type at the end of the space's list."""
    require(by, space.change_rule, space)
    if type not in registry:
        raise ValidationError(
            {"type": _("There is no component type “%(type)s”.") % {"type": type}}
        )
    component_type = registry.get(type)
    with transaction.atomic():
        component = Component(
            type=type,
            name_sv=name_sv,
            name_en=name_en,
            settings=component_type.clean_settings(settings or {}),
            position=space.components.count(),
            **{_kind(space): space},
        )
        component.full_clean()
        component.save()
        if component_type.on_create:
            component_type.on_create(component)
        log_action(by, "component.added", target=space.slug, component=component.pk, type=type)
    return component


def update_component(
    component: Component,
    *,
    by: Any,
    name_sv: str | None = None,
    name_en: str | None = None,
    settings: dict[str, Any] | None = None,
    phase_settings: dict[str, dict[str, Any]] | None = None,
    permissions: dict[str, Any] | None = None,
) -> Component:
    """Change names, settings and the verifications each action requires; every value is
    checked against the registered type and the verification handlers.

    `phase_settings` maps phase ids to that phase's values; phases not named keep theirs.
    """
    space = component.space
    require(by, space.change_rule, space)
    component_type = component.component_type
    with transaction.atomic():
        space = lock_space(space)
        component = Component.objects.select_for_update().get(pk=component.pk)
        logged = ["name_sv", "name_en", "settings", "phase_settings", "permissions"]
        before = snapshot(component, logged)
        if name_sv is not None:
            component.name_sv = name_sv
        if name_en is not None:
            component.name_en = name_en
        if settings is not None:
            component.settings = component_type.clean_settings(settings)
        if phase_settings:
            own_phases = (
                {str(pk) for pk in space.phases.values_list("pk", flat=True)}
                if isinstance(space, Process)
                else set()
            )
            merged = dict(component.phase_settings)
            for phase_id, values in phase_settings.items():
                if str(phase_id) not in own_phases:
                    raise ValidationError(_("That phase is not part of this process."))
                merged[str(phase_id)] = component_type.clean_phase_settings(values)
            component.phase_settings = merged
        if permissions is not None:
            component.permissions = clean_permissions(component_type.actions, permissions)
        component.full_clean()
        component.save()
        log_action(
            by,
            "component.updated",
            target=space.slug,
            component=component.pk,
            changes=changes(before, snapshot(component, logged)),
        )
        sync_space(space)
    return component


def set_component_published(component: Component, published: bool, *, by: Any) -> None:
    space = component.space
    require(by, space.change_rule, space)
    with transaction.atomic():
        space = lock_space(space)
        component.published = published
        component.save(update_fields=["published", "modified"])
        log_action(
            by,
            "component.published" if published else "component.hidden",
            target=space.slug,
            component=component.pk,
        )
        sync_space(space)


def move_component(component: Component, offset: int, *, by: Any) -> None:
    """Move a component up (-1) or down (+1) in its space's order."""
    space = component.space
    require(by, space.change_rule, space)
    with transaction.atomic():
        space = lock_space(space)
        target = move(space.components.order_by("position", "pk"), component.pk, offset)
        if target is not None:
            log_action(
                by, "component.moved", target=space.slug, component=component.pk, position=target
            )


def delete_component(component: Component, *, by: Any) -> None:
    """Delete a component that is not published (hide it first: nothing vanishes by a click)."""
    space = component.space
    require(by, space.change_rule, space)
    with transaction.atomic():
        space = lock_space(space)
        component = space.components.get(pk=component.pk)
        if component.published:
            raise ValidationError(_("Hide the component before deleting it."))
        log_action(
            by, "component.deleted", target=space.slug, component=component.pk, type=component.type
        )
        component.delete()
        sync_space(space)
