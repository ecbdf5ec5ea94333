"""Reminders before a meeting go through the real Celery worker and SMTP, once."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.mail.models import OutgoingMail
from tenant_apps.meetings.models import Registration
from tenant_apps.meetings.registering import register
from tenant_apps.meetings.tasks import send_meeting_reminders, send_meeting_reminders_everywhere
from tests.conftest import LIVE_DB, make_user, wait_for_mail
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = [LIVE_DB]


def test_registered_people_get_one_reminder_in_their_language(tenant_a, celery_worker, mail_sink):
    eva = make_user("eva@example.org", "Eva Ek", preferred_language="en")
    wait = make_user("vera@example.org", "Vera Väntar")
    with schema_context(tenant_a.schema_name):
        component = make_meetings_component(settings={"reminder_hours": 24})
        meeting = make_meeting(
            component, "Nätmöte", kind="online", place="", address="", capacity=1,
            starts=timezone.now() + timedelta(hours=20), online_url="https://meet.example/x",
        )  # fmt: skip
        later = make_meeting(component, "Senare", starts=timezone.now() + timedelta(days=4))
        register(eva, meeting)
        register(wait, meeting)  # wait-listed: no reminder
        register(wait, later)  # too early for a reminder
    assert send_meeting_reminders_everywhere.delay().get(timeout=30) >= 1
    message = wait_for_mail(mail_sink, "eva@example.org")
    assert "Reminder" in message["Subject"]
    body = message.get_payload(decode=True).decode() if not message.is_multipart() else str(message)
    assert f"{meeting.get_absolute_url()}meeting.ics" in body
    assert "appears on the meeting's page" in body
    assert "meet.example" not in body
    # Running again sends nothing more.
    assert send_meeting_reminders.delay(tenant_a.schema_name).get(timeout=30) == 0
    with schema_context(tenant_a.schema_name):
        assert Registration.objects.get(user=eva).reminded_at is not None
        assert Registration.objects.filter(user=wait, reminded_at__isnull=False).count() == 0
    assert OutgoingMail.objects.filter(kind="meeting_reminder").count() == 1
    assert not any("vera@example.org" in m.get("To", "") for m in mail_sink.messages)
