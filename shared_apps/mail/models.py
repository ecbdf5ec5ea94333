"""The outbox: every e-mail Torget sends is a row first, then a Celery task sends it.

Keeping the message in the database makes sending retryable and auditable, and lets the
task take only an id (tasks never carry personal data through the broker).
"""

from __future__ import annotations

from django.db import models


class OutgoingMail(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        SENT = "sent"
        FAILED = "failed"

    to = models.JSONField(help_text="List of recipient addresses.")
    subject = models.CharField(max_length=998)
    body_text = models.TextField()
    body_html = models.TextField(blank=True)
    # What the mail is for (e.g. "email_confirmation_signup"), for ops and statistics.
    kind = models.CharField(max_length=100, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["status", "created"], name="mail_status_created")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"
