"""Turn inbox entries into e-mail: one message per resident, grouped by tenant.

Shared by the immediate sender and the digests. Claiming rows, writing the outbox and
marking the rows happen in one transaction, so a retried task never mails an entry twice.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.translation import ngettext

from shared_apps.mail.models import OutgoingMail
from shared_apps.notifications.links import mail_url
from shared_apps.notifications.models import Notification, NotificationSettings

# Entries listed in one e-mail; the rest are counted ("and 12 more").
MAX_LISTED = 20
SETTINGS_PATH = "/notifications/settings/"
INBOX_PATH = "/notifications/"


@dataclass
class Group:
    tenant_name: str
    items: list[dict[str, str]]


def _groups(entries: list[Notification]) -> tuple[list[Group], int]:
    """Return the first MAX_LISTED entries grouped by tenant, and how many were left out."""
    listed = sorted(entries[:MAX_LISTED], key=lambda e: (e.tenant_id is not None, e.tenant_id or 0))
    groups = []
    for _tenant_id, group in groupby(listed, key=lambda e: e.tenant_id):
        rows = list(group)
        tenant = rows[0].tenant
        groups.append(
            Group(
                tenant_name=tenant.name if tenant is not None else "Torget",
                items=[
                    {
                        "event": str(Notification.Event(row.event).label),
                        "title": row.title,
                        "text": row.text,
                        "url": mail_url(row.tenant, row.path),
                    }
                    for row in rows
                ],
            )
        )
    return groups, max(len(entries) - MAX_LISTED, 0)


def render_mail(user: Any, entries: list[Notification], *, kind: str) -> OutgoingMail:
    """Return an unsaved outbox row for the entries (newest first) in the user's language."""
    with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
        groups, more = _groups(entries)
        if len(entries) == 1:
            only = entries[0]
            subject = f"{Notification.Event(only.event).label}: {only.title}"
        else:
            subject = ngettext(
                "%(count)d new entry in your inbox",
                "%(count)d new entries in your inbox",
                len(entries),
            ) % {"count": len(entries)}
        body = get_template("notifications/inbox_email.txt").render(
            {
                "user": user,
                "groups": groups,
                "more": more,
                "digest": kind != "notification_immediate",
                "inbox_url": mail_url(None, INBOX_PATH),
                "settings_url": mail_url(None, SETTINGS_PATH),
            }
        )
        return OutgoingMail(
            to=[user.email],
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject,
            body_text=body,
            kind=kind,
        )


def choice_filter(choice: str) -> Q:
    """Return the condition for entries of residents with this e-mail choice (the default
    choice also covers residents who never saved one)."""
    condition = Q(user__notification_settings__email=choice)
    if choice == NotificationSettings.DEFAULT_EMAIL:
        condition |= Q(user__notification_settings__isnull=True)
    return condition


def mail_entries(entries: QuerySet[Notification], *, kind: str) -> list[int]:
    """Claim the unmailed entries of the queryset, write one outbox row per resident and
    mark the entries mailed, in one transaction; return the new outbox ids.

    Costs a fixed number of queries however many residents: one locking SELECT, one bulk
    INSERT, one UPDATE of the entries and one of the residents' last digest time.
    """
    with transaction.atomic():
        claimed = list(
            entries.filter(emailed_at__isnull=True, user__is_active=True)
            .select_related("user", "tenant")
            .select_for_update(skip_locked=True, of=("self",))
            .order_by("user_id", "-created", "-pk")
        )
        if not claimed:
            return []
        mails = [
            render_mail(rows[0].user, rows, kind=kind)
            for rows in (list(group) for _, group in groupby(claimed, key=lambda e: e.user_id))
        ]
        OutgoingMail.objects.bulk_create(mails)
        now = timezone.now()
        # One array parameter, not one parameter per id: a weekly chunk can be large.
        with connection.cursor() as cursor:
            cursor.execute(
                # The table name is the model's own, not input.
                f"UPDATE {Notification._meta.db_table} SET emailed_at = %s WHERE id = ANY(%s)",  # noqa: S608
                [now, [entry.pk for entry in claimed]],
            )
        NotificationSettings.objects.filter(
            user_id__in={entry.user_id for entry in claimed}
        ).update(last_digest_at=now)
        mail_ids = [mail.pk for mail in mails]

        def deliver() -> None:
            from shared_apps.mail.tasks import deliver_mail_batch

            deliver_mail_batch.delay(mail_ids)

        transaction.on_commit(deliver)
    return mail_ids


def chunk_bounds(user_ids: Iterable[int], size: int) -> list[tuple[int, int]]:
    """Split sorted user ids into (first, last) ranges of at most `size` residents."""
    ids = list(user_ids)
    return [(ids[i], ids[min(i + size, len(ids)) - 1]) for i in range(0, len(ids), size)]
