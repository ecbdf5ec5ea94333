"""Queue e-mail for sending after the surrounding transaction commits."""

from __future__ import annotations

from django.core.cache import caches
from django.db import transaction

from shared_apps.mail.models import OutgoingMail

# While this key exists a delivery run is on its way; see kick_delivery.
KICK_KEY = "mail:delivery-kicked"
# How long a kick is remembered at most: if its run is lost (the broker restarted), the
# next mail after this kicks again; retry_unsent_mail sweeps up the rest.
KICK_SECONDS = 60
# How long a delivery run waits after its kick, so mail queued meanwhile goes with it.
GATHER_SECONDS = 0.5


def queue_mail(
    *, to: list[str], subject: str, body_text: str, body_html: str = "", kind: str = ""
) -> OutgoingMail:
    """Store a message and send it from a Celery task once the caller's work commits.

    If the caller's transaction rolls back, the row disappears and nothing is sent.
    """
    mail = OutgoingMail.objects.create(
        to=to, subject=subject, body_text=body_text, body_html=body_html, kind=kind
    )
    transaction.on_commit(kick_delivery)
    return mail


def kick_delivery() -> None:
    """Make sure a delivery run is coming for the mail just committed.

    One Redis `SET NX` per message instead of one Celery task per message: only the
    first mail after a run has started publishes the next run, so a burst (200 ballot
    receipts a second) costs a few runs, each sending many messages over one SMTP
    connection. The run deletes the key before it reads the outbox, so a mail committed
    while the key exists is always read by a run that has not started reading yet.
    """
    if caches["city"].add(KICK_KEY, 1, timeout=KICK_SECONDS):
        from shared_apps.mail.tasks import deliver_queued_mail

        deliver_queued_mail.apply_async(countdown=GATHER_SECONDS)
