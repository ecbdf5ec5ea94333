"""The outbox task: sends over SMTP once, retries on failure, skips what is gone."""

from __future__ import annotations

import pytest
from django.test import override_settings

from shared_apps.mail.actions import queue_mail
from shared_apps.mail.models import OutgoingMail
from shared_apps.mail.tasks import MAX_ATTEMPTS, deliver_mail
from tests.conftest import free_port

pytestmark = pytest.mark.django_db


def test_it_sends_a_queued_mail_once(mail_sink):
    mail = queue_mail(
        to=["dana@example.org"], subject="Hej", body_text="Text", body_html="<p>Text</p>"
    )
    before = len(mail_sink.messages)
    with override_settings(EMAIL_PORT=mail_sink.port):
        assert deliver_mail.run(mail.pk) == "sent"
        assert deliver_mail.run(mail.pk) == "skipped"
    assert len(mail_sink.messages) == before + 1
    message = mail_sink.messages[-1]
    assert message["Subject"] == "Hej"
    assert message["To"] == "dana@example.org"
    mail.refresh_from_db()
    assert (mail.status, mail.attempts) == (OutgoingMail.Status.SENT, 1)


def test_it_skips_a_mail_whose_transaction_rolled_back():
    assert deliver_mail.run(987654) == "skipped"


def test_it_records_failures_and_gives_up_after_the_last_attempt():
    mail = queue_mail(to=["dana@example.org"], subject="Hej", body_text="Text")
    OutgoingMail.objects.filter(pk=mail.pk).update(attempts=MAX_ATTEMPTS - 1)
    with override_settings(EMAIL_PORT=free_port()):  # nothing listens there
        assert deliver_mail.run(mail.pk) == "failed"
    mail.refresh_from_db()
    assert mail.status == OutgoingMail.Status.FAILED
    assert "ConnectionRefusedError" in mail.last_error
