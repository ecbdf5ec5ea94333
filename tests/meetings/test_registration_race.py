"""Registrations sent in parallel beyond the capacity: exactly `capacity` are registered
and the rest wait-listed with positions 1..n; cancellations in parallel promote exactly
as many as they free (PostgreSQL row lock on the meeting)."""

from __future__ import annotations

from django_tenants.utils import schema_context

from tenant_apps.meetings.models import Registration
from tenant_apps.meetings.registering import cancel_registration, register
from tests.concurrency import run_together
from tests.conftest import LIVE_DB, make_user
from tests.meetings.factories import make_meeting, make_meetings_component

pytestmark = [LIVE_DB]


def test_ten_parallel_registrations_for_three_places(tenant_a):
    people = [make_user(f"r{n}@example.org", f"Resident {n}") for n in range(10)]
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=3)

    def registrant(person):
        def task() -> None:
            with schema_context(tenant_a.schema_name):
                register(person, meeting)

        return task

    assert run_together([registrant(p) for p in people]) == ["ok"] * 10
    with schema_context(tenant_a.schema_name):
        rows = Registration.objects.filter(meeting=meeting)
        assert rows.filter(status="registered").count() == 3
        waiting = rows.filter(status="waitlisted").order_by("position")
        assert list(waiting.values_list("position", flat=True)) == list(range(1, 8))
        # Positions follow arrival: the order the rows were written.
        assert list(waiting.values_list("pk", flat=True)) == sorted(
            waiting.values_list("pk", flat=True)
        )
        assert rows.values("code").distinct().count() == 10


def test_parallel_cancellations_promote_exactly_the_freed_places(tenant_a):
    people = [make_user(f"c{n}@example.org", f"Resident {n}") for n in range(8)]
    with schema_context(tenant_a.schema_name):
        meeting = make_meeting(make_meetings_component(), capacity=3)
        made = [register(person, meeting) for person in people]
    holders = made[:3]

    def canceller(registration):
        def task() -> None:
            with schema_context(tenant_a.schema_name):
                cancel_registration(registration.user, registration)

        return task

    assert run_together([canceller(r) for r in holders]) == ["ok"] * 3
    with schema_context(tenant_a.schema_name):
        rows = Registration.objects.filter(meeting=meeting)
        registered = set(rows.filter(status="registered").values_list("user_id", flat=True))
        # The first three in the waiting list, none twice, no place left empty.
        assert registered == {people[3].pk, people[4].pk, people[5].pk}
        waiting = rows.filter(status="waitlisted").order_by("position")
        assert list(waiting.values_list("user_id", "position")) == [
            (people[6].pk, 1),
            (people[7].pk, 2),
        ]
