"""A process published in tenant A with area X reaches the subscribers of X through the
real worker: an inbox entry each, e-mail by their settings; nobody else, and only once."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from shared_apps.alerts.actions import set_subscriptions
from shared_apps.alerts.models import AlertSent
from shared_apps.alerts.tasks import send_alerts
from shared_apps.notifications.actions import set_email_choice
from shared_apps.notifications.models import Notification
from shared_apps.portal.models import CatalogEntry
from tenant_apps.spaces.actions import set_space_published
from tests.alerts.factories import make_area
from tests.conftest import LIVE_DB, make_user, wait_for_mail
from tests.spaces.factories import make_process


def wait_for_entries(user, count: int, timeout: float = 30.0) -> list[Notification]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        entries = list(Notification.objects.filter(user=user))
        if len(entries) >= count:
            return entries
        time.sleep(0.1)
    raise AssertionError(f"no inbox entry for {user.email} within {timeout}s")


@pytest.mark.worker
@LIVE_DB
def test_a_new_process_in_an_area_alerts_its_subscribers_once(
    celery_worker, mail_sink, tenant_a, alice, bob
):
    mail_sink.messages.clear()
    norr, soder = make_area("alert-norr", "Norr", "North"), make_area("alert-soder", "Söder")
    alice.preferred_language = "en"
    alice.save(update_fields=["preferred_language"])
    set_email_choice(alice, "immediate")
    set_subscriptions(alice, areas=[norr], categories=[], tenants=[])
    berit = make_user("berit@example.org", "Berit")  # Söder only: hears nothing
    set_email_choice(berit, "immediate")
    set_subscriptions(berit, areas=[soder], categories=[], tenants=[])
    cecilia = make_user("cecilia@example.org", "Cecilia")  # all of tenant A, daily digest
    set_subscriptions(cecilia, areas=[], categories=[], tenants=[tenant_a])

    with schema_context(tenant_a.schema_name):
        process = make_process("parken", published=False, title_en="The park")
        process.areas.add(norr)
        set_space_published(process, True, by=bob)

    message = wait_for_mail(mail_sink, alice.email)
    assert message["Subject"].endswith("Now open: The park")
    body = message.get_body(preferencelist=("plain",)).get_content()
    assert "http://alfa.localhost/processes/parken/" in body
    [entry] = wait_for_entries(alice, 1)
    assert (entry.event, entry.tenant_id, entry.text_en) == (
        "opened", tenant_a.pk, "Participatory process"
    )  # fmt: skip
    [digest_entry] = wait_for_entries(cecilia, 1)
    assert digest_entry.emailed_at is None  # waits for her daily digest
    assert not Notification.objects.filter(user=berit).exists()
    assert not [m for m in mail_sink.messages if berit.email in m.get("To", "")]

    # The task again (a retry, a duplicate message): nobody is told twice.
    entry_ids = list(CatalogEntry.objects.filter(tenant=tenant_a).values_list("pk", flat=True))
    assert send_alerts(tenant_a.pk, entry_ids) == 0
    assert Notification.objects.filter(user=alice).count() == 1
    assert Notification.objects.filter(user=cecilia).count() == 1


@LIVE_DB
def test_two_runs_at_once_notify_each_subscriber_once(tenant_a, alice, bob):
    norr = make_area("alert-norr", "Norr")
    residents = [make_user(f"r{n}@example.org", f"Resident {n}") for n in range(5)]
    for resident in [alice, *residents]:
        set_subscriptions(resident, areas=[norr], categories=[], tenants=[])
    entry = CatalogEntry.objects.create(
        tenant=tenant_a, key="process:1", space_key="process:1", kind="process",
        title_sv="Parken", path="/processes/parken/", areas=["alert-norr"],
    )  # fmt: skip
    barrier = threading.Barrier(2)
    results: list[int] = []

    def run() -> None:
        barrier.wait()
        try:
            results.append(send_alerts(tenant_a.pk, [entry.pk]))
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 6]
    assert Notification.objects.count() == 6
    assert AlertSent.objects.count() == 6
