"""Send queued mail over SMTP."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import caches
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from shared_apps.mail.models import OutgoingMail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


# Nobody waits for the result: storing it would subscribe the sender to its channel on
# the result backend (two Redis round trips in every request that queues mail).
@shared_task(bind=True, max_retries=MAX_ATTEMPTS, default_retry_delay=30, ignore_result=True)
def deliver_mail(self, mail_id: int) -> str:
    """Send one queued message; idempotent: a sent or missing message is skipped.

    The row is locked while sending so two workers (a retry racing the periodic sweep)
    cannot both send it.
    """
    with transaction.atomic():
        mail = (
            OutgoingMail.objects.select_for_update(skip_locked=True)
            .filter(pk=mail_id, status=OutgoingMail.Status.QUEUED)
            .first()
        )
        if mail is None:
            return "skipped"
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=mail.to,
        )
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        mail.attempts += 1
        try:
            message.send()
        except OSError as exc:
            mail.last_error = f"{type(exc).__name__}: {exc}"
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.FAILED
            mail.save(update_fields=["attempts", "last_error", "status"])
            logger.warning("mail %s not sent (attempt %s): %s", mail_id, mail.attempts, exc)
            failed = mail.status == OutgoingMail.Status.FAILED
        else:
            mail.status = OutgoingMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.save(update_fields=["attempts", "status", "sent_at", "last_error"])
            return "sent"
    if failed:
        return "failed"
    raise self.retry(countdown=30 * mail.attempts)


@shared_task
def retry_unsent_mail() -> int:
    """Re-enqueue mail still queued after ten minutes (e.g. the broker was down)."""
    stale = OutgoingMail.objects.filter(
        status=OutgoingMail.Status.QUEUED, created__lt=timezone.now() - timedelta(minutes=10)
    ).values_list("pk", flat=True)[:500]
    for mail_id in stale:
        deliver_mail.delay(mail_id)
    return len(stale)


# Fresh messages one delivery run sends at most; a fuller outbox gets another run at once.
RUN_LIMIT = 1000


@shared_task(ignore_result=True)
def deliver_queued_mail() -> dict[str, int]:
    """Send every fresh queued message (never tried yet) over one SMTP connection: the
    run that kick_delivery asks for. Messages the relay refused stay queued with their
    error and are retried one by one by retry_unsent_mail."""
    from shared_apps.mail.actions import KICK_KEY, kick_delivery

    # First, so a message committed from now on kicks a run of its own.
    caches["city"].delete(KICK_KEY)
    fresh = list(
        OutgoingMail.objects.filter(status=OutgoingMail.Status.QUEUED, attempts=0)
        .order_by("pk")
        .values_list("pk", flat=True)[:RUN_LIMIT]
    )
    counts = deliver_mail_batch(fresh) if fresh else {"sent": 0, "failed": 0, "skipped": 0}
    if len(fresh) == RUN_LIMIT:
        kick_delivery()
    return counts


# Rows locked and marked per transaction in a batch: if the worker dies mid-batch, at most
# this many already-sent messages go back to "queued" and may be sent again.
BATCH_COMMIT_EVERY = 100


@shared_task
def deliver_mail_batch(mail_ids: list[int]) -> dict[str, int]:
    """Send many queued messages over one SMTP connection; idempotent like `deliver_mail`.

    Rows are claimed with `SELECT ... FOR UPDATE SKIP LOCKED` and status QUEUED, so a row
    already sent (or being sent by another worker) is never sent again. A message the
    relay refuses stays queued with its error; `retry_unsent_mail` retries it one by one.
    """
    counts = {"sent": 0, "failed": 0, "skipped": 0}
    connection = get_connection()
    try:
        connection.open()
        for start in range(0, len(mail_ids), BATCH_COMMIT_EVERY):
            part = mail_ids[start : start + BATCH_COMMIT_EVERY]
            with transaction.atomic():
                mails = list(
                    OutgoingMail.objects.select_for_update(skip_locked=True)
                    .filter(pk__in=part, status=OutgoingMail.Status.QUEUED)
                    .order_by("pk")
                )
                counts["skipped"] += len(part) - len(mails)
                sent, failed = _send_over(connection, mails)
                counts["sent"] += len(sent)
                counts["failed"] += len(failed)
                if sent:
                    OutgoingMail.objects.filter(pk__in=sent).update(
                        status=OutgoingMail.Status.SENT,
                        sent_at=timezone.now(),
                        attempts=F("attempts") + 1,
                        last_error="",
                    )
                for mail in failed:
                    mail.save(update_fields=["attempts", "last_error", "status"])
    finally:
        connection.close()
    return counts


def _send_over(connection: Any, mails: list[OutgoingMail]) -> tuple[list[int], list[OutgoingMail]]:
    """Send each message over the open connection; return sent ids and failed rows."""
    sent: list[int] = []
    failed: list[OutgoingMail] = []
    for mail in mails:
        message = EmailMultiAlternatives(
            subject=mail.subject,
            body=mail.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=mail.to,
            connection=connection,
        )
        if mail.body_html:
            message.attach_alternative(mail.body_html, "text/html")
        try:
            message.send()
        except OSError as exc:
            mail.attempts += 1
            mail.last_error = f"{type(exc).__name__}: {exc}"
            if mail.attempts >= MAX_ATTEMPTS:
                mail.status = OutgoingMail.Status.FAILED
            failed.append(mail)
            logger.warning("mail %s not sent (attempt %s): %s", mail.pk, mail.attempts, exc)
        else:
            sent.append(mail.pk)
    return sent, failed
