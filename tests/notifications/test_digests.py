"""Digests: one e-mail per resident covering every tenant, batched, idempotent."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from shared_apps.mail.models import OutgoingMail
from shared_apps.notifications.actions import set_email_choice
from shared_apps.notifications.emails import MAX_LISTED
from shared_apps.notifications.models import Notification
from shared_apps.notifications.tasks import send_digest_chunk
from tests.conftest import make_user
from tests.notifications.factories import make_notification

pytestmark = pytest.mark.django_db


def test_it_mails_one_digest_per_resident_covering_two_tenants(tenant_a, tenant_b, alice):
    alice.preferred_language = "en"
    alice.save(update_fields=["preferred_language"])
    make_notification(alice, tenant_a, title_en="The park")
    make_notification(
        alice, tenant_b, title_en="The library", event="phase_changed", text_en="Vote"
    )

    assert send_digest_chunk("daily", alice.pk, alice.pk) == 1

    mail = OutgoingMail.objects.get()
    assert mail.to == ["alice@example.org"] and mail.kind == "notification_daily_digest"
    assert "2 new entries" in mail.subject
    body = mail.body_text
    assert "== Administration alfa ==" in body and "== Administration beta ==" in body
    assert "The park" in body and "New phase: The library" in body
    assert "http://alfa.localhost/processes/parken/" in body
    assert "http://localhost/notifications/settings/" in body
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_it_sends_nothing_twice_when_run_again(tenant_a, alice):
    make_notification(alice, tenant_a)
    assert send_digest_chunk("daily", alice.pk, alice.pk) == 1
    assert send_digest_chunk("daily", alice.pk, alice.pk) == 0
    assert OutgoingMail.objects.count() == 1


def test_it_follows_each_resident_s_choice(tenant_a, alice):
    weekly = make_user("wera@example.org", "Wera")
    never = make_user("nils@example.org", "Nils")
    set_email_choice(weekly, "weekly")
    set_email_choice(never, "never")
    for user in (alice, weekly, never):
        make_notification(user, tenant_a)
    first, last = min(alice.pk, weekly.pk, never.pk), max(alice.pk, weekly.pk, never.pk)

    assert send_digest_chunk("daily", first, last) == 1  # alice: the default
    assert send_digest_chunk("weekly", first, last) == 1
    assert sorted(m.to[0] for m in OutgoingMail.objects.all()) == [
        "alice@example.org",
        "wera@example.org",
    ]
    set_email_choice(never, "never")
    assert not Notification.objects.filter(user=never, emailed_at__isnull=True).exists()


def test_it_caps_the_entries_listed(tenant_a, alice):
    for number in range(MAX_LISTED + 3):
        make_notification(alice, tenant_a, title_en=f"Entry {number}")
    alice.preferred_language = "en"
    alice.save(update_fields=["preferred_language"])
    send_digest_chunk("daily", alice.pk, alice.pk)
    assert "…and 3 more entries" in OutgoingMail.objects.get().body_text


def test_it_costs_the_same_queries_for_few_and_many_residents(tenant_a, tenant_b):
    def count_for(residents: int, prefix: str) -> int:
        users = [make_user(f"{prefix}{n}@example.org", "R") for n in range(residents)]
        for user in users:
            make_notification(user, tenant_a)
            make_notification(user, tenant_b)
        with CaptureQueriesContext(connection) as queries:
            assert send_digest_chunk("daily", users[0].pk, users[-1].pk) == residents
        return len(queries)

    assert count_for(2, "few") == count_for(20, "many")
