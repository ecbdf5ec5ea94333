"""Send queued mail over SMTP."""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from shared_apps.mail.models import OutgoingMail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5


@shared_task(bind=True, max_retries=MAX_ATTEMPTS, default_retry_delay=30)
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
