"""Register, cancel, promote from the waiting list, check in (docs/adr/0020).

Every change to a meeting's registrations runs in one transaction that first locks the
meeting row (`SELECT … FOR UPDATE`). Parallel registrations for one meeting therefore
queue on that lock: each counts the places taken after the previous one committed, so
exactly `capacity` residents are registered and the rest are wait-listed in order of
arrival (positions 1..n). A cancellation frees a place and promotes the first in the
waiting list in the same transaction; the promoted resident's e-mail goes into the outbox
in that transaction and is sent after it commits.
"""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from tenant_apps.actionlog.actions import log_action
from tenant_apps.meetings import emails
from tenant_apps.meetings import participation as participation_index
from tenant_apps.meetings.codes import new_code, normalise
from tenant_apps.meetings.models import Meeting, Registration
from tenant_apps.spaces.permissions import check_action

TAKEN = (Registration.Status.REGISTERED, Registration.Status.ATTENDED)
CODE_ATTEMPTS = 5


class RegistrationRefused(Exception):
    """A registration change that cannot happen now; the message says why."""

    def __init__(self, message: Any) -> None:
        super().__init__(str(message))
        self.message = message


def lock_meeting(meeting: Meeting) -> Meeting:
    """Return the meeting re-read under a row lock (held until the transaction ends)."""
    locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
    locked.component = meeting.component
    return locked


