"""Follow things, fill the city-wide inbox, and change how a resident gets e-mail.

Components call these from their own action functions; `notify` runs inside the caller's
transaction, so a rolled-back change leaves no inbox entries and sends no mail.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from shared_apps.accounts.models import User
from shared_apps.notifications.models import Follow, Notification, NotificationSettings
from tenants.models import Tenant, current_tenant

# Ids per immediate-mail task: keeps broker messages small for a widely followed process.
IMMEDIATE_BATCH = 500
INSERT_BATCH = 2000


def _tenant(tenant: Tenant | None) -> Tenant:
    tenant = tenant or current_tenant()
    if tenant is None:
        raise RuntimeError("follows live inside a tenant; no tenant is active")
    return tenant


def follow(
    user: Any,
    key: str,
    *,
    title_sv: str,
    title_en: str = "",
    path: str,
    tenant: Tenant | None = None,
) -> Follow:
    """Make the user follow `key` in the tenant; idempotent (refreshes title and path)."""
    tenant = _tenant(tenant)
    record, _ = Follow.objects.update_or_create(
        user=user,
        tenant=tenant,
        key=key,
        defaults={"title_sv": title_sv, "title_en": title_en, "path": path},
    )
    return record


def unfollow(user: Any, key: str, *, tenant: Tenant | None = None) -> None:
    """Stop following `key` in the tenant; nothing happens if the user did not follow it."""
    Follow.objects.filter(user=user, tenant=_tenant(tenant), key=key).delete()


def is_following(user: Any, key: str, *, tenant: Tenant | None = None) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Follow.objects.filter(user=user, tenant=_tenant(tenant), key=key).exists()


def following_keys(user: Any, keys: Iterable[str], *, tenant: Tenant | None = None) -> set[str]:
    """Return which of `keys` the user follows, in one query (for list pages)."""
    keys = list(keys)
    if not keys or not getattr(user, "is_authenticated", False):
        return set()
    return set(
        Follow.objects.filter(user=user, tenant=_tenant(tenant), key__in=keys).values_list(
            "key", flat=True
        )
    )


def notify(
    event: str,
    *,
    title_sv: str,
    title_en: str,
    path: str,
    keys: Iterable[str] = (),
    recipients: Iterable[int] = (),
    actor: Any = None,
    text_sv: str = "",
    text_en: str = "",
    tenant: Tenant | None = None,
    exclude: Iterable[int] = (),
) -> int:
    """Put an entry in the inbox of every follower of `keys` and every recipient, except
    the actor, inactive accounts and `exclude`; return how many entries were created.

    Call inside the changing transaction. Costs one query to find the residents (with their
    e-mail choice) and one bulk insert, however many follow; residents who want mail at
    once get it from `send_immediate` after commit.
    """
    if event not in Notification.Event.values:
        raise ValueError(f"unknown notification event {event!r}")
    keys, recipient_ids = list(keys), [int(pk) for pk in recipients]
    tenant = tenant or current_tenant()
    if keys and tenant is None:
        raise RuntimeError("followed keys live inside a tenant; no tenant is active")
    condition = Q(pk__in=recipient_ids) if recipient_ids else Q(pk__in=[])
    if keys:
        followers = Follow.objects.filter(tenant=tenant, key__in=keys).values("user_id")
        condition |= Q(pk__in=followers)
    residents = User.objects.filter(condition, is_active=True)
    if actor is not None and getattr(actor, "pk", None) is not None:
        residents = residents.exclude(pk=actor.pk)
    # Residents told of the same change by a more specific event (a reply) are left out.
    if excluded := [int(pk) for pk in exclude]:
        residents = residents.exclude(pk__in=excluded)
    choices = list(residents.values_list("pk", "notification_settings__email"))
    if not choices:
        return 0
    now = timezone.now()
    never = NotificationSettings.Email.NEVER
    rows = [
        Notification(
            user_id=user_id,
            tenant=tenant,
            event=event,
            title_sv=title_sv,
            title_en=title_en,
            text_sv=text_sv,
            text_en=text_en,
            path=path,
            emailed_at=now if choice == never else None,
        )
        for user_id, choice in choices
    ]
    created = Notification.objects.bulk_create(rows, batch_size=INSERT_BATCH)
    immediate = {
        user_id for user_id, choice in choices if choice == NotificationSettings.Email.IMMEDIATE
    }
    ids = [row.pk for row in created if row.user_id in immediate]
    if ids:

        def enqueue() -> None:
            from shared_apps.notifications.tasks import send_immediate

            for start in range(0, len(ids), IMMEDIATE_BATCH):
                send_immediate.delay(ids[start : start + IMMEDIATE_BATCH])

        transaction.on_commit(enqueue)
    return len(created)


def email_choice(user: Any) -> str:
    """Return the user's e-mail choice (the default when never changed)."""
    choice = NotificationSettings.objects.filter(user=user).values_list("email", flat=True).first()
    return choice or NotificationSettings.DEFAULT_EMAIL


def set_email_choice(user: Any, email: str) -> NotificationSettings:
    """Save how the user wants e-mail; choosing "never" also drops mail still pending."""
    if email not in NotificationSettings.Email.values:
        raise ValueError(f"unknown e-mail choice {email!r}")
    with transaction.atomic():
        record, _ = NotificationSettings.objects.update_or_create(
            user=user, defaults={"email": email}
        )
        if email == NotificationSettings.Email.NEVER:
            Notification.objects.filter(user=user, emailed_at__isnull=True).update(
                emailed_at=timezone.now()
            )
    return record


def mark_read(notification: Notification) -> None:
    """Mark one entry read (once: the first reading time stays)."""
    if notification.read_at is None:
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )


def mark_all_read(user: Any) -> int:
    """Mark every unread entry of the user read in one UPDATE; return how many."""
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )
