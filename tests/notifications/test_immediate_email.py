"""Immediate e-mail: after commit, a real worker mails one message per resident."""

from __future__ import annotations

import pytest
from django.db import transaction

from shared_apps.mail.models import OutgoingMail
from shared_apps.notifications.actions import follow, notify, set_email_choice
from shared_apps.notifications.models import Notification
from shared_apps.notifications.tasks import send_immediate
from tests.conftest import LIVE_DB, wait_for_mail


@pytest.mark.worker
@LIVE_DB
def test_it_mails_residents_who_chose_immediate_mail_through_the_worker(
    celery_worker, mail_sink, tenant_a, alice
):
    mail_sink.messages.clear()
    alice.preferred_language = "en"
    alice.save(update_fields=["preferred_language"])
    set_email_choice(alice, "immediate")
    follow(alice, "process:1", title_sv="Parken", path="/processes/parken/", tenant=tenant_a)
    with transaction.atomic():
        created = notify(
            "phase_changed",
            keys=["process:1"],
            title_sv="Parken",
            title_en="The park",
            text_sv="Omröstning",
            text_en="Vote",
            path="/processes/parken/",
            tenant=tenant_a,
        )
    assert created == 1

    message = wait_for_mail(mail_sink, alice.email)
    assert message["Subject"].endswith("New phase: The park")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://alfa.localhost/processes/parken/" in body
    assert "http://localhost/notifications/settings/" in body
    assert Notification.objects.get().emailed_at is not None
    mail = OutgoingMail.objects.get()
    assert mail.status == OutgoingMail.Status.SENT

    # A retried task finds nothing left to send.
    assert send_immediate([Notification.objects.get().pk]) == 0