def active_registration(user: Any, meeting: Meeting) -> Registration | None:
    """Return the user's registration (registered, wait-listed or attended), if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Registration.objects.filter(meeting=meeting, user=user)
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def registration_closed_reason(meeting: Meeting, now: Any = None) -> str:
    """Return why nobody can register for this meeting now, or "" when they can."""
    if not meeting.published:
        return _("This meeting is not published.")
    if not meeting.takes_registrations:
        return _("This meeting has no registration: just come.")
    if meeting.is_closed or meeting.has_started(now):
        return _("Registration has closed: the meeting has started.")
    return ""


def _create_with_code(**fields: Any) -> Registration:
    """Create the registration with a fresh code, drawing again on the rare collision."""
    for attempt in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():  # a savepoint: a collision leaves the rest intact
                return Registration.objects.create(code=new_code(), **fields)
        except IntegrityError:
            if attempt == CODE_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


def register(user: Any, meeting: Meeting, *, answers: dict[str, Any] | None = None) -> Registration:
    """Register the user for the meeting, or put them on its waiting list when it is
    full. Raises RegistrationRefused (nothing written) when that is not possible."""
    component = meeting.component
    answer = check_action(user, component, "register")
    if not answer:
        raise RegistrationRefused(answer.reason)
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        reason = registration_closed_reason(meeting)
        if reason:
            raise RegistrationRefused(reason)
        if active_registration(user, meeting) is not None:
            raise RegistrationRefused(_("You are already registered for this meeting."))
        taken = Registration.objects.filter(meeting=meeting, status__in=TAKEN).count()
        if meeting.capacity is None or taken < meeting.capacity:
            status, position = Registration.Status.REGISTERED, None
        else:
            last = Registration.objects.filter(
                meeting=meeting, status=Registration.Status.WAITLISTED
            ).aggregate(last=Max("position"))["last"]
            status, position = Registration.Status.WAITLISTED, (last or 0) + 1
        registration = _create_with_code(
            meeting=meeting, user=user, status=status, position=position, answers=answers or {}
        )
        log_action(
            user,
            "meetings.registered" if position is None else "meetings.waitlisted",
            target=component.space.slug,
            meeting=meeting.pk,
            registration=registration.pk,
        )
        participation_index.registered(registration, meeting)
    return registration


def _close_gap(meeting: Meeting, position: int) -> None:
    """Move everyone behind `position` in the waiting list one step forward."""
    Registration.objects.filter(
        meeting=meeting, status=Registration.Status.WAITLISTED, position__gt=position
    ).update(position=F("position") - 1)


def fill_from_waiting_list(meeting: Meeting, by: Any = None) -> list[Registration]:
    """Promote wait-listed residents, first in line first, while places are free; return
    them. Call with the meeting locked (inside the changing transaction). Each promoted
    resident gets an e-mail after commit."""
    if meeting.has_started() or meeting.is_closed:
        return []
    taken = Registration.objects.filter(meeting=meeting, status__in=TAKEN).count()
    free = None if meeting.capacity is None else meeting.capacity - taken
    if free is not None and free <= 0:
        return []
    queue = (
        Registration.objects.filter(meeting=meeting, status=Registration.Status.WAITLISTED)
        .select_related("user")
        .order_by("position")
    )
    promoted = list(queue if free is None else queue[:free])
    if not promoted:
        return []
    now = timezone.now()
    Registration.objects.filter(pk__in=[r.pk for r in promoted]).update(
        status=Registration.Status.REGISTERED, position=None, modified=now
    )
    Registration.objects.filter(meeting=meeting, status=Registration.Status.WAITLISTED).update(
        position=F("position") - len(promoted)
    )
    for registration in promoted:
        registration.status, registration.position = Registration.Status.REGISTERED, None
        log_action(
            by,
            "meetings.promoted",
            target=meeting.component.space.slug,
            meeting=meeting.pk,
            registration=registration.pk,
        )
        if registration.user is not None:
            emails.queue_promotion(registration.user, meeting, registration)
    return promoted


def cancel_registration(user: Any, registration: Registration) -> list[Registration]:
    """Cancel the user's own registration (or waiting-list place) before the meeting
    starts; a freed place goes to the first in the waiting list. Return who was promoted."""
    meeting = registration.meeting
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        locked = Registration.objects.filter(pk=registration.pk, meeting=meeting).first()
        if locked is None or locked.user_id != getattr(user, "pk", None):
            raise RegistrationRefused(_("This is not your registration."))
        if locked.status == Registration.Status.CANCELLED:
            raise RegistrationRefused(_("This registration is already cancelled."))
        if locked.status == Registration.Status.ATTENDED or meeting.has_started():
            raise RegistrationRefused(_("The meeting has started; it can no longer be cancelled."))
        was_waiting, position = locked.status == Registration.Status.WAITLISTED, locked.position
        locked.status, locked.position = Registration.Status.CANCELLED, None
        locked.cancelled_at = timezone.now()
        locked.save(update_fields=["status", "position", "cancelled_at", "modified"])
        log_action(
            user,
            "meetings.cancelled",
            target=meeting.component.space.slug,
            meeting=meeting.pk,
            registration=locked.pk,
        )
        participation_index.cancelled(locked.user_id, meeting)
        if was_waiting:
            assert position is not None
            _close_gap(meeting, position)
            return []
        return fill_from_waiting_list(meeting, by=user)


def check_in(by: Any, meeting: Meeting, typed_code: str) -> Registration:
    """Mark the registration with this code as attended and count it in the meeting's
    attendance. Raises RegistrationRefused for an unknown, cancelled, wait-listed or
    already used code."""
    code = normalise(typed_code)
    with transaction.atomic():
        meeting = lock_meeting(meeting)
        registration = (
            Registration.objects.filter(meeting=meeting, code=code).select_related("user").first()
        )
        if not code or registration is None:
            raise RegistrationRefused(_("No registration for this meeting has that code."))
        if registration.status == Registration.Status.ATTENDED:
            raise RegistrationRefused(_("This code has already been used to check in."))
        if registration.status == Registration.Status.CANCELLED:
            raise RegistrationRefused(_("This registration was cancelled."))
        if registration.status == Registration.Status.WAITLISTED:
            raise RegistrationRefused(_("This person is on the waiting list and has no place."))
        registration.status = Registration.Status.ATTENDED
        registration.attended_at = timezone.now()
        registration.save(update_fields=["status", "attended_at", "modified"])
        meeting.attendance_count = (meeting.attendance_count or 0) + 1
        meeting.save(update_fields=["attendance_count", "modified"])
        log_action(
            by,
            "meetings.checked_in",
            target=meeting.component.space.slug,
            meeting=meeting.pk,
            registration=registration.pk,
        )
    return registration
