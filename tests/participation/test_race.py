"""Two requests of one resident writing the same participation at once leave one row
and no error (INSERT … ON CONFLICT on PostgreSQL)."""

from __future__ import annotations

import threading

from django.db import connection

from shared_apps.participation.actions import record
from shared_apps.participation.models import Participation
from tests.conftest import LIVE_DB

pytestmark = [LIVE_DB]


def test_parallel_records_of_the_same_thing_leave_one_row(tenant_a, alice):
    barrier = threading.Barrier(6)
    errors: list[BaseException] = []

    def write(number: int) -> None:
        barrier.wait()
        try:
            record(
                alice, "support", "proposal:7", title_sv=f"Titel {number}", path="/p/7/",
                tenant=tenant_a,
            )  # fmt: skip
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Participation.objects.filter(user=alice).count() == 1
