"""Meeting registrations in residents' participation index (shared_apps.participation).

A resident's row (kind "registration", key "meeting:<id>") exists while they hold an
active registration: registered, wait-listed or attended. Cancelling removes it.
"""

from __future__ import annotations

from collections.abc import Iterator

from shared_apps.participation import actions
from shared_apps.participation.kinds import Kind, Row, registry
from tenant_apps.meetings.models import Meeting, Registration

KIND = "registration"


def registered(registration: Registration, meeting: Meeting) -> None:
    """Note a new registration; call inside the registering transaction."""
    actions.record(
        registration.user_id,
        KIND,
        meeting.follow_key,
        title_sv=meeting.title_sv,
        title_en=meeting.title_en or meeting.title_sv,
        path=meeting.get_absolute_url(),
        when=registration.created,
    )


def cancelled(user_id: int | None, meeting: Meeting) -> None:
    if user_id is not None:
        actions.forget(user_id, KIND, meeting.follow_key)


def _registration_rows() -> Iterator[Row]:
    registrations = (
        Registration.objects.exclude(status=Registration.Status.CANCELLED)
        .filter(user__isnull=False, meeting__published=True)
        .select_related("meeting__component__process", "meeting__component__assembly")
    )
    for registration in registrations.iterator(chunk_size=2000):
        assert registration.user_id is not None
        meeting = registration.meeting
        yield Row(
            user_id=registration.user_id,
            key=meeting.follow_key,
            title_sv=meeting.title_sv,
            title_en=meeting.title_en or meeting.title_sv,
            path=meeting.get_absolute_url(),
            created=registration.created,
        )


def register_all() -> None:
    from django.utils.translation import gettext_lazy as _

    registry.register(
        Kind(KIND, _("Your meeting registrations"), position=50, rows=_registration_rows)
    )
