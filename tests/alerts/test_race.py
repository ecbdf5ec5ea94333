"""Two saves of the alerts form at once (two tabs) end without an error and with one row
per ticked thing (the partial unique constraints and ON CONFLICT DO NOTHING)."""

from __future__ import annotations

import threading

from django.db import connection

from shared_apps.alerts.actions import set_subscriptions
from shared_apps.alerts.models import AlertSubscription
from tests.alerts.factories import make_area, make_category
from tests.conftest import LIVE_DB

pytestmark = [LIVE_DB]


def test_parallel_saves_leave_one_row_per_choice(tenant_a, alice):
    norr, parker = make_area("alert-norr", "Norr"), make_category("alert-parker", "Parker")
    barrier = threading.Barrier(4)
    errors: list[BaseException] = []

    def save() -> None:
        barrier.wait()
        try:
            set_subscriptions(alice, areas=[norr], categories=[parker], tenants=[tenant_a])
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AlertSubscription.objects.filter(user=alice).count() == 3
