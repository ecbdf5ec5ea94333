"""E-mail about inbox entries: at once, or as daily and weekly digests in batches.

Tasks carry ids or id ranges only; each reloads its rows and is idempotent, because an
entry is claimed and marked mailed in the same transaction that writes its outbox row.
"""

from __future__ import annotations

from celery import shared_task

from shared_apps.notifications.emails import choice_filter, chunk_bounds, mail_entries
from shared_apps.notifications.models import Notification, NotificationSettings

# Residents per digest task: big enough that per-task costs vanish, small enough that a
# task's rows and rendered mail stay a few megabytes.
DIGEST_CHUNK = 1000
DIGEST_CHOICES = (NotificationSettings.Email.DAILY, NotificationSettings.Email.WEEKLY)


@shared_task
def send_immediate(notification_ids: list[int]) -> int:
    """Mail the given entries to residents who chose immediate mail, one message per
    resident; return how many messages. Idempotent: mailed entries are skipped, and an
    entry whose resident has since chosen a digest waits for that digest."""
    entries = Notification.objects.filter(pk__in=notification_ids).filter(
        choice_filter(NotificationSettings.Email.IMMEDIATE)
    )
    return len(mail_entries(entries, kind="notification_immediate"))


@shared_task
def send_digests(choice: str) -> int:
    """Queue one `send_digest_chunk` per DIGEST_CHUNK residents with entries waiting for
    the `choice` digest ("daily" or "weekly"); return how many chunks. Idempotent."""
    if choice not in DIGEST_CHOICES:
        raise ValueError(f"no digest for {choice!r}")
    user_ids = (
        Notification.objects.filter(choice_filter(choice), emailed_at__isnull=True)
        .order_by("user_id")
        .values_list("user_id", flat=True)
        .distinct()
    )
    bounds = chunk_bounds(user_ids, DIGEST_CHUNK)
    for first, last in bounds:
        send_digest_chunk.delay(choice, first, last)
    return len(bounds)


@shared_task
def send_digest_chunk(choice: str, first_user_id: int, last_user_id: int) -> int:
    """Mail one digest to each resident with ids in [first, last] whose choice is `choice`,
    covering their waiting entries from every tenant; return how many messages.
    Idempotent: a retry finds the entries already marked mailed."""
    if choice not in DIGEST_CHOICES:
        raise ValueError(f"no digest for {choice!r}")
    entries = Notification.objects.filter(
        choice_filter(choice), user_id__gte=first_user_id, user_id__lte=last_user_id
    )
    return len(mail_entries(entries, kind=f"notification_{choice}_digest"))
