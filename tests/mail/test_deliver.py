"""The outbox task: sends over SMTP once, retries on failure, skips what is gone."""

from __future__ import annotations

import pytest
from django.test import override_settings

from shared_apps.mail.actions import queue_mail
from shared_apps.mail.models import OutgoingMail
from shared_apps.mail.tasks import MAX_ATTEMPTS, deliver_mail
from tests.conftest import LIVE_DB, free_port

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


def test_a_delivery_run_sends_every_fresh_message_over_one_connection(mail_sink):
    from django.core.cache import caches

    from shared_apps.mail.actions import KICK_KEY
    from shared_apps.mail.tasks import deliver_queued_mail

    fresh = [
        queue_mail(to=[f"voter{n}@example.org"], subject=f"Kvitto {n}", body_text="Text")
        for n in range(5)
    ]
    tried = queue_mail(to=["retry@example.org"], subject="Tried", body_text="Text")
    OutgoingMail.objects.filter(pk=tried.pk).update(attempts=1)  # retry_unsent_mail's
    caches["city"].set(KICK_KEY, 1)
    with override_settings(EMAIL_PORT=mail_sink.port):
        counts = deliver_queued_mail.run()
    assert counts == {"sent": 5, "failed": 0, "skipped": 0}
    assert caches["city"].get(KICK_KEY) is None  # the next message kicks a new run
    statuses = dict(OutgoingMail.objects.values_list("pk", "status"))
    assert {statuses[mail.pk] for mail in fresh} == {OutgoingMail.Status.SENT}
    assert statuses[tried.pk] == OutgoingMail.Status.QUEUED
    with override_settings(EMAIL_PORT=mail_sink.port):
        assert deliver_queued_mail.run() == {"sent": 0, "failed": 0, "skipped": 0}


def test_only_the_first_message_after_a_run_started_asks_for_the_next_run():
    from django.core.cache import caches

    from shared_apps.mail.actions import KICK_KEY, kick_delivery

    caches["city"].set(KICK_KEY, 1)  # a run is on its way: nothing is published
    kick_delivery()
    assert caches["city"].get(KICK_KEY) == 1
    caches["city"].delete(KICK_KEY)
    assert caches["city"].add(KICK_KEY, 1) is True
    assert caches["city"].add(KICK_KEY, 1) is False


@LIVE_DB
def test_a_burst_of_committed_messages_reaches_the_relay(celery_worker, mail_sink):
    """Each message in its own transaction, as 30 voters submitting at once: the worker
    sends them all, though only the first after each run asks for a run."""
    from django.db import transaction

    from tests.conftest import wait_for_mail

    for number in range(30):
        with transaction.atomic():
            queue_mail(to=[f"burst{number}@example.org"], subject="Kvitto", body_text="Text")
    for number in range(30):
        wait_for_mail(mail_sink, f"burst{number}@example.org")
    assert not OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED).exists()
