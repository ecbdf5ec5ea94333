"""Phases: add, date, reorder, delete and activate them; exactly one is active.

A process in "dates" mode activates the phase its dates point to (checked whenever phases
or dates change, and daily by `advance_phases`); in "manual" mode an admin chooses. The
rules: each phase ends on or after its start, phases do not overlap, and they lie within
the process's dates. Every change locks the process row, so two admins editing phases at
once are applied one after the other and cannot leave two phases active.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from shared_apps.notifications.actions import notify
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.spaces.catalog import space_key, sync_space
from tenant_apps.spaces.lock_objects import lock_space
from tenant_apps.spaces.models import Phase, Process
from tenant_apps.spaces.ordering import move, renumber
from tenant_apps.spaces.permissions import require

PHASE_FIELDS = ["title_sv", "title_en", "description_sv", "description_en", "starts", "ends"]


def validate_phase_dates(process: Process, phase: Phase) -> None:
    """Raise ValidationError when the phase's dates are inverted, overlap a sibling or
    leave the process's dates."""
    if phase.ends < phase.starts:
        raise ValidationError({"ends": _("The phase cannot end before it starts.")})
    if phase.starts < process.starts or phase.ends > process.ends:
        raise ValidationError(
            _("The phase must lie within the process's dates, %(starts)s – %(ends)s.")
            % {"starts": date_format(process.starts), "ends": date_format(process.ends)}
        )
    siblings = process.phases.exclude(pk=phase.pk).filter(
        starts__lte=phase.ends, ends__gte=phase.starts
    )
    clash = siblings.first()
    if clash is not None:
        raise ValidationError(
            _("The dates overlap the phase “%(phase)s” (%(starts)s – %(ends)s).")
            % {
                "phase": clash.title.text,
                "starts": date_format(clash.starts),
                "ends": date_format(clash.ends),
            }
        )


def phase_for_date(phases: list[Phase], today: date) -> Phase | None:
    """Return the phase the dates make active: the latest one that has started, or the
    first one when none has (so a process always shows where it stands)."""
    by_date = sorted(phases, key=lambda p: (p.starts, p.position))
    started = [phase for phase in by_date if phase.starts <= today]
    if started:
        return started[-1]
    return by_date[0] if by_date else None


def _set_active(
    process: Process, phase: Phase | None, current: Phase | None, *, by: Any = None
) -> bool:
    """Make `phase` the only active phase instead of `current`; return whether anything
    changed. Followers of a published process hear of the new phase (not `by`)."""
    if phase is None or (current is not None and current.pk == phase.pk):
        return False
    # Clear first: the partial unique index allows one active phase per process.
    process.phases.filter(is_active=True).update(is_active=False)
    Phase.objects.filter(pk=phase.pk).update(is_active=True)
    if process.published:
        notify(
            "phase_changed",
            keys=[space_key(process)],
            title_sv=process.title_sv,
            title_en=process.title_en,
            text_sv=phase.title_sv,
            text_en=phase.title_en,
            path=process.get_absolute_url(),
            actor=by,
        )
    for component in process.components.all():
        hook = component.component_type.on_phase_activated if component.type_is_registered else None
        if hook is not None:
            hook(component, phase, current, by)
    return True


def sync_active_phase(
    process: Process, today: date | None = None, *, by: Any = None
) -> Phase | None:
    """Fix the active phase after a change: by dates in "dates" mode; in "manual" mode
    keep the admin's choice, or take the first phase when none is active."""
    phases = list(process.phases.all())
    if not phases:
        return None
    current = next((phase for phase in phases if phase.is_active), None)
    if process.phase_mode == Process.PhaseMode.DATES:
        target = phase_for_date(phases, today or timezone.localdate())
    else:
        target = current or phases[0]
    changed = _set_active(process, target, current, by=by)
    return target if changed else None


def save_phase(
    process: Process, *, by: Any, data: dict[str, Any], phase: Phase | None = None
) -> Phase:
    """Add a phase (at the end) or change one; dates are checked against its siblings."""
    require(by, "spaces.change_process", process)
    with transaction.atomic():
        process = lock_space(process)
        if phase is None:
            phase = Phase(process=process, position=process.phases.count())
            before: dict[str, Any] = {}
        else:
            phase = process.phases.get(pk=phase.pk)
            before = snapshot(phase, PHASE_FIELDS)
        for name, value in data.items():
            if name not in PHASE_FIELDS:
                raise ValueError(f"{name} is not an editable phase field")
            setattr(phase, name, value)
        phase.full_clean(exclude=["process"])
        validate_phase_dates(process, phase)
        phase.save()
        sync_active_phase(process, by=by)
        log_action(
            by,
            "phase.saved",
            target=process.slug,
            phase=phase.pk,
            changes=changes(before, snapshot(phase, PHASE_FIELDS)),
        )
        sync_space(process)
    return phase


def delete_phase(phase: Phase, *, by: Any) -> None:
    process = phase.process
    require(by, "spaces.change_process", process)
    with transaction.atomic():
        process = lock_space(process)
        if process.published and process.phases.count() == 1:
            raise ValidationError(_("A published process needs at least one phase."))
        log_action(by, "phase.deleted", target=process.slug, title=phase.title_sv)
        phase.delete()
        renumber(process.phases.order_by("position", "pk"))
        sync_active_phase(process, by=by)
        sync_space(process)


def move_phase(phase: Phase, offset: int, *, by: Any) -> None:
    """Move a phase up (-1) or down (+1) in the timeline's order."""
    process = phase.process
    require(by, "spaces.change_process", process)
    with transaction.atomic():
        process = lock_space(process)
        target = move(process.phases.order_by("position", "pk"), phase.pk, offset)
        if target is not None:
            log_action(by, "phase.moved", target=process.slug, phase=phase.pk, position=target)


def activate_phase(phase: Phase, *, by: Any) -> None:
    """Make this phase active by hand; the process switches to manual phase control."""
    process = phase.process
    require(by, "spaces.change_process", process)
    with transaction.atomic():
        process = lock_space(process)
        previous = process.phases.filter(is_active=True).first()
        if process.phase_mode != Process.PhaseMode.MANUAL:
            process.phase_mode = Process.PhaseMode.MANUAL
            process.save(update_fields=["phase_mode", "modified"])
        _set_active(process, process.phases.get(pk=phase.pk), previous, by=by)
        log_action(
            by,
            "phase.activated",
            target=process.slug,
            changes={"active_phase": [previous.title_sv if previous else None, phase.title_sv]},
        )
        sync_space(process)


def advance_phases(today: date | None = None) -> list[str]:
    """Move date-driven processes of the current tenant to the phase their dates say;
    return the slugs that changed. Idempotent: a second run changes nothing."""
    changed = []
    for process in Process.objects.filter(phase_mode=Process.PhaseMode.DATES):
        with transaction.atomic():
            locked = lock_space(process)
            phase = sync_active_phase(locked, today)
            if phase is not None:
                log_action(
                    None, "phase.activated_by_date", target=locked.slug, phase=phase.title_sv
                )
                sync_space(locked)
                changed.append(locked.slug)
    return changed
