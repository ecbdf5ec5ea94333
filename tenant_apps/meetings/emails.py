"""E-mail to participants: a place freed for someone on the waiting list, and the
reminder before a meeting. Both go through `queue_mail` in the resident's language, are
written to the outbox inside the caller's transaction and sent after it commits.

Neither contains the online link: it is shown on the meeting page, to registered
participants, shortly before the start (docs/adr/0020).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from shared_apps.mail.actions import queue_mail
from shared_apps.mail.models import OutgoingMail
from shared_apps.notifications.links import mail_url
from tenant_apps.meetings.models import Meeting, Registration
from tenants.models import current_tenant


def _language(user: Any) -> str:
    return getattr(user, "preferred_language", "") or settings.LANGUAGE_CODE


def _context(user: Any, meeting: Meeting, registration: Registration) -> dict[str, Any]:
    tenant = current_tenant()
    page = meeting.get_absolute_url()
    return {
        "user": user,
        "meeting": meeting,
        "space": meeting.component.space,
        "registration": registration,
        "starts": timezone.localtime(meeting.starts),
        "ends": timezone.localtime(meeting.ends),
        "where": meeting.location_text(),
        "link": mail_url(tenant, page),
        "ical": mail_url(tenant, f"{page}meeting.ics"),
    }


def queue_promotion(user: Any, meeting: Meeting, registration: Registration) -> OutgoingMail | None:
    """Tell a wait-listed resident they now have a place (inside the promoting transaction)."""
    if not user.email or not user.is_active:
        return None
    with translation.override(_language(user)):
        return queue_mail(
            to=[user.email],
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + _("You have a place: %(meeting)s") % {"meeting": meeting.title.text},
            body_text=render_to_string(
                "meetings/promotion_email.txt", _context(user, meeting, registration)
            ),
            kind="meeting_promotion",
        )


def queue_reminder(user: Any, meeting: Meeting, registration: Registration) -> OutgoingMail | None:
    """Remind a registered resident of the meeting (inside the claiming transaction)."""
    if not user.email or not user.is_active:
        return None
    with translation.override(_language(user)):
        return queue_mail(
            to=[user.email],
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + _("Reminder: %(meeting)s") % {"meeting": meeting.title.text},
            body_text=render_to_string(
                "meetings/reminder_email.txt", _context(user, meeting, registration)
            ),
            kind="meeting_reminder",
        )
