"""Create and change meetings: staff's meetings, residents' proposed meetings, the agenda
and the after-meeting report. Registrations are in `registering.py`.

Each action checks permission, validates everything before writing (a refused change
writes nothing), writes in one transaction with the action log, and keeps the portal
catalog and the search index in step (`sync_space`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from config.usertext import clean_user_text
from tenant_apps.actionlog.actions import changes, log_action, snapshot
from tenant_apps.meetings.models import AgendaItem, Meeting
from tenant_apps.meetings.registering import (
    RegistrationRefused,
    fill_from_waiting_list,
    lock_meeting,
)
from tenant_apps.proposals.models import Proposal
from tenant_apps.spaces.catalog import sync_space
from tenant_apps.spaces.models import Component
from tenant_apps.spaces.permissions import check_action, has_perm

# What staff set on a meeting (the form's fields, in the model's names).
EDITABLE = [
    "title_sv", "title_en", "description_sv", "description_en", "kind", "place", "address",
    "latitude", "longitude", "accessibility_sv", "accessibility_en", "online_url", "starts",
    "ends", "organiser", "organiser_assembly", "takes_registrations", "capacity", "published",
]  # fmt: skip
# What a resident proposing a meeting may set; staff check and publish it.
PROPOSABLE = [
    "title_sv", "description_sv", "kind", "place", "address", "accessibility_sv",
    "online_url", "starts", "ends",
]  # fmt: skip
TEXT_LIMIT = 10000


def _require(user: Any, component: Component) -> None:
    if not has_perm(user, "meetings.manage_meetings", component):
        raise PermissionDenied


def _apply(meeting: Meeting, data: dict[str, Any], fields: list[str]) -> None:
    """Set the fields from `data` and validate the meeting, or raise one ValidationError
    naming each bad field (end before start among them)."""
    for name in fields:
        if name in data:
            value = data[name]
            if isinstance(value, str):
                value = value.strip()
            setattr(meeting, name, value)
    if meeting.organiser != Meeting.Organiser.ASSEMBLY:
        meeting.organiser_assembly = None
    # The constraints are the model's clean() in database form; clean() gives the
    # messages next to the fields.
    meeting.full_clean(exclude=["component", "organiser_user"], validate_constraints=False)


def save_meeting(
    by: Any, component: Component, data: dict[str, Any], meeting: Meeting | None = None
) -> Meeting:
    """Create a meeting in the component, or change one; raise ValidationError (nothing
    written) when the data is not a valid meeting."""
    _require(by, component)
    with transaction.atomic():
        if meeting is None:
            target = Meeting(component=component)
            before: dict[str, Any] = {}
        else:
            target = lock_meeting(meeting)
            before = snapshot(target, EDITABLE)
        _apply(target, data, EDITABLE)
        target.save()
        after = snapshot(target, EDITABLE)
        log_action(
            by,
            "meetings.created" if meeting is None else "meetings.changed",
            target=component.space.slug,
            meeting=target.pk,
            changes=changes(before, after),
        )
        # More places (or no limit any more): the waiting list moves up at once.
        fill_from_waiting_list(target, by=by)
        sync_space(component.space)
    return target


def propose_meeting(user: Any, component: Component, data: dict[str, Any]) -> Meeting:
    """Save a resident's proposed meeting, unpublished until staff publish it."""
    answer = check_action(user, component, "propose_meeting")
    if not answer:
        raise RegistrationRefused(answer.reason)
    meeting = Meeting(
        component=component,
        organiser=Meeting.Organiser.RESIDENT,
        organiser_user=user,
        published=False,
    )
    errors: dict[str, Any] = {}
    data = dict(data)
    for name, limit, minimum in (("title_sv", 200, 5), ("description_sv", TEXT_LIMIT, 0)):
        value = data.get(name) or ""
        if not minimum and not str(value).strip():
            data[name] = ""
            continue
        try:
            data[name] = clean_user_text(value, max_length=limit, min_length=minimum)
        except ValidationError as error:
            errors[name] = error.messages
    try:
        _apply(meeting, data, PROPOSABLE)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting.save()
        log_action(user, "meetings.proposed", target=component.space.slug, meeting=meeting.pk)
    return meeting


def save_agenda(by: Any, meeting: Meeting, items: Iterable[dict[str, Any]]) -> list[AgendaItem]:
    """Replace the meeting's agenda with `items` (title_sv, title_en, time), in order."""
    _require(by, meeting.component)
    rows = [
        AgendaItem(
            meeting=meeting,
            title_sv=item["title_sv"].strip(),
            title_en=(item.get("title_en") or "").strip(),
            time=item.get("time"),
            position=index,
        )
        for index, item in enumerate(items)
    ]
    missing = [index for index, row in enumerate(rows) if not row.title_sv]
    if missing:
        raise ValidationError(_("Every agenda item needs a title in Swedish."))
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        before = list(meeting.agenda.values_list("title_sv", flat=True))
        meeting.agenda.all().delete()
        created = AgendaItem.objects.bulk_create(rows)
        log_action(
            by,
            "meetings.agenda_changed",
            target=meeting.component.space.slug,
            meeting=meeting.pk,
            changes={"agenda": [before, [row.title_sv for row in rows]]},
        )
    return created


def linkable_proposals() -> Any:
    """Proposals a meeting may link to: listed ones in published components and spaces."""
    return (
        Proposal.objects.listed()
        .filter(component__published=True)
        .exclude(component__process__published=False)
        .exclude(component__assembly__published=False)
        .order_by("title", "pk")
    )


def save_report(
    by: Any,
    meeting: Meeting,
    *,
    minutes: str,
    attendance_count: int | None,
    closing_report: str,
    proposals: Iterable[Proposal],
    close: bool,
) -> Meeting:
    """Write what happened: minutes, attendance, linked proposals, the closing report,
    and optionally close the meeting (registrations end). Only once it has started."""
    _require(by, meeting.component)
    errors: dict[str, Any] = {}
    cleaned: dict[str, str] = {}
    for name, value in (("minutes", minutes), ("closing_report", closing_report)):
        try:
            cleaned[name] = clean_user_text(value, max_length=TEXT_LIMIT) if value.strip() else ""
        except ValidationError as error:
            errors[name] = error.messages
    chosen = list(proposals)
    allowed = set(
        linkable_proposals().filter(pk__in=[p.pk for p in chosen]).values_list("pk", flat=True)
    )
    if any(p.pk not in allowed for p in chosen):
        errors["linked_proposals"] = [_("Link only published proposals.")]
    if not meeting.has_started():
        errors["__all__"] = [_("The report can be written once the meeting has started.")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        fields = ["minutes", "attendance_count", "closing_report", "closed_at"]
        before = snapshot(meeting, fields)
        meeting.minutes = cleaned["minutes"]
        meeting.closing_report = cleaned["closing_report"]
        meeting.attendance_count = attendance_count
        if close and meeting.closed_at is None:
            meeting.closed_at = timezone.now()
        elif not close:
            meeting.closed_at = None
        meeting.save()
        meeting.linked_proposals.set(chosen)
        log_action(
            by,
            "meetings.report_saved",
            target=meeting.component.space.slug,
            meeting=meeting.pk,
            changes=changes(before, snapshot(meeting, fields)),
            proposals=sorted(p.pk for p in chosen),
        )
        sync_space(meeting.component.space)
    return meeting
