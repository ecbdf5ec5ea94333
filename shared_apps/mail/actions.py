"""Queue e-mail for sending after the surrounding transaction commits."""

from __future__ import annotations

from django.db import transaction

from shared_apps.mail.models import OutgoingMail


def queue_mail(
    *, to: list[str], subject: str, body_text: str, body_html: str = "", kind: str = ""
) -> OutgoingMail:
    """Store a message and send it from a Celery task once the caller's work commits.

    If the caller's transaction rolls back, the row disappears and nothing is sent.
    """
    mail = OutgoingMail.objects.create(
        to=to, subject=subject, body_text=body_text, body_html=body_html, kind=kind
    )

    def enqueue() -> None:
        from shared_apps.mail.tasks import deliver_mail

        deliver_mail.delay(mail.pk)

    transaction.on_commit(enqueue)
    return mail
